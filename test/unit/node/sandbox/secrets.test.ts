import { strict as assert } from 'node:assert';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runSandboxed } from '../../../../src/node/sandbox';
import { canary, containsSecret, processesMatching, tempDir } from './helpers';

// The canary is random per run and is only ever checked with assert.ok(bool, message): a failing test
// reports which form leaked, never the value.
describe('node/sandbox secret injection (real bwrap)', () => {
  let ws: ReturnType<typeof tempDir>;
  beforeEach(() => { ws = tempDir('ag-secret-'); });
  afterEach(() => ws.remove());

  it('injects the secret as an env var inside and redacts every form of it from captured and live output', async () => {
    const value = canary();
    writeFileSync(join(ws.path, 'expected'), value); // compared inside, so the value is never on a command line
    const live: string[] = [];
    const r = await runSandboxed({
      command: 'test "$TOKEN" = "$(cat expected)" || exit 9; echo "plain:$TOKEN"; printf %s "$TOKEN" | base64; ' +
        'printf %s "$TOKEN" | od -An -tx1 | tr -d " \\n"; echo; echo "err:$TOKEN" >&2',
      workspace: ws.path,
      secrets: { TOKEN: value },
      onOutput: (_s, text) => live.push(text),
    });
    assert.equal(r.exitCode, 0, 'the secret did not arrive inside the sandbox intact');
    assert.ok(!containsSecret(r.stdout, value), 'secret leaked into captured stdout');
    assert.ok(!containsSecret(r.stderr, value), 'secret leaked into captured stderr');
    assert.ok(!containsSecret(live.join(''), value), 'secret leaked into live output');
    assert.match(r.stdout, /^plain:\[REDACTED:TOKEN\]$/m);
    assert.equal(r.stdout.split('[REDACTED:TOKEN]').length - 1, 3, 'plain, base64 and hex should each be marked');
    assert.match(r.stderr, /^err:\[REDACTED:TOKEN\]$/m);
  });

  it('redacts a secret split across output chunks', async () => {
    const value = canary();
    // Two writes with a pause between: the value reaches the pipe in two pieces.
    const r = await runSandboxed({
      command: 'printf %s "${TOKEN%????????}"; sleep 0.2; printf "%s\\n" "${TOKEN#"${TOKEN%????????}"}"',
      workspace: ws.path,
      secrets: { TOKEN: value },
    });
    assert.equal(r.exitCode, 0);
    assert.ok(!containsSecret(r.stdout, value), 'a split secret leaked');
    assert.equal(r.stdout, '[REDACTED:TOKEN]\n');
  });

  it('does not put secrets on any host command line (only in the environment of the sandboxed process)', async () => {
    const value = canary();
    const run = runSandboxed({ command: 'echo started; sleep 0.5', workspace: ws.path, secrets: { TOKEN: value },
      onOutput: () => { seen = processesMatching(value); } });
    let seen: number[] | undefined;
    const r = await run;
    assert.equal(r.exitCode, 0);
    assert.deepEqual(seen, [], 'a host process had the secret on its command line');
  });
});
