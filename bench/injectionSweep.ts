// Files written by other people that the inbound scan should leave alone: every README, CHANGELOG and
// docs markdown under node_modules (symlinks followed, each real file once).
import { readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { join } from 'node:path';

const DOC = /^(?:readme|changelog|history|changes)(?:\.[a-z-]{1,10})?\.(?:md|markdown)$/i;

export function developerDocs(root: string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  const walk = (dir: string, inDocs: boolean, depth: number): void => {
    if (depth > 12) return;
    let entries: string[];
    try { entries = readdirSync(dir); } catch { return; }
    for (const name of entries) {
      const path = join(dir, name);
      let real: string;
      try { real = realpathSync(path); } catch { continue; }
      if (seen.has(real)) continue;
      seen.add(real);
      const stat = statSync(real, { throwIfNoEntry: false });
      if (!stat) continue;
      if (stat.isDirectory()) walk(path, inDocs || name === 'docs' || name === 'doc', depth + 1);
      else if (DOC.test(name) || (inDocs && /\.(?:md|markdown)$/i.test(name))) out.push(path);
    }
  };
  walk(root, false, 0);
  return out.sort();
}

export const readText = (path: string): string => readFileSync(path, 'utf8');
