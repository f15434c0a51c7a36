/**
 * Where a decode pass is worth running: each finder looks for the marks of its encoding (escape
 * clusters, a file name at a line end, digits between letters, a word split between two string
 * literals) with one cheap literal-led scan, and hands back only those spans. Text without the marks
 * costs that scan and nothing more; every span is bounded, so the decode work is linear in the input.
 */
export interface Span { start: number; end: number }

const MIN_ESCAPES = 4;
/** Four escapes within this many characters make a cluster worth decoding. */
const CLUSTER = 256;
const MAX_RUN = 8000;

/**
 * Runs of `run` (sticky, bounded) around clusters of `escape` matches. The run starts where its
 * characters start before the cluster's first escape, as a left-to-right scan would have started it.
 */
export function escapeRuns(text: string, escape: RegExp, run: RegExp, isRunChar: (c: string) => boolean): Span[] {
  const at: number[] = [];
  escape.lastIndex = 0;
  for (let m = escape.exec(text); m !== null; m = escape.exec(text)) at.push(m.index);
  const out: Span[] = [];
  let runEnd = -1;
  for (let i = 0; i + MIN_ESCAPES - 1 < at.length; i++) {
    const first = at[i] ?? 0;
    if (first < runEnd || (at[i + MIN_ESCAPES - 1] ?? Infinity) - first > CLUSTER) continue;
    let start = first;
    while (start > 0 && first - start < MAX_RUN && isRunChar(text[start - 1] ?? '\n')) start--;
    run.lastIndex = start;
    const m = run.exec(text);
    if (!m) continue;
    runEnd = start + m[0].length;
    out.push({ start, end: runEnd });
  }
  return out;
}

const FILE_END = /\.(?:md|txt|png|jpg|sh|ts|js|json|ya?ml)(?=\r?\n|$)/g;

/** Lines that are a file name (12 to 240 characters after up to four blanks, ending in a known extension). */
export function fileNameLines(text: string): Array<Span & { name: string }> {
  const out: Array<Span & { name: string }> = [];
  FILE_END.lastIndex = 0;
  for (let m = FILE_END.exec(text); m !== null; m = FILE_END.exec(text)) {
    const end = m.index + m[0].length;
    const lineStart = text.lastIndexOf('\n', m.index) + 1;
    if (end - lineStart > 244) continue;
    const line = text.slice(lineStart, end);
    const name = line.replace(/^[ \t]{1,4}/, '');
    if (name.length >= 12 && name.length <= 240) out.push({ start: Math.max(0, lineStart - 1), end, name });
  }
  return out;
}

const LEET_HINT = /[a-z][01345789][a-z]/gi;
const MAX_LINE = 64 * 1024;

/** Lines with at least one word that has a digit between letters, each once. */
export function leetCandidateLines(text: string): Span[] {
  const out: Span[] = [];
  LEET_HINT.lastIndex = 0;
  for (let m = LEET_HINT.exec(text); m !== null; m = LEET_HINT.exec(text)) {
    const start = text.lastIndexOf('\n', m.index) + 1;
    const newline = text.indexOf('\n', m.index);
    const end = newline === -1 ? text.length : newline;
    if (end - start <= MAX_LINE) out.push({ start, end });
    LEET_HINT.lastIndex = end;
  }
  return out;
}

/**
 * A message cut into string literals to be joined splits its words at the joints ("f" + "rom", "conf";
 * b = "ig"); plain code that joins strings joins whole words. Only the text around such a joint is read.
 */
const SPLIT_JOINT = /[A-Za-z]["']\s{0,3}(?:\+|[;,]\s{0,3}(?:[A-Za-z_]\w{0,10}\s{0,3}=)?)\s{0,3}["'][A-Za-z]/g;
const FRAGMENT_WINDOW = 2000;

/**
 * `lastIndexOf('\n', at)` for positions that only grow, in one forward walk over the text in all: asked
 * per joint, a plain lastIndexOf walks a one-line text back to its start every time.
 */
function lastNewlineTracker(text: string): (at: number) => number {
  let last = -1;
  let next = text.indexOf('\n');
  return (at) => {
    while (next !== -1 && next <= at) { last = next; next = text.indexOf('\n', next + 1); }
    return last;
  };
}

export function splitJointWindows(text: string): Span[] {
  const out: Span[] = [];
  const lastNewline = lastNewlineTracker(text);
  SPLIT_JOINT.lastIndex = 0;
  for (let m = SPLIT_JOINT.exec(text); m !== null; m = SPLIT_JOINT.exec(text)) {
    // Start at a line start so the quotes pair up as the author wrote them (bounded for one-line files).
    const lineStart = lastNewline(Math.max(0, m.index - FRAGMENT_WINDOW)) + 1;
    const start = m.index - lineStart > 2 * FRAGMENT_WINDOW ? m.index - FRAGMENT_WINDOW : lineStart;
    const end = Math.min(text.length, m.index + FRAGMENT_WINDOW);
    const last = out[out.length - 1];
    if (last && start <= last.end) last.end = end;
    else out.push({ start, end });
  }
  return out;
}

const ZERO_WIDTH_RUN = /[\u200B-\u200D\u2060\uFEFF]+/g;
/** How far from a zero-width character its words are read again, at most (the line around it otherwise). */
const ZERO_WIDTH_REACH = 2000;

/**
 * The lines holding zero-width characters (bounded either side), merged where they touch: padding
 * that splits a word hides it only from the words around it, so only those are read again.
 */
export function zeroWidthWindows(text: string): Span[] {
  const out: Span[] = [];
  ZERO_WIDTH_RUN.lastIndex = 0;
  for (let m = ZERO_WIDTH_RUN.exec(text); m !== null; m = ZERO_WIDTH_RUN.exec(text)) {
    const runEnd = m.index + m[0].length;
    // Looked for within the reach only: a text with no newline must not be walked back to its start per run.
    const floor = Math.max(0, m.index - ZERO_WIDTH_REACH);
    const start = floor + text.slice(floor, m.index).lastIndexOf('\n') + 1;
    const ceiling = Math.min(text.length, runEnd + ZERO_WIDTH_REACH);
    const newline = text.slice(runEnd, ceiling).indexOf('\n');
    const end = newline === -1 ? ceiling : runEnd + newline;
    const last = out[out.length - 1];
    if (last && start <= last.end) last.end = Math.max(last.end, end);
    else out.push({ start, end });
    ZERO_WIDTH_RUN.lastIndex = Math.max(runEnd, end - 1);
  }
  return out;
}
