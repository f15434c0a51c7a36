/**
 * Runs many regexes over long text fast and exactly: one combined pass finds every literal anchor, then
 * each pattern is tried (sticky) only at the positions from `lead` characters before one of its anchors
 * up to the anchor, each position at most once. The regex always sees the whole text, so `^`, `\b` and
 * lookbehinds mean what they say; the cost is linear in the text plus the anchors found.
 */

export interface AnchoredPattern {
  regex: RegExp;
  /** Literals of which one occurs in every match; lower-case when `caseless`. */
  anchors: readonly string[];
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
  scan: RegExp;
  patternsByHit: Map<string, number[]>;
}

function buildIndex(patterns: readonly AnchoredPattern[], caseless: boolean): AnchorIndex | undefined {
  const anchors = [...new Set(patterns.flatMap((p) => (Boolean(p.caseless) === caseless ? p.anchors : [])))]
    .sort((a, b) => b.length - a.length);
  if (anchors.length === 0) return undefined;
  const patternsByHit = new Map<string, number[]>(anchors.map((hit) => [
    hit,
    patterns.flatMap((p, index) => (Boolean(p.caseless) === caseless && p.anchors.some((a) => hit.startsWith(a)) ? [index] : [])),
  ]));
  return { scan: new RegExp(anchors.map(escapeRegex).join('|'), 'g'), patternsByHit };
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

  /** `lower` must be `text` lower-cased with the same length (see sameLengthLower). */
  matchAll(text: string, lower: string): AnchoredMatch[] {
    // Sparse: most texts hit few patterns, so only those get a position list.
    const positions = new Map<number, number[]>();
    if (this.exact) collectAnchors(this.exact, text, positions);
    if (this.caseless) collectAnchors(this.caseless, lower, positions);
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

function collectAnchors(index: AnchorIndex, haystack: string, positions: Map<number, number[]>): void {
  const scan = index.scan;
  scan.lastIndex = 0;
  for (let m = scan.exec(haystack); m !== null; m = scan.exec(haystack)) {
    for (const pattern of index.patternsByHit.get(m[0]) ?? []) {
      const list = positions.get(pattern);
      if (list) list.push(m.index);
      else positions.set(pattern, [m.index]);
    }
    scan.lastIndex = m.index + 1; // anchors may overlap ("approved" inside "pre-approved")
  }
}

/**
 * Lower-cases without moving offsets: the few characters whose lower case is longer (e.g. 'İ') stay as
 * they are, which is harmless because every anchor is ASCII.
 */
export function sameLengthLower(text: string): string {
  const lower = text.toLowerCase();
  if (lower.length === text.length) return lower;
  return text.replace(/[^\x00-\x7F]+/g, (run) => {
    const lowered = run.toLowerCase();
    return lowered.length === run.length ? lowered : run;
  });
}
