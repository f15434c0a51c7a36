/**
 * Runs many regexes over long text fast and exactly: one combined pass finds every literal anchor, then
 * each pattern is tried (sticky) only at the positions from `lead` characters before one of its anchors
 * up to the anchor, each position at most once. The regex always sees the whole text, so `^`, `\b` and
 * lookbehinds mean what they say; the cost is linear in the text plus the anchors found. Caseless anchors
 * are scanned with a case-insensitive regex over the text itself: lower-casing a long text that holds any
 * non-ASCII character costs more than the whole scan.
 */

export interface AnchoredPattern {
  regex: RegExp;
  /** Literals of which one occurs in every match; lower-case when `caseless`. */
  anchors: readonly string[];
  /** Like `anchors`, but found only where they begin an ASCII word (the pattern has `\b` before them). */
  wordAnchors?: readonly string[];
  /** How far before its anchor a match can begin; 0 means every match begins at an anchor. */
  lead: number;
  caseless?: boolean;
}

export interface AnchoredMatch {
  pattern: number;
  start: number;
  end: number;
  match: RegExpExecArray;
}

const escapeRegex = (literal: string): string => literal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

interface AnchorIndex {
  /** Word anchors, ASCII plain anchors, non-ASCII plain anchors: irregexp scans a uniform alternation far faster. */
  /** `longest`: the longest anchor of the scan, in UTF-16 units. */
  scans: Array<{ regex: RegExp; nonAscii: boolean; longest: number }>;
  patternsByHit: Map<string, number[]>;
  /** The scans ignore case; a hit is looked up by its lower case. */
  caseless: boolean;
}

const allAnchors = (p: AnchoredPattern): readonly string[] => [...p.anchors, ...(p.wordAnchors ?? [])];
const byLength = (a: string, b: string): number => b.length - a.length;
const NON_ASCII = /[^\x00-\x7F]/;

function alternation(anchors: readonly string[], word: boolean, caseless: boolean): RegExp {
  const body = [...anchors].sort(byLength).map(escapeRegex).join('|');
  return new RegExp(word ? `\\b(?:${body})` : body, caseless ? 'gi' : 'g');
}

function buildIndex(patterns: readonly AnchoredPattern[], caseless: boolean): AnchorIndex | undefined {
  const mine = patterns.filter((p) => Boolean(p.caseless) === caseless);
  const plain = new Set(mine.flatMap((p) => p.anchors));
  const anchors = [...new Set(mine.flatMap(allAnchors))];
  if (anchors.length === 0) return undefined;
  const patternsByHit = new Map<string, number[]>(anchors.map((hit) => [
    hit,
    patterns.flatMap((p, index) => (Boolean(p.caseless) === caseless && allAnchors(p).some((a) => hit.startsWith(a)) ? [index] : [])),
  ]));
  // A word anchor that some pattern wants plain is scanned plain (the superset). `\b` keeps the scan from
  // stopping at every "ai" inside "main" or "said".
  const word = anchors.filter((a) => !plain.has(a));
  const ascii = [...plain].filter((a) => !NON_ASCII.test(a));
  const other = [...plain].filter((a) => NON_ASCII.test(a));
  const scan = (list: readonly string[], asWord: boolean, nonAscii: boolean) =>
    list.length ? [{ regex: alternation(list, asWord, caseless), nonAscii, longest: Math.max(...list.map((a) => a.length)) }] : [];
  const scans = [...scan(word, true, false), ...scan(ascii, false, false), ...scan(other, false, true)];
  return { scans, patternsByHit, caseless };
}

export class AnchoredMatcher {
  private readonly sticky: RegExp[];
  private readonly exact: AnchorIndex | undefined;
  private readonly caseless: AnchorIndex | undefined;

  constructor(private readonly patterns: readonly AnchoredPattern[]) {
    this.sticky = patterns.map((p) => new RegExp(p.regex.source, p.regex.flags.replace('g', '').replace('y', '') + 'y'));
    this.exact = buildIndex(patterns, false);
    this.caseless = buildIndex(patterns, true);
  }

