import { strict as assert } from 'node:assert';
import { runSandboxed } from '../../../../src/node/sandbox';
import { canary, containsSecret, processesMatching, tempDir } from './helpers';

// A machine without bubblewrap is simulated by pointing the runner at no bwrap at all.
describe('node/sandbox without bubblewrap', () => {
  let ws: ReturnType<typeof tempDir>;
  beforeEach(() => { ws = tempDir('ag-fallback-'); });
  afterEach(() => ws.remove());

  it('refuses in required mode and says how to install bubblewrap', async () => {
    const r = await runSandboxed({ command: 'echo ran > ran.txt', workspace: ws.path, required: true }, { bwrapPath: null });
    assert.match(r.refused ?? '', /sandbox\.required/);
    assert.match(r.refused ?? '', /apt install bubblewrap/);
    assert.equal(r.exitCode, null);
    assert.equal(r.sandboxed, false);
  });

  it('refuses in required mode when bwrap exists but cannot start', async () => {
    const r = await runSandboxed({ command: 'true', workspace: ws.path, required: true }, { bwrapPath: '/bin/false' });
    assert.match(r.refused ?? '', /not usable/);
  });

  it('otherwise runs unsandboxed, says so, and still scrubs, limits and redacts', async () => {
    const value = canary();
    process.env.AG_TEST_HIDDEN = 'x';
    try {
      const r = await runSandboxed({ command: 'echo "$TOKEN"; env', workspace: ws.path, secrets: { TOKEN: value } }, { bwrapPath: null });
      assert.equal(r.sandboxed, false);
      assert.equal(r.exitCode, 0);
      assert.ok(r.notes.some((n) => n.startsWith('UNSANDBOXED')));
      assert.ok(r.notes.some((n) => n.includes('Network is NOT blocked')));
      assert.ok(!r.stdout.includes('AG_TEST_HIDDEN'));
      assert.ok(!containsSecret(r.stdout, value), 'secret leaked unsandboxed');
    } finally {
      delete process.env.AG_TEST_HIDDEN;
    }
  });

  it('unsandboxed, a timeout still kills the whole tree', async () => {
    const marker = String(800000 + Math.floor(Math.random() * 99999));
    const r = await runSandboxed({ command: `sleep ${marker} & sleep ${marker}`, workspace: ws.path, limits: { timeoutMs: 300 } }, { bwrapPath: null });
    assert.equal(r.killedBy, 'timeout');
    assert.deepEqual(processesMatching(`sleep ${marker}`), []);
  });

  it('without cgroups the run still works and the notes say what is not enforced', async () => {
    const r = await runSandboxed({ command: 'true', workspace: ws.path }, { cgroups: false });
    assert.equal(r.exitCode, 0);
    assert.equal(r.sandboxed, true);
    if (process.getuid?.() === 0) assert.ok(r.notes.some((n) => n.includes('process limit is NOT enforced')));
    assert.ok(r.notes.some((n) => n.includes('RLIMIT_AS')));
  });
});
