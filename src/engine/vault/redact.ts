/**
 * Output redaction of secret values. Every occurrence of a secret (plain, base64 in any alignment, base64url,
 * URL-encoded, hex) becomes `[REDACTED:<name>]` before the text reaches a terminal, an agent or a log.
 *
 * The streaming redactor holds back just enough of the tail of each chunk that a secret split across two
 * chunks is still caught: a match that starts before the held-back tail is always fully visible.
 */
import { redactionForms, wrappableForms } from './encodings';

export type SecretValues = Readonly<Record<string, string>>;

interface Pattern {
  form: string;
  name: string;
  /** Encoded forms tools wrap over lines: matched with a line break allowed between any two characters. */
  wrappable: boolean;
}

const LINE_BREAK = /\r?\n/g;

export function redactionMarker(name: string): string {
  return `[REDACTED:${name}]`;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function buildPatterns(secrets: SecretValues): Pattern[] {
  const byForm = new Map<string, Pattern>();
  for (const [name, value] of Object.entries(secrets)) {
    if (value.length === 0) continue;
    for (const form of wrappableForms(value)) if (!byForm.has(form)) byForm.set(form, { form, name, wrappable: true });
    for (const form of redactionForms(value)) if (!byForm.has(form)) byForm.set(form, { form, name, wrappable: false });
  }
  // Longest first: a regex alternation takes the first alternative that matches at a position.
  return [...byForm.values()].sort((a, b) => b.form.length - a.form.length);
}

function patternSource(pattern: Pattern): string {
  return pattern.wrappable ? [...pattern.form].map(escapeRegExp).join('(?:\\r?\\n)?') : escapeRegExp(pattern.form);
}

/** The longest a match can be: a wrapped form may carry a CRLF between any two characters. */
function longestMatch(pattern: Pattern): number {
  return pattern.wrappable ? 3 * pattern.form.length - 2 : pattern.form.length;
}

/**
 * Where the unfinished start of a secret begins at the end of `text` (any spelling, line breaks
 * ignored), or undefined. Used when output is cut: a prefix of a secret must not be shown either.
 */
function partialSecretStart(text: string, forms: readonly string[]): number | undefined {
  const at: number[] = [];
  let plain = '';
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\r' || text[i] === '\n') continue;
    at.push(i);
    plain += text[i];
  }
  let start: number | undefined;
  for (const form of forms) {
    for (let k = Math.min(form.length - 1, plain.length); k >= 1; k--) {
      if (!plain.endsWith(form.slice(0, k))) continue;
      const from = at[plain.length - k] ?? text.length;
      start = start === undefined ? from : Math.min(start, from);
      break;
    }
  }
  return start;
}

export class StreamingRedactor {
  private readonly matcher: RegExp | undefined;
  private readonly nameOf = new Map<string, string>();
  private readonly forms: string[];
  private readonly holdBack: number;
  private carry = '';

  constructor(secrets: SecretValues) {
    const patterns = buildPatterns(secrets);
    for (const p of patterns) this.nameOf.set(p.form, p.name);
    this.forms = patterns.map((p) => p.form);
    this.matcher = patterns.length > 0 ? new RegExp(patterns.map(patternSource).join('|'), 'g') : undefined;
    this.holdBack = patterns.length > 0 ? Math.max(...patterns.map(longestMatch)) - 1 : 0;
  }

  /** Redacts what can be decided now and keeps a short tail for the next chunk. */
  push(chunk: string): string {
    const text = this.carry + chunk;
    if (!this.matcher) return text;
    const safeEnd = Math.max(0, text.length - this.holdBack);
    const { output, consumed } = this.replaceBefore(text, safeEnd);
    this.carry = text.slice(consumed);
    return output;
  }

  /**
   * Redacts and returns whatever is still held back; call once at the end of the stream. `cut`: the
   * stream was cut short (the output cap), so an unfinished secret at its end is dropped too: the cap
   * applies to redacted text, never the other way round.
   */
  flush(cut = false): string {
    const text = this.carry;
    this.carry = '';
    if (!this.matcher) return text;
    const { output } = this.replaceBefore(text, text.length);
    if (!cut) return output;
    const start = partialSecretStart(output, this.forms);
    return start === undefined ? output : output.slice(0, start);
  }

  /** Replaces matches that start before `safeEnd`; returns the text up to the last position decided. */
  private replaceBefore(text: string, safeEnd: number): { output: string; consumed: number } {
    const matcher = this.matcher as RegExp;
    matcher.lastIndex = 0;
    let output = '';
    let last = 0;
    for (let m = matcher.exec(text); m !== null && m.index < safeEnd; m = matcher.exec(text)) {
      output += text.slice(last, m.index) + redactionMarker(this.nameOf.get(m[0]) ?? this.nameOf.get(m[0].replace(LINE_BREAK, '')) ?? 'secret');
      last = m.index + m[0].length;
    }
    if (last < safeEnd) {
      output += text.slice(last, safeEnd);
      last = safeEnd;
    }
    return { output, consumed: last };
  }
}

/** One-shot redaction of a complete text. */
export function redactSecrets(text: string, secrets: SecretValues): string {
  const redactor = new StreamingRedactor(secrets);
  return redactor.push(text) + redactor.flush();
}