  matchAll(text: string): AnchoredMatch[] {
    // Sparse: most texts hit few patterns, so only those get a position list.
    const positions = new Map<number, number[]>();
    const hasNonAscii = NON_ASCII.test(text);
    if (this.exact) collectAnchors(this.exact, text, hasNonAscii, positions);
    if (this.caseless) collectAnchors(this.caseless, text, hasNonAscii, positions);
    const matches: AnchoredMatch[] = [];
    // Pattern order decides ties (same span): earlier, more specific patterns win.
    for (const index of [...positions.keys()].sort((a, b) => a - b)) {
      const list = positions.get(index) ?? [];
      list.sort((a, b) => a - b);
      this.tryNear(index, text, list, matches);
    }
    return matches;
  }

  private tryNear(index: number, text: string, positions: readonly number[], out: AnchoredMatch[]): void {
    const sticky = this.sticky[index];
    const lead = this.patterns[index]?.lead ?? 0;
    if (!sticky) return;
    let next = 0;
    for (const at of positions) {
      for (let q = Math.max(next, at - lead); q <= at; q++) {
        sticky.lastIndex = q;
        const m = sticky.exec(text);
        next = q + 1;
        if (m === null || m[0].length === 0) continue;
        out.push({ pattern: index, start: q, end: q + m[0].length, match: m });
        next = q + m[0].length;
        break;
      }
    }
  }
}

/** The patterns a hit of a case-insensitive scan stands for ('İ' and the like have no same-length lower case). */
function patternsOf(index: AnchorIndex, hit: string): readonly number[] {
  const found = index.patternsByHit.get(index.caseless ? sameLengthLower(hit) : hit);
  if (found || !index.caseless) return found ?? [];
  for (const [anchor, patterns] of index.patternsByHit) if (anchor.length === hit.length && new RegExp(escapeRegex(anchor), 'iu').test(hit)) return patterns;
  return [];
}

function collectAnchors(index: AnchorIndex, haystack: string, hasNonAscii: boolean, positions: Map<number, number[]>): void {
  for (const { regex: scan, nonAscii, longest } of index.scans) {
    if (nonAscii && !hasNonAscii) continue;
    const windows = nonAscii ? nonAsciiWindows(haystack, longest) : [[0, haystack.length] as const];
    for (const [from, to] of windows) {
      const piece = from === 0 && to === haystack.length ? haystack : haystack.slice(from, to);
      scan.lastIndex = 0;
      for (let m = scan.exec(piece); m !== null; m = scan.exec(piece)) {
        for (const pattern of patternsOf(index, m[0])) {
          const list = positions.get(pattern);
          if (list) list.push(from + m.index);
          else positions.set(pattern, [from + m.index]);
        }
        scan.lastIndex = m.index + 1; // anchors may overlap ("approved" inside "pre-approved")
      }
    }
  }
}

const NON_ASCII_RUN = /[^\x00-\x7F]+/g;

/**
 * The stretches a non-ASCII anchor can lie in: each holds a non-ASCII character (case folding never maps
 * one to ASCII), so it lies within `reach` of one. A 60-way alternation with no common first character
 * is tried at every position of the text; mostly-ASCII text has few such stretches.
 */
function nonAsciiWindows(text: string, reach: number): Array<readonly [number, number]> {
  const out: Array<[number, number]> = [];
  NON_ASCII_RUN.lastIndex = 0;
  for (let m = NON_ASCII_RUN.exec(text); m !== null; m = NON_ASCII_RUN.exec(text)) {
    const start = Math.max(0, m.index - reach);
    const end = Math.min(text.length, m.index + m[0].length + reach);
    const last = out[out.length - 1];
    if (last && start <= last[1]) last[1] = end;
    else out.push([start, end]);
  }
  return out;
}

/**
 * Lower-cases without moving offsets. The one character whose lower case is longer is 'İ' (U+0130 →
 * "i̇"), so it stays as it is and everything around it, ASCII included, is lowered: a single 'İ' must not
 * leave the rest of the text upper-case and so invisible to every caseless anchor.
 */
export function sameLengthLower(text: string): string {
  const lower = text.toLowerCase();
  if (lower.length === text.length) return lower;
  const pieces = text.split('\u0130').map((piece) => piece.toLowerCase()).join('\u0130');
  if (pieces.length === text.length) return pieces;
  return text.replace(/[A-Z]+|[^\x00-\x7F]/g, (run) => {
    const lowered = run.toLowerCase();
    return lowered.length === run.length ? lowered : run;
  });
}
