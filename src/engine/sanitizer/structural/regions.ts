/**
 * Places where text is hidden from a human reader but read by an agent: HTML comments, collapsed
 * <details>, image alt text. (File names are read again with their separators as spaces, in decode.ts.) An order found there weighs more.
 */
export interface Region { kind: string; start: number; end: number }

const PATTERNS: ReadonlyArray<readonly [string, RegExp]> = [
  ['html-comment', /<!--(?:(?!<!--)[\s\S]){0,4000}?-->/g],
  ['collapsed-details', /<details\b[^>]{0,200}>(?:(?!<details)[\s\S]){0,6000}?<\/details>/gi],
  ['alt-text', /!\[[^\]\n]{12,600}\]/g],
];

export function hiddenRegions(text: string): Region[] {
  const out: Region[] = [];
  if (!text.includes('<!--') && !text.includes('<details') && !text.includes('![')) return out;
  for (const [kind, regex] of PATTERNS) {
    regex.lastIndex = 0;
    for (let m = regex.exec(text); m !== null && out.length < 500; m = regex.exec(text)) out.push({ kind, start: m.index, end: m.index + m[0].length });
  }
  return out;
}
