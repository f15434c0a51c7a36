/**
 * Derives, from a regex source, the literal anchors an AnchoredMatcher needs: a set of lower-case
 * literals of which one occurs in every match, and how far before it a match may begin (`lead`). The
 * lexicon stays written as plain regexes; each pattern's anchors are computed here once, at load, and a
 * pattern with no usable anchor (one that can start with an unbounded class) throws, so a new rule
 * cannot silently fall out of the prefilter. Handles the subset the lexicon uses: literals, escapes,
 * classes, groups, lookarounds, `\b`, `^`, `$`, and the quantifiers `? * + {m,n}` (lazy or not).
 */

import { sameLengthLower } from '../anchored';

type Node =
  | { t: 'lit'; s: string }
  | { t: 'any'; space?: boolean }
  | { t: 'zero'; boundary: boolean }
  | { t: 'alt'; alts: Node[][] }
  | { t: 'rep'; node: Node; min: number; max: number };

export interface DerivedAnchors {
  anchors: string[];
  /** Anchors that can only begin at an ASCII word start (a `\b` precedes them in the pattern). */
  wordAnchors: string[];
  lead: number;
}

const CLASS_ESCAPES = new Set(['s', 'S', 'w', 'W', 'd', 'D']);
const CONTROL: Record<string, string> = { n: '\n', t: '\t', r: '\r' };

class Parser {
  private i = 0;
  constructor(private readonly src: string) {}

  parse(): Node[][] {
    const alts = this.alternation();
    if (this.i < this.src.length) throw new Error(`unbalanced ) at ${this.i} in ${this.src}`);
    return alts;
  }

  private alternation(): Node[][] {
    const alts: Node[][] = [[]];
    while (this.i < this.src.length && this.src[this.i] !== ')') {
      const c = this.src[this.i];
      if (c === '|') { this.i++; alts.push([]); continue; }
      const atom = this.atom();
      alts[alts.length - 1]?.push(this.quantified(atom));
    }
    return alts;
  }

  private atom(): Node {
    const c = this.src[this.i++] ?? '';
    if (c === '(') return this.group();
    if (c === '[') { this.skipClass(); return { t: 'any' }; }
    if (c === '.') return { t: 'any' };
    if (c === '^' || c === '$') return { t: 'zero', boundary: false };
    if (c === '\\') return this.escape();
    return { t: 'lit', s: c };
  }

  private group(): Node {
    const rest = this.src.slice(this.i, this.i + 3);
    const look = rest.startsWith('?=') || rest.startsWith('?!') || rest.startsWith('?<=') || rest.startsWith('?<!');
    if (rest.startsWith('?:')) this.i += 2;
    else if (look) this.i += rest.startsWith('?<') ? 3 : 2;
    else if (rest.startsWith('?<')) this.i = this.src.indexOf('>', this.i) + 1;
    const alts = this.alternation();
    this.i++; // ')'
    return look ? { t: 'zero', boundary: false } : { t: 'alt', alts };
  }

  private escape(): Node {
    const c = this.src[this.i++] ?? '';
    if (c === 'b' || c === 'B') return { t: 'zero', boundary: c === 'b' };
    if (CLASS_ESCAPES.has(c)) return c === 's' ? { t: 'any', space: true } : { t: 'any' };
    if (c === 'p' || c === 'P') { this.i = this.src.indexOf('}', this.i) + 1; return { t: 'any' }; }
    return { t: 'lit', s: CONTROL[c] ?? c };
  }

  private skipClass(): void {
    while (this.i < this.src.length && this.src[this.i] !== ']') this.i += this.src[this.i] === '\\' ? 2 : 1;
    this.i++;
  }

  private quantified(atom: Node): Node {
    const c = this.src[this.i];
    let min = 1;
    let max = 1;
    if (c === '?' || c === '*' || c === '+') {
      this.i++;
      [min, max] = c === '?' ? [0, 1] : c === '*' ? [0, Infinity] : [1, Infinity];
    } else if (c === '{') {
      const m = /^\{(\d+)(?:(,)(\d*))?\}/.exec(this.src.slice(this.i));
      if (!m) return atom;
      this.i += m[0].length;
      min = Number(m[1]);
      max = m[2] ? (m[3] ? Number(m[3]) : Infinity) : min;
    } else return atom;
    if (this.src[this.i] === '?') this.i++;
    return { t: 'rep', node: atom, min, max };
  }
}

/** Longest match of a node in UTF-16 units (a class may match an astral character: 2). */
function maxWidth(node: Node): number {
  switch (node.t) {
    case 'lit': return node.s.length;
    case 'any': return 2;
    case 'zero': return 0;
    case 'alt': return Math.max(...node.alts.map((a) => a.reduce((sum, n) => sum + maxWidth(n), 0)));
    case 'rep': return node.max === 0 ? 0 : maxWidth(node.node) * node.max;
  }
}

function minWidth(node: Node): number {
  switch (node.t) {
    case 'lit': return node.s.length;
    case 'any': return 1;
    case 'zero': return 0;
    case 'alt': return Math.min(...node.alts.map((a) => a.reduce((sum, n) => sum + minWidth(n), 0)));
    case 'rep': return minWidth(node.node) * node.min;
  }
}

