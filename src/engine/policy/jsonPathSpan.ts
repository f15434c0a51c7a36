/**
 * Finds where a policy problem's JSON path (`$.commands.rules[3].match[0]`) sits in the file's text, so
 * the diagnostic underlines the right value. Pure and tolerant: on a path that does not fully exist, or
 * text that stops parsing, it returns the deepest value it reached (the whole document at worst).
 */

export interface TextSpan {
  start: number;
  end: number;
}

export function parseJsonPath(path: string): (string | number)[] | undefined {
  if (!path.startsWith('$')) return undefined;
  const segments: (string | number)[] = [];
  const pattern = /\.([^.[\]]+)|\[(\d+)\]/gy;
  pattern.lastIndex = 1;
  while (pattern.lastIndex < path.length) {
    const match = pattern.exec(path);
    if (!match) return undefined;
    segments.push(match[2] !== undefined ? Number(match[2]) : (match[1] as string));
  }
  return segments;
}

/** `line 4, column 7` (1-based, as produced by the policy loader) → offset. */
export function lineColumnOffset(text: string, location: string): number | undefined {
  const match = /^line (\d+), column (\d+)$/.exec(location);
  if (!match) return undefined;
  const line = Number(match[1]);
  let offset = 0;
  for (let current = 1; current < line; current++) {
    const next = text.indexOf('\n', offset);
    if (next < 0) return text.length;
    offset = next + 1;
  }
  return Math.min(offset + Number(match[2]) - 1, text.length);
}

class Scanner {
  i = 0;
  constructor(readonly text: string) {}

  ws(): void {
    while (this.i < this.text.length && ' \t\n\r'.includes(this.text[this.i] ?? '')) this.i++;
  }

  /** Skips one string; returns its raw content (escapes decoded only for the simple cases keys use). */
  string(): string {
    const start = ++this.i;
    while (this.i < this.text.length && this.text[this.i] !== '"') this.i += this.text[this.i] === '\\' ? 2 : 1;
    const raw = this.text.slice(start, this.i);
    this.i++;
    try {
      return JSON.parse(`"${raw}"`) as string;
    } catch {
      return raw;
    }
  }

  /** Skips one value of any kind; returns its span. */
  value(): TextSpan {
    this.ws();
    const start = this.i;
    const ch = this.text[this.i];
    if (ch === '"') this.string();
    else if (ch === '{' || ch === '[') this.container();
    else while (this.i < this.text.length && !',}] \t\n\r'.includes(this.text[this.i] ?? '')) this.i++;
    return { start, end: Math.max(this.i, start + 1) };
  }

  private container(): void {
    let depth = 0;
    while (this.i < this.text.length) {
      const ch = this.text[this.i];
      if (ch === '"') { this.string(); continue; }
      if (ch === '{' || ch === '[') depth++;
      if (ch === '}' || ch === ']') depth--;
      this.i++;
      if (depth === 0) return;
    }
  }
}

/** The span of the value at `segments` (or of the deepest ancestor that exists). */
export function jsonPathSpan(text: string, segments: readonly (string | number)[]): TextSpan {
  const scanner = new Scanner(text);
  let span = scanner.value();
  for (const segment of segments) {
    const child = childSpan(text, span, segment);
    if (!child) break;
    span = child;
  }
  return span;
}

function childSpan(text: string, parent: TextSpan, segment: string | number): TextSpan | undefined {
  const scanner = new Scanner(text);
  scanner.i = parent.start;
  const open = text[parent.start];
  if ((open === '{') !== (typeof segment === 'string') || (open !== '{' && open !== '[')) return undefined;
  scanner.i++;
  for (let index = 0; scanner.i < parent.end; index++) {
    scanner.ws();
    const ch = text[scanner.i];
    if (ch === '}' || ch === ']' || ch === undefined) return undefined;
    let key: string | number = index;
    if (open === '{') {
      if (ch !== '"') return undefined;
      key = scanner.string();
      scanner.ws();
      if (text[scanner.i] !== ':') return undefined;
      scanner.i++;
    }
    const value = scanner.value();
    if (key === segment) return value;
    scanner.ws();
    if (text[scanner.i] === ',') scanner.i++;
  }
  return undefined;
}
