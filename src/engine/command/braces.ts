/**
 * Bash brace expansion of static words (`src/{a,b}` -> `src/a src/b`, `{1..3}`), so that effects name the
 * paths bash would really touch: `rm -rf src/{a,../../..}` deletes `src/../../..`, not a literal path.
 */

/** Expansion stops (and the word is kept as written, with a concern) beyond this many results. */
export const MAX_BRACE_RESULTS = 256;

interface BraceGroup { open: number; close: number; alternatives: string[] }

function splitTopLevel(body: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (ch === '\\') i++;
    else if (ch === '{') depth++;
    else if (ch === '}') depth--;
    else if (ch === ',' && depth === 0) {
      parts.push(body.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(body.slice(start));
  return parts;
}

function sequence(body: string): string[] | 'too-many' | undefined {
  const numeric = /^(-?\d+)\.\.(-?\d+)(?:\.\.(-?\d+))?$/.exec(body);
  if (numeric) {
    const from = Number(numeric[1]);
    const to = Number(numeric[2]);
    const step = Math.abs(Number(numeric[3] ?? 1)) || 1;
    if (Math.abs(to - from) / step >= MAX_BRACE_RESULTS) return 'too-many';
    const values: string[] = [];
    for (let v = from; from <= to ? v <= to : v >= to; v += from <= to ? step : -step) values.push(String(v));
    return values;
  }
  const letters = /^([a-zA-Z])\.\.([a-zA-Z])$/.exec(body);
  if (letters) {
    const from = (letters[1] as string).charCodeAt(0);
    const to = (letters[2] as string).charCodeAt(0);
    const values: string[] = [];
    for (let c = from; from <= to ? c <= to : c >= to; c += from <= to ? 1 : -1) values.push(String.fromCharCode(c));
    return values;
  }
  return undefined;
}

/** The first `{...}` that bash would expand: it contains a top-level comma or is a sequence. */
function firstGroup(word: string): BraceGroup | 'too-many' | undefined {
  for (let open = word.indexOf('{'); open >= 0; open = word.indexOf('{', open + 1)) {
    if (open > 0 && word[open - 1] === '$') continue; // ${VAR}
    let depth = 0;
    for (let i = open; i < word.length; i++) {
      const ch = word[i];
      if (ch === '\\') { i++; continue; }
      if (ch === '{') depth++;
      else if (ch === '}' && --depth === 0) {
        const body = word.slice(open + 1, i);
        const parts = splitTopLevel(body);
        const alternatives = parts.length > 1 ? parts : sequence(body);
        if (alternatives === 'too-many') return alternatives;
        if (alternatives) return { open, close: i, alternatives };
        break;
      }
    }
  }
  return undefined;
}

/** All words a brace-expanded word becomes, or undefined when the expansion would exceed the cap. */
export function expandBraces(word: string): string[] | undefined {
  const done: string[] = [];
  const pending = [word];
  while (pending.length) {
    const current = pending.pop() as string;
    const group = firstGroup(current);
    if (group === 'too-many') return undefined;
    if (!group) {
      done.push(current);
      if (done.length > MAX_BRACE_RESULTS) return undefined;
      continue;
    }
    const head = current.slice(0, group.open);
    const tail = current.slice(group.close + 1);
    for (let i = group.alternatives.length - 1; i >= 0; i--) pending.push(head + group.alternatives[i] + tail);
    if (pending.length + done.length > MAX_BRACE_RESULTS) return undefined;
  }
  return done;
}