interface Prefix { s: string; word: boolean }

const MAX_VARIANTS = 16;

/** The literals one of which begins every match of `seq`, or undefined if a match can begin otherwise. */
function prefixes(seq: readonly Node[], word = false): Prefix[] | undefined {
  const [head, ...rest] = seq;
  if (!head) return undefined;
  switch (head.t) {
    case 'zero': return prefixes(rest, head.boundary || word);
    case 'any': return undefined;
    case 'lit': {
      let s = head.s;
      let used = 0;
      for (const next of rest) { if (next.t !== 'lit') break; s += next.s; used++; }
      // "e-?mail" is better anchored on "e-" and "email" than on "e": extend through what follows when it is literal too.
      const more = prefixes(rest.slice(used));
      return more && more.length <= MAX_VARIANTS ? more.map((m) => ({ s: s + m.s, word })) : [{ s, word }];
    }
    case 'alt': return union(head.alts.map((alt) => prefixes([...alt, ...rest], word)));
    case 'rep': {
      const own = head.max === 0 ? [] : prefixes([head.node], word);
      return head.min === 0 ? union([own, prefixes(rest, word)]) : own;
    }
  }
}

function union(parts: ReadonlyArray<Prefix[] | undefined>): Prefix[] | undefined {
  const out: Prefix[] = [];
  for (const part of parts) {
    if (!part) return undefined;
    out.push(...part);
  }
  return out;
}

interface Candidate { prefixes: Prefix[]; lead: number }

/**
 * True when whatever matched just before seq[i] leaves it at an ASCII word start: a `\b` (lookarounds
 * between it and the literal change nothing) or at least one `\s`. The scan can then look for the
 * literal as `\b` + literal, so "model" in "the\s+model" is not found inside "remodel" or "models_dir".
 */
function startsWord(seq: readonly Node[], i: number): boolean {
  for (let j = i - 1; j >= 0; j--) {
    const node = seq[j];
    if (!node) return false;
    if (node.t === 'zero') { if (node.boundary) return true; continue; }
    if (node.t === 'any') return node.space === true;
    if (node.t === 'rep') return node.min >= 1 && node.node.t === 'any' && node.node.space === true;
    return false;
  }
  return false;
}

/** Words so common in prose or code that anchoring on them would stop the scan everywhere. */
const COMMON = new Set(['the', 'a', 'an', 'i', 'is', 'are', 'you', 'to', 'of', 'in', 'on', 'for', 'and', 'or', 'do', 'no', 'it', 'this',
  'that', 'with', 'be', 'as', 'at', 'by', 'per', 'sin', 'sem', 'ne', 'non']);
/** A CJK, Cyrillic or accented character narrows a literal scan as much as two ASCII ones. */
const weightedLength = (s: string): number => [...s].reduce((n, c) => n + (c.charCodeAt(0) > 0x7f ? 2 : 1), 0);
const selectivity = (p: Prefix): number => (COMMON.has(p.s.toLowerCase()) ? 1 : Math.min(weightedLength(p.s), 5) + (p.word ? 2 : 0));
const score = (c: Candidate): number => Math.min(...c.prefixes.map(selectivity)) * 100 - c.lead;

/** The best place to anchor one alternative: literals as long as possible, as near its start as possible. */
function bestCandidate(seq: readonly Node[]): Candidate | undefined {
  let best: Candidate | undefined;
  let before = 0;
  for (let i = 0; i < seq.length && Number.isFinite(before); i++) {
    const node = seq[i];
    if (!node) break;
    // Anchors start where a literal starts: "efore" inside "before" is a worse anchor, never a better one.
    const midLiteral = node.t === 'lit' && seq[i - 1]?.t === 'lit';
    const wordStart = startsWord(seq, i);
    const found = midLiteral || node.t === 'zero' ? undefined : prefixes(seq.slice(i), wordStart);
    if (found && found.every((p) => p.s.length > 0)) {
      const candidate = { prefixes: found, lead: before };
      if (!best || score(candidate) > score(best)) best = candidate;
    }
    before += maxWidth(node);
  }
  return best;
}

const isAsciiWordStart = (s: string): boolean => /^[a-z0-9_]/.test(s);

export function deriveAnchors(source: string): DerivedAnchors {
  const anchors = new Set<string>();
  const wordAnchors = new Set<string>();
  let lead = 0;
  for (const alt of new Parser(source).parse()) {
    if (alt.reduce((sum, n) => sum + minWidth(n), 0) === 0) throw new Error(`pattern can match empty text: ${source}`);
    const candidate = bestCandidate(alt);
    if (!candidate) throw new Error(`no literal anchor in pattern: ${source}`);
    lead = Math.max(lead, candidate.lead);
    for (const { s, word } of candidate.prefixes) {
      const lower = sameLengthLower(s);
      if (word && isAsciiWordStart(lower)) wordAnchors.add(lower);
      else anchors.add(lower);
    }
  }
  for (const a of anchors) wordAnchors.delete(a);
  return { anchors: [...anchors], wordAnchors: [...wordAnchors], lead };
}
