/**
 * Decode passes: text smuggled past a reader (base64, hex, percent and HTML-entity encoding, ROT13,
 * Unicode tag characters, zero-width padding, leetspeak, file names with separators for spaces, string
 * fragments meant to be concatenated) is decoded and the decoded text scanned again. A pass runs only
 * where the text shows its encoding's marks (decodeCandidates.ts); ROT13 of the whole text only when
 * the text names ROT13 or holds its tell-tale words.
 */
import { escapeRuns, fileNameLines, leetCandidateLines, splitJointWindows, zeroWidthWindows } from './decodeCandidates';

export interface Decoded { encoding: string; start: number; end: number; text: string }

const MAX_DECODED = 64 * 1024;

// Each run alternates classes that cannot overlap (a '%' or '&' starts only the escape), so matching is linear.
const PERCENT_RUN = /(?:%[0-9A-Fa-f]{2}|[A-Za-z0-9._~+-]){12,8000}/y;
const PERCENT_ESCAPE = /%[0-9A-Fa-f]{2}/g;
const isPercentRunChar = (c: string): boolean => /[A-Za-z0-9._~+-]/.test(c);
const ENTITY_RUN = /(?:&#x?[0-9A-Fa-f]{1,6};|&[a-z]{2,8};|[^&\n]){12,8000}/y;
const ENTITY = /&#x?[0-9A-Fa-f]{1,6};|&[a-z]{2,8};/gi;
const isEntityRunChar = (c: string): boolean => c !== '&' && c !== '\n';
const MIN_ESCAPES = 4;
const count = (text: string, char: string): number => text.split(char).length - 1;
const ZERO_WIDTH = /[\u200B-\u200D\u2060\uFEFF]/g;
const TAG_RUN = /(?:\uDB40[\uDC00-\uDC7F]){4,}/g;
const QUOTED = /"((?:[^"\\\n]|\\.){1,400})"|'((?:[^'\\\n]|\\.){1,400})'/g;
/** What may stand between two fragments: `+`, or `; b =` as in a list of assignments. */
const JOINER = /^\s{0,3}(?:\+|[;,]\s{0,3}(?:[A-Za-z_]\w{0,10}\s{0,3}=)?)\s{0,3}$/;
const LEET_WORD = /\b(?=[a-z01345789]{0,24}[a-z])(?=[a-z]{0,24}[01345789])[a-z01345789]{2,24}\b/gi;

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

function decodeEntities(run: string): string {
  return run.replace(/&#x([0-9a-f]{1,6});|&#(\d{1,7});|&([a-z]{2,8});/gi, (whole, hex?: string, dec?: string, name?: string) => {
    const code = hex ? parseInt(hex, 16) : dec ? parseInt(dec, 10) : undefined;
    if (code !== undefined) return code <= 0x10ffff ? String.fromCodePoint(code) : '';
    return NAMED[(name ?? '').toLowerCase()] ?? whole;
  });
}

function decodePercent(run: string): string | undefined {
  try {
    return decodeURIComponent(run.replace(/\+/g, ' '));
  } catch {
    return undefined;
  }
}

export function rot13(text: string): string {
  return text.replace(/[a-z]/gi, (c) => {
    const base = c <= 'Z' ? 65 : 97;
    return String.fromCharCode(((c.charCodeAt(0) - base + 13) % 26) + base);
  });
}

const LEET: Record<string, string> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '8': 'b', '9': 'g', '@': 'a', $: 's' };
const foldLeet = (word: string): string => word.replace(/[01345789@$]/g, (c) => LEET[c] ?? c);
const WORD = /\S+/g;

/**
 * A line written in leetspeak has many words with digits for letters; a line with a version number or
 * a hash has one. Only lines where at least a third of the words (and three or more) are leet are folded,
 * and only those words.
 */
function leetLines(text: string, out: Decoded[]): void {
  for (const { start, end } of leetCandidateLines(text)) {
    const line = text.slice(start, end);
    const words = line.match(WORD)?.length ?? 0;
    let leet = 0;
    each(LEET_WORD, line, () => { leet++; });
    if (leet >= 3 && leet * 3 >= words) out.push({ encoding: 'leetspeak', start, end, text: line.replace(LEET_WORD, foldLeet) });
  }
}

function each(regex: RegExp, text: string, fn: (m: RegExpExecArray) => void): void {
  regex.lastIndex = 0;
  for (let m = regex.exec(text); m !== null; m = regex.exec(text)) {
    if (m[0].length === 0) { regex.lastIndex++; continue; }
    fn(m);
  }
}

function tagChars(run: string): string {
  let out = '';
  for (const char of run) out += String.fromCharCode((char.codePointAt(0) ?? 0xe0000) - 0xe0000);
  return out;
}

/** String literals close together ("a" + "b", or a = "..."; b = "...") joined, as one fragmented message. */
function fragments(text: string, offset: number, out: Decoded[]): void {
  let group: RegExpExecArray[] = [];
  const flush = (): void => {
    const first = group[0];
    const last = group[group.length - 1];
    if (group.length >= 2 && first && last) {
      out.push({ encoding: 'fragments', start: offset + first.index, end: offset + last.index + last[0].length, text: group.map((m) => m[1] ?? m[2] ?? '').join('') });
    }
    group = [];
  };
  each(QUOTED, text, (m) => {
    const prev = group[group.length - 1];
    if (prev && !JOINER.test(text.slice(prev.index + prev[0].length, m.index))) flush();
    group.push(m);
  });
  flush();
}

function escapedRuns(text: string, out: Decoded[]): void {
  if (text.includes('%')) {
    for (const { start, end } of escapeRuns(text, PERCENT_ESCAPE, PERCENT_RUN, isPercentRunChar)) {
      const run = text.slice(start, end);
      const decoded = count(run, '%') >= MIN_ESCAPES ? decodePercent(run) : undefined;
      if (decoded && decoded !== run) out.push({ encoding: 'percent', start, end, text: decoded });
    }
  }
  if (text.includes('&#')) {
    for (const { start, end } of escapeRuns(text, ENTITY, ENTITY_RUN, isEntityRunChar)) {
      const run = text.slice(start, end);
      if (run.includes('&#') && count(run, '&') >= MIN_ESCAPES) out.push({ encoding: 'html-entities', start, end, text: decodeEntities(run) });
    }
  }
}

export function decodePasses(text: string): Decoded[] {
  const out: Decoded[] = [];
  escapedRuns(text, out);
  for (const { start, end } of zeroWidthWindows(text)) out.push({ encoding: 'zero-width', start, end, text: text.slice(start, end).replace(ZERO_WIDTH, '') });
  if (text.includes('\uDB40')) each(TAG_RUN, text, (m) => out.push({ encoding: 'unicode-tags', start: m.index, end: m.index + m[0].length, text: tagChars(m[0]) }));
  for (const { start, end, name } of fileNameLines(text)) {
    if (/[_-]/.test(name) && !/\s\S+\s\S+\s\S+\s/.test(name)) out.push({ encoding: 'file-name', start, end, text: name.replace(/[_\-/]+/g, ' ') });
  }
  if (text.length <= MAX_DECODED && /\brot-?13\b|\b(?:vtaber|qvfertneq|nffvfgnag|ehyrf)\b/i.test(text)) out.push({ encoding: 'rot13', start: 0, end: text.length, text: rot13(text) });
  leetLines(text, out);
  for (const { start, end } of splitJointWindows(text)) fragments(text.slice(start, end), start, out);
  return out;
}
