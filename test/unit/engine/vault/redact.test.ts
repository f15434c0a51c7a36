import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { StreamingRedactor, redactSecrets } from '../../../../src/engine/vault/redact';
import { base64Cores } from '../../../../src/engine/vault/encodings';

// Assertions never print the secret: `assert.ok(cond, message)` shows only the message on failure.
const SECRET = 'canary-9f3Kq7_Zx!p@ss w0rd';
const secrets = { API_TOKEN: SECRET };

function leaks(text: string, value: string): boolean {
  const bytes = Buffer.from(value, 'utf8');
  const forms = [value, bytes.toString('base64').replace(/=+$/, ''), bytes.toString('base64url'),
    encodeURIComponent(value), bytes.toString('hex'), bytes.toString('hex').toUpperCase()];
  return forms.some((f) => text.includes(f));
}

function streamInPieces(text: string, cuts: number[]): string {
  const redactor = new StreamingRedactor(secrets);
  const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
  let out = '';
  let start = 0;
  for (const point of [...points, text.length]) {
    out += redactor.push(text.slice(start, point));
    start = point;
  }
  return out + redactor.flush();
}

describe('engine/vault/redact', () => {
  it('replaces the plain value with a named marker', () => {
    const out = redactSecrets(`token=${SECRET}\n`, secrets);
    assert.equal(out, 'token=[REDACTED:API_TOKEN]\n');
  });

  it('replaces base64, base64url, URL-encoded and hex forms', () => {
    const bytes = Buffer.from(SECRET, 'utf8');
    for (const form of [bytes.toString('base64'), bytes.toString('base64url'), encodeURIComponent(SECRET), bytes.toString('hex'),
      bytes.toString('hex').toUpperCase()]) {
      const out = redactSecrets(`x ${form} y`, secrets);
      assert.ok(!leaks(out, SECRET), 'an encoded form leaked');
      assert.ok(out.includes('[REDACTED:API_TOKEN]'), 'no marker for an encoded form');
    }
  });

  it('replaces the JSON-escaped form of a value with quotes or backslashes', () => {
    const tricky = 'quote"back\\slash-and-more';
    const out = redactSecrets(JSON.stringify({ token: tricky }), { TRICKY: tricky });
    assert.equal(out, '{"token":"[REDACTED:TRICKY]"}');
  });

  it('catches base64 of the secret embedded at any offset (e.g. Basic auth)', () => {
    for (const user of ['u', 'us', 'usr', 'user:']) {
      const header = Buffer.from(`${user}:${SECRET}`).toString('base64');
      const out = redactSecrets(`Authorization: Basic ${header}`, secrets);
      assert.ok(out.includes('[REDACTED:API_TOKEN]'), `not caught with prefix length ${user.length + 1}`);
      const core = base64Cores(Buffer.from(SECRET)).some((c) => out.includes(c));
      assert.ok(!core, 'a base64 core of the secret survived');
    }
  });

  it('leaves text without secrets unchanged and handles no secrets at all', () => {
    assert.equal(redactSecrets('hello world', secrets), 'hello world');
    assert.equal(redactSecrets('hello world', {}), 'hello world');
    const r = new StreamingRedactor({ EMPTY: '' });
    assert.equal(r.push('abc') + r.flush(), 'abc');
  });

  it('does not redact short encoded forms of short secrets but still redacts the value', () => {
    const out = redactSecrets('pin 42 and 4 and 2', { PIN: '42' });
    assert.equal(out, 'pin [REDACTED:PIN] and 4 and 2');
  });

  it('is streaming-safe: any chunking gives the same output as one pass, and never leaks', () => {
    const noise = fc.string({ maxLength: 40 });
    const form = fc.constantFrom(SECRET, Buffer.from(SECRET).toString('base64'), encodeURIComponent(SECRET),
      Buffer.from(SECRET).toString('hex'));
    // fc.check rather than fc.assert: a failing counterexample would print the secret.
    const result = fc.check(fc.property(fc.array(fc.tuple(noise, form), { maxLength: 5 }), noise, fc.array(fc.nat(), { maxLength: 12 }),
      (parts, tail, cuts) => {
        const text = parts.map(([n, f]) => n + f).join('') + tail;
        const streamed = streamInPieces(text, cuts);
        return streamed === redactSecrets(text, secrets) && !leaks(streamed, SECRET);
      }), { numRuns: 300 });
    assert.ok(!result.failed, `property failed after ${result.numRuns} runs (counterexample withheld: it holds the secret)`);
  });

  it('holds back at most one wrapped secret length of output until more arrives', () => {
    // The longest match is the hex form with a CRLF allowed between any two characters: 3 × 52 - 2.
    const r = new StreamingRedactor(secrets);
    const first = r.push('a'.repeat(400));
    assert.ok(first.length >= 400 - 3 * 52, 'too much held back');
    assert.equal(first + r.flush(), 'a'.repeat(400));
  });

  it('redacts hex and base64 wrapped at any width, split across chunks at every point', () => {
    const bytes = Buffer.from(SECRET, 'utf8');
    for (const [encoded, width] of [[bytes.toString('hex'), 60], [bytes.toString('hex'), 7], [bytes.toString('base64'), 20], [bytes.toString('base64'), 5]] as const) {
      const wrapped = encoded.match(new RegExp(`.{1,${width}}`, 'g'))?.join('\r\n') ?? '';
      const text = `before ${wrapped} after`;
      for (let cut = 0; cut <= text.length; cut += 3) {
        const r = new StreamingRedactor(secrets);
        const out = r.push(text.slice(0, cut)) + r.push(text.slice(cut)) + r.flush();
        assert.match(out, /^before \[REDACTED:API_TOKEN\][A-Za-z0-9+/=\r\n]{0,6} after$/, `width ${width}, cut ${cut}`);
      }
    }
  });

  it('a stream cut short withholds an unfinished secret at its end, and only then', () => {
    const r = new StreamingRedactor(secrets);
    assert.equal(r.push(`output ${SECRET.slice(0, 20)}`) + r.flush(true), 'output ');
    const whole = new StreamingRedactor(secrets);
    assert.equal(whole.push(`output ${SECRET.slice(0, 20)}`) + whole.flush(), `output ${SECRET.slice(0, 20)}`);
  });
});
