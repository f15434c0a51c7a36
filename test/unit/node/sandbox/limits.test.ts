import { strict as assert } from 'node:assert';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { runSandboxed } from '../../../../src/node/sandbox';
import { processesMatching, tempDir } from './helpers';

// Runaways must be stopped and reported with the limit that stopped them. No timings are asserted here
// beyond "it finished", which the generous timeouts below guarantee; speed lives in bench/sandbox.bench.ts.
describe('node/sandbox limits (real bwrap)', () => {
  let ws: ReturnType<typeof tempDir>;
  beforeEach(() => { ws = tempDir('ag-limits-'); });
  afterEach(() => ws.remove());

  it('kills a memory hog at the memory limit', async () => {
    const r = await runSandboxed({ command: 'tail /dev/zero', workspace: ws.path, limits: { memoryBytes: 64 * 1024 ** 2, timeoutMs: 15_000 } });
    assert.equal(r.killedBy, 'memory', `${r.signal} ${r.exitCode} ${r.notes.join(' ')}`);
    assert.notEqual(r.exitCode, 0);
  });

  it('kills a busy loop at the CPU limit', async () => {
    const r = await runSandboxed({ command: 'while :; do :; done', workspace: ws.path, limits: { cpuSeconds: 1, timeoutMs: 15_000 } });
    assert.equal(r.killedBy, 'cpu');
    assert.equal(r.signal, 'SIGXCPU');
  });

  it('stops a fork bomb at the process limit and leaves nothing running', async () => {
    const marker = `agbomb${Date.now()}`;
    const r = await runSandboxed({ command: `${marker}(){ ${marker} | ${marker} & }; ${marker}; sleep 60`, workspace: ws.path,
      limits: { maxProcesses: 32, timeoutMs: 15_000 } });
    assert.equal(r.killedBy, 'pids', r.notes.join(' '));
    assert.deepEqual(processesMatching(marker), []);
  });

  it('kills endless output at the output cap and keeps only the cap', async () => {
    const r = await runSandboxed({ command: 'yes agent-guard', workspace: ws.path, limits: { outputBytes: 64 * 1024, timeoutMs: 15_000 } });
    assert.equal(r.killedBy, 'output');
    assert.equal(r.truncated, true);
    assert.ok(Buffer.byteLength(r.stdout) <= 64 * 1024);
    assert.ok(r.stdout.startsWith('agent-guard\n'));
  });

  it('kills a sleeper at the wall-clock timeout', async () => {
    const r = await runSandboxed({ command: 'sleep 600', workspace: ws.path, limits: { timeoutMs: 300 } });
    assert.equal(r.killedBy, 'timeout');
    assert.equal(r.signal, 'SIGKILL');
  });

  it('stops a write at the file-size limit', async () => {
    const r = await runSandboxed({ command: 'head -c 1000000 /dev/zero > big.bin', workspace: ws.path, limits: { fileSizeBytes: 4096 } });
    assert.equal(r.killedBy, 'fileSize');
    assert.ok(statSync(join(ws.path, 'big.bin')).size <= 4096);
  });

  it('kills a run whose files add up past the disk limit although each stays under the file-size limit', async () => {
    const mb = 1024 ** 2;
    const r = await runSandboxed({ workspace: ws.path, limits: { fileSizeBytes: 2 * mb, diskBytes: 3 * mb, timeoutMs: 15_000 },
      command: 'for i in 1 2 3 4 5; do head -c 1500000 /dev/urandom > part$i.bin || exit 7; sleep 0.3; done; echo ALL-WRITTEN; sleep 10' });
    assert.equal(r.killedBy, 'disk', `${r.exitCode} ${r.signal} ${r.notes.join(' ')}`);
    assert.ok(!r.stdout.includes('ALL-WRITTEN'), 'the run was not stopped while it wrote');
    assert.ok(r.notes.some((n) => /disk limit/.test(n)), r.notes.join(' '));
  });

  it('reports the disk limit even when the run ends before the watch looks', async () => {
    const mb = 1024 ** 2;
    const r = await runSandboxed({ workspace: ws.path, limits: { fileSizeBytes: 2 * mb, diskBytes: 3 * mb },
      command: 'for i in 1 2 3 4 5; do head -c 1500000 /dev/zero > part$i.bin; done' });
    assert.equal(r.killedBy, 'disk', `${r.exitCode} ${r.notes.join(' ')}`);
  });

  it('caps the private /tmp at the disk limit', async () => {
    const r = await runSandboxed({ workspace: ws.path, limits: { diskBytes: 2 * 1024 ** 2 },
      command: 'head -c 8000000 /dev/zero > /tmp/fill; echo "rc=$?"; wc -c < /tmp/fill' });
    const [rc, size] = r.stdout.trim().split('\n');
    assert.notEqual(rc, 'rc=0', 'writing past the /tmp size succeeded');
    assert.ok(Number(size) <= 2 * 1024 ** 2, `/tmp held ${size} bytes`);
  });

  it('reports a normal exit code and no kill for a well-behaved command', async () => {
    const r = await runSandboxed({ argv: ['/bin/sh', '-c', 'echo out; echo err >&2; exit 3'], workspace: ws.path });
    assert.deepEqual([r.exitCode, r.signal, r.killedBy, r.stdout, r.stderr], [3, null, undefined, 'out\n', 'err\n']);
    assert.ok(r.durationMs > 0);
  });

  it('survives an output listener that throws', async () => {
    const r = await runSandboxed({ command: 'echo a; echo b', workspace: ws.path, onOutput: () => { throw new Error('listener bug'); } });
    assert.deepEqual([r.exitCode, r.stdout], [0, 'a\nb\n']);
  });

  it('cancellation kills the whole process tree', async () => {
    const marker = String(900000 + Math.floor(Math.random() * 99999));
    const controller = new AbortController();
    const r = await runSandboxed({
      command: `sleep ${marker} & (sleep ${marker} &) ; echo started; wait`,
      workspace: ws.path,
      signal: controller.signal,
      limits: { timeoutMs: 15_000 },
      onOutput: (_stream, text) => { if (text.includes('started')) controller.abort(); },
    });
    assert.equal(r.killedBy, 'cancel');
    assert.deepEqual(processesMatching(`sleep ${marker}`), []);
  });
});
