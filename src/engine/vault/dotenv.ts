/**
 * `.env` import: find the KEY=value entries, and rewrite the file with vault references in place of the
 * values once they are in the vault. Parsing is deliberately simple (one entry per line, optional `export`,
 * optional matching quotes); lines it does not understand are left alone and reported.
 */
import { SECRET_NAME_PATTERN, referencedName, secretReference } from './model';

export interface DotenvEntry {
  name: string;
  value: string;
  /** 0-based line index in the file. */
  line: number;
}

export interface DotenvParse {
  entries: DotenvEntry[];
  /** 1-based line numbers that look like assignments but were not understood (never their content). */
  skippedLines: number[];
}

const ASSIGNMENT = /^\s*(?:export\s+)?([^=\s]+)\s*=\s*(.*?)\s*$/;

function unquote(raw: string): string | undefined {
  const quote = raw[0];
  if (quote === '"' || quote === "'") {
    if (raw.length < 2 || raw[raw.length - 1] !== quote) return undefined;
    const inner = raw.slice(1, -1);
    return quote === '"' ? inner.replace(/\\n/g, '\n').replace(/\\"/g, '"').replace(/\\\\/g, '\\') : inner;
  }
  const comment = raw.search(/\s#/);
  return comment >= 0 ? raw.slice(0, comment).trimEnd() : raw;
}

export function parseDotenv(content: string): DotenvParse {
  const entries: DotenvEntry[] = [];
  const skippedLines: number[] = [];
  content.split(/\r?\n/).forEach((text, line) => {
    if (/^\s*(#|$)/.test(text)) return;
    const m = ASSIGNMENT.exec(text);
    const name = m?.[1];
    const value = m?.[2] !== undefined ? unquote(m[2]) : undefined;
    if (!name || value === undefined || !SECRET_NAME_PATTERN.test(name)) {
      skippedLines.push(line + 1);
      return;
    }
    // Already a reference, or empty: nothing to move into the vault.
    if (value.length === 0 || referencedName(value) !== undefined) return;
    entries.push({ name, value, line });
  });
  return { entries, skippedLines };
}

/** Rewrites the given entries' lines as `NAME=${vault:NAME}`, keeping every other line as it was. */
export function replaceWithReferences(content: string, names: ReadonlySet<string>): string {
  const eol = content.includes('\r\n') ? '\r\n' : '\n';
  const { entries } = parseDotenv(content);
  const lines = content.split(/\r?\n/);
  for (const entry of entries) {
    if (!names.has(entry.name)) continue;
    const original = lines[entry.line] ?? '';
    const exported = /^\s*export\s+/.test(original) ? 'export ' : '';
    lines[entry.line] = `${exported}${entry.name}=${secretReference(entry.name)}`;
  }
  return lines.join(eol);
}
