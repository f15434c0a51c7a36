/**
 * Output redaction of secret values. Every occurrence of a secret (plain, base64 in any alignment, base64url,
 * URL-encoded, hex) becomes `[REDACTED:<name>]` before the text reaches a terminal, an agent or a log.
 *
 * The streaming redactor holds back just enough of the tail of each chunk that a secret split across two
 * chunks is still caught: a match that starts before the held-back tail is always fully visible.
 */
import { redactionForms } from './encodings';

export type SecretValues = Readonly<Record<string, string>>;

interface Pattern {
  form: string;
  name: string;
}

export function redactionMarker(name: string): string {
  return `[REDACTED:${name}]`;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function buildPatterns(secrets: SecretValues): Pattern[] {
  const byForm = new Map<string, string>();
  for (const [name, value] of Object.entries(secrets)) {
    if (value.length === 0) continue;
    for (const form of redactionForms(value)) if (!byForm.has(form)) byForm.set(form, name);
  }
  // Longest first: a regex alternation takes the first alternative that matches at a position.
  return [...byForm.entries()]
    .map(([form, name]) => ({ form, name }))
    .sort((a, b) => b.form.length - a.form.length);
}

export class StreamingRedactor {
  private readonly matcher: RegExp | undefined;
  private readonly nameOf = new Map<string, string>();
  private readonly holdBack: number;
  private carry = '';

  constructor(secrets: SecretValues) {
    const patterns = buildPatterns(secrets);
    for (const p of patterns) this.nameOf.set(p.form, p.name);
    this.matcher = patterns.length > 0 ? new RegExp(patterns.map((p) => escapeRegExp(p.form)).join('|'), 'g') : undefined;
    this.holdBack = patterns.length > 0 ? Math.max(...patterns.map((p) => p.form.length)) - 1 : 0;
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

  /** Redacts and returns whatever is still held back; call once at the end of the stream. */
  flush(): string {
    const text = this.carry;
    this.carry = '';
    if (!this.matcher) return text;
    return this.replaceBefore(text, text.length).output;
  }

  /** Replaces matches that start before `safeEnd`; returns the text up to the last position decided. */
  private replaceBefore(text: string, safeEnd: number): { output: string; consumed: number } {
    const matcher = this.matcher as RegExp;
    matcher.lastIndex = 0;
    let output = '';
    let last = 0;
    for (let m = matcher.exec(text); m !== null && m.index < safeEnd; m = matcher.exec(text)) {
      output += text.slice(last, m.index) + redactionMarker(this.nameOf.get(m[0]) ?? 'secret');
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
