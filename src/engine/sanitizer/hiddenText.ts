/**
 * Hidden-text detectors for the inbound scan: invisible characters, Unicode tag characters (ASCII
 * smuggling), bidi controls (Trojan Source), HTML comments and CSS-hidden elements carrying instructions.
 * Each is a single linear pass or a bounded regex.
 */
import { MAX_FINDINGS_PER_KIND, type Finding } from './finding';

const ZERO_WIDTH = /[\u200B-\u200D\u2060-\u2064\uFEFF\u180E]+/g;
const BIDI = /[\u202A-\u202E\u2066-\u2069]+/g;
const TAG_CHARS = /(?:\uDB40[\uDC00-\uDC7F])+/g;
// The body may not contain another `<!--`, so unterminated comments cost linear time, not quadratic.
const HTML_COMMENT = /<!--((?:(?!<!--)[\s\S]){0,4000}?)-->/g;
const HIDDEN_STYLE = /style\s{0,3}=\s{0,3}["'][^"'<>]{0,300}?(?:(?<![-a-z])color\s{0,3}:\s{0,3}(?:#fff(?:fff)?\b|white\b|transparent\b|rgba\([^)]{0,30},\s{0,3}0\))|font-size\s{0,3}:\s{0,3}0(?:\.0{1,3})?(?:px|pt|em|rem)?(?=[\s;"'])|opacity\s{0,3}:\s{0,3}0(?:\.0{1,3})?(?=[\s;"'])|display\s{0,3}:\s{0,3}none|visibility\s{0,3}:\s{0,3}hidden)[^"'<>]{0,300}["'][^<>]{0,200}>([^<]{1,2000})/gi;

/** Words that show a hidden passage is talking to the model rather than being a normal comment. */
const ADDRESSES_MODEL = /\b(?:ai|llm|assistant|agent|language model|copilot|claude|chatgpt|gpt|model)\b/i;
const OVERRIDING = /\b(?:ignore|disregard|instead|reveal|print your|pretend|act as)\b/i;

/**
 * `phraseHit` includes the structural detector, which wants an order that is risky; naming the model and
 * using an imperative is not enough on its own ("You must define each tool" in a doc comment), unless
 * the passage also overrides or hides ("ignore", "instead", "pretend").
 */
export function looksLikeInstructions(text: string, phraseHit: (text: string) => boolean): boolean {
  return phraseHit(text) || (ADDRESSES_MODEL.test(text) && OVERRIDING.test(text));
}

function isEmoji(code: number | undefined): boolean {
  // Surrogate halves and variation selectors: zero-width joiners between them build emoji sequences.
  return code !== undefined && ((code >= 0xd800 && code <= 0xdfff) || code === 0xfe0f || (code >= 0x2600 && code <= 0x27bf));
}

const NON_LATIN_LETTER = /[\p{L}\p{M}]/u;

function isScriptLetter(char: string | undefined): boolean {
  return char !== undefined && char.charCodeAt(0) > 0x2ff && NON_LATIN_LETTER.test(char);
}

/** Stops at the per-kind cap: "a" + zero-width repeated over 1 MB is half a million runs, all alike. */
function scanZeroWidth(text: string, out: Finding[]): void {
  ZERO_WIDTH.lastIndex = 0;
  let found = 0;
  for (let m = ZERO_WIDTH.exec(text); m !== null && found < MAX_FINDINGS_PER_KIND; m = ZERO_WIDTH.exec(text)) {
    const start = m.index;
    const end = start + m[0].length;
    if (start === 0 && m[0] === '\uFEFF') continue; // a byte-order mark
    if (m[0] === '\u200D' && isEmoji(text.charCodeAt(start - 1)) && isEmoji(text.charCodeAt(end))) continue;
    // ZWNJ / ZWJ inside words of scripts that need them (Persian, Indic...): orthography, not hiding.
    if ((m[0] === '\u200C' || m[0] === '\u200D') && isScriptLetter(text[start - 1]) && isScriptLetter(text[end])) continue;
    out.push({ category: 'hidden-text', severity: m[0].length >= 3 ? 'high' : 'medium', start, end, kind: 'zero-width' });
    found++;
  }
}

/** Tag characters mirror ASCII (U+E0041 is an invisible 'A'); any run of them is smuggled text. */
function scanTagChars(text: string, out: Finding[]): void {
  TAG_CHARS.lastIndex = 0;
  for (let m = TAG_CHARS.exec(text); m !== null; m = TAG_CHARS.exec(text)) {
    out.push({ category: 'hidden-text', severity: m[0].length >= 4 ? 'critical' : 'high', start: m.index, end: m.index + m[0].length, kind: 'unicode-tag-chars' });
  }
}

function scanBidi(text: string, out: Finding[]): void {
  BIDI.lastIndex = 0;
  for (let m = BIDI.exec(text); m !== null; m = BIDI.exec(text)) {
    out.push({ category: 'hidden-text', severity: 'medium', start: m.index, end: m.index + m[0].length, kind: 'bidi-control' });
  }
}

function scanComments(text: string, phraseHit: (text: string) => boolean, out: Finding[]): void {
  if (!text.includes('<!--')) return;
  HTML_COMMENT.lastIndex = 0;
  for (let m = HTML_COMMENT.exec(text); m !== null; m = HTML_COMMENT.exec(text)) {
    if (looksLikeInstructions(m[1] ?? '', phraseHit)) {
      out.push({ category: 'hidden-text', severity: 'high', start: m.index, end: m.index + m[0].length, kind: 'html-comment-instructions' });
    }
  }
}

function scanHiddenCss(text: string, phraseHit: (text: string) => boolean, out: Finding[]): void {
  if (!/style/i.test(text)) return;
  HIDDEN_STYLE.lastIndex = 0;
  for (let m = HIDDEN_STYLE.exec(text); m !== null; m = HIDDEN_STYLE.exec(text)) {
    if (looksLikeInstructions(m[1] ?? '', phraseHit)) {
      out.push({ category: 'hidden-text', severity: 'high', start: m.index, end: m.index + m[0].length, kind: 'css-hidden-instructions' });
    }
  }
}

export function scanHiddenText(text: string, phraseHit: (text: string) => boolean, out: Finding[]): void {
  scanZeroWidth(text, out);
  scanTagChars(text, out);
  scanBidi(text, out);
  scanComments(text, phraseHit, out);
  scanHiddenCss(text, phraseHit, out);
}

/** The ASCII text hidden in a run of tag characters, for evidence in the UI. */
export function decodeTagChars(run: string): string {
  let out = '';
  for (const char of run) {
    const code = char.codePointAt(0) ?? 0;
    if (code >= 0xe0020 && code <= 0xe007e) out += String.fromCharCode(code - 0xe0000);
  }
  return out;
}
