/**
 * Real bash as the test oracle for the command analyzer (issue 11). `bash --pretty-print` parses a
 * script with bash's own parser and prints its canonical form without executing anything; the words,
 * operators, here-docs and `$(...)` bodies come out normalised, so a small reader (bashCanonical.ts)
 * can list the simple commands and redirect targets bash would run. A line bash rejects is `accepted:
 * false`. Many lines share one bash process: each is wrapped in its own function followed by a marker
 * that bash prints back only when the function closed where it should; a line that breaks the
 * wrapping (an open quote, a here-doc without its end, a trailing backslash) is re-run on its own.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCanonical, type BashCommands } from './bashCanonical';

export const BASH = process.env.AG_ORACLE_BASH ?? '/bin/bash';

export interface BashView extends BashCommands {
  /** False when bash refuses the line (a syntax error): nothing of it may be judged allow. */
  accepted: boolean;
}

const BATCH = 400;
const REJECTED: BashView = { accepted: false, commands: [], redirects: [] };

function prettyPrint(dir: string, script: string): { status: number | null; stdout: string } {
  const file = join(dir, 'script.sh');
  writeFileSync(file, script);
  const run = spawnSync(BASH, ['--pretty-print', file], { encoding: 'utf8', env: { PATH: '/nonexistent', LC_ALL: 'C' }, timeout: 30_000 });
  if (run.error) throw run.error;
  return { status: run.status, stdout: run.stdout };
}

/** One line at the top level, as `bash -c LINE` would parse it. */
function single(dir: string, line: string): BashView {
  const run = prettyPrint(dir, line);
  if (run.status !== 0) return REJECTED;
  return { accepted: true, ...readCanonical(run.stdout) };
}

/** Lines [from, ...) in one bash; returns the views of the lines whose wrapper held, in order. */
function batch(dir: string, lines: readonly string[], from: number): BashView[] {
  const nonce = randomBytes(6).toString('hex');
  const count = Math.min(BATCH, lines.length - from);
  let script = '';
  // Two spaces after ':' in the input; bash prints one, so only a top-level marker matches.
  for (let i = 0; i < count; i++) script += `__ag${nonce}_${i}(){\n${lines[from + i] as string}\n}\n:  AGSEP${nonce}_${i}\n`;
  const out = prettyPrint(dir, script).stdout.split('\n');
  const views: BashView[] = [];
  let chunk: string[] = [];
  for (const text of out) {
    const i = views.length;
    if (text !== `: AGSEP${nonce}_${i}`) { chunk.push(text); continue; }
    if (chunk.filter((l) => l !== '')[0] !== `__ag${nonce}_${i} () `) break;
    const body = chunk.join('\n');
    views.push({ accepted: true, ...readCanonical(body.slice(body.indexOf('{') + 1, body.lastIndexOf('}'))) });
    chunk = [];
    if (views.length === count) break;
  }
  return views;
}

/** Bash's view of each line, in order. Lines may hold anything, including control characters. */
export function bashViews(lines: readonly string[]): BashView[] {
  const dir = mkdtempSync(join(tmpdir(), 'ag-oracle-'));
  // bash cannot hold NUL in a script (it drops it), so such a line is never the one given: rejected.
  const safe = lines.map((l) => (l.includes('\0') ? 'true' : l));
  try {
    const views: BashView[] = [];
    while (views.length < lines.length) {
      const held = batch(dir, safe, views.length);
      const expected = Math.min(BATCH, lines.length - views.length);
      views.push(...held);
      if (held.length < expected) views.push(single(dir, safe[views.length] as string));
    }
    return views.map((view, i) => ((lines[i] as string).includes('\0') ? REJECTED : view));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
