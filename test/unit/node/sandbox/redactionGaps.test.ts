import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { runSandboxed } from '../../../../src/node/sandbox';
import { canary, containsSecret, tempDir } from './helpers';

// Issue 12 item 2, against real bubblewrap and the real coreutils/xxd encoders. The canary is random per
// run and only ever checked with assert.ok(bool, message), so a failure never prints it.
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
function base32(bytes: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out;
}

/** The middle of the encoded payload: what would show the secret if the redactor missed it. */
function middle(encoded: string): string {
  return encoded.slice(8, -8);
}

const unwrapped = (text: string) => text.replace(/\s+/g, '');

describe('node/sandbox redaction gaps (real bwrap)', function () {
  this.timeout(20_000);
  let ws: ReturnType<typeof tempDir>;
  beforeEach(() => { ws = tempDir('ag-redact-'); });
  afterEach(() => ws.remove());

  it('redacts xxd -p output, which wraps every 60 hex characters inside the secret', async () => {
    const value = `${canary()}-${canary()}`; // 71 bytes: 142 hex characters over three lines
    const r = await runSandboxed({ command: 'printf %s "$TOKEN" | xxd -p; printf %s "$TOKEN" | xxd -p -u', workspace: ws.path, secrets: { TOKEN: value } });
    assert.equal(r.exitCode, 0, r.stderr);
    const hex = Buffer.from(value).toString('hex');
    assert.ok(!unwrapped(r.stdout).includes(middle(hex)), 'the wrapped lower-case hex leaked');
    assert.ok(!unwrapped(r.stdout).toLowerCase().includes(middle(hex)), 'the wrapped upper-case hex leaked');
    assert.equal(r.stdout.split('[REDACTED:TOKEN]').length - 1, 2);
  });

  it('redacts wrapped base64 in every alignment, wherever padding moves the line break', async () => {
    const value = canary();
    const prefixes = ['', 'a', 'ab'];
    const command = prefixes.flatMap((p) => [20, 33, 76].map((w) => `printf '${p}%s' "$TOKEN" | base64 -w ${w}`)).join('; ');
    const r = await runSandboxed({ command, workspace: ws.path, secrets: { TOKEN: value } });
    assert.equal(r.exitCode, 0, r.stderr);
    for (const p of prefixes) {
      assert.ok(!unwrapped(r.stdout).includes(middle(Buffer.from(p + value).toString('base64'))), `wrapped base64 leaked (prefix length ${p.length})`);
    }
  });

  it('redacts base32, plain and wrapped, in every alignment', async () => {
    const value = canary();
    const prefixes = ['', 'a', 'ab', 'abc', 'abcd'];
    const command = prefixes.flatMap((p) => [0, 16].map((w) => `printf '${p}%s' "$TOKEN" | base32 -w ${w}; echo`)).join('; ');
    const r = await runSandboxed({ command, workspace: ws.path, secrets: { TOKEN: value } });
    assert.equal(r.exitCode, 0, r.stderr);
    for (const p of prefixes) {
      assert.ok(!unwrapped(r.stdout).includes(middle(base32(Buffer.from(p + value)))), `base32 leaked (prefix length ${p.length})`);
    }
  });

  it('redacts before truncating: a secret straddling the output cap shows no prefix', async () => {
    const value = canary();
    for (const shown of [4, 17, 30, 33]) {
      const r = await runSandboxed({ command: 'head -c 1000 /dev/zero | tr "\\0" x; printf %s "$TOKEN"; sleep 5', workspace: ws.path,
        secrets: { TOKEN: value }, limits: { outputBytes: 1000 + shown, timeoutMs: 15_000 } });
      assert.equal(r.truncated, true);
      assert.ok(r.stdout.startsWith('x'.repeat(900)), 'the output before the secret is kept');
      const tail = r.stdout.replace(/x+$/, '').slice(-shown);
      assert.ok(!r.stdout.includes(value.slice(0, 4)), `a ${shown}-character prefix at the cap leaked (tail ${tail.length} chars)`);
    }
  });

  it('across runs: run A (with the secret) writes it into a file, run B (without it) prints the file: redacted', async () => {
    const value = canary();
    const a = await runSandboxed({ command: 'printf "%s\\n" "$TOKEN" > notes.txt; printf %s "$TOKEN" | base64 >> notes.txt', workspace: ws.path, secrets: { TOKEN: value } });
    assert.equal(a.exitCode, 0, a.stderr);
    assert.ok(containsSecret(readFileSync(join(ws.path, 'notes.txt'), 'utf8'), value), 'run A did not write the secret');
    // Run B is not given the secret; every known vault value is passed as `redact` (the extension does so for every run).
    const b = await runSandboxed({ command: 'cat notes.txt; echo "env:${TOKEN:-unset}"', workspace: ws.path, redact: { TOKEN: value } });
    assert.equal(b.exitCode, 0, b.stderr);
    assert.ok(!containsSecret(b.stdout, value), 'run B printed the secret from the file');
    // base64 of 34 bytes ends in a character that also holds padding bits: it may stay, it shows nothing.
    assert.match(b.stdout, /^\[REDACTED:TOKEN\]\n\[REDACTED:TOKEN\][A-Za-z0-9+/]?=*\nenv:unset\n$/);
  });
});
