import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createRunCgroup } from '../../../../src/node/sandbox/cgroup';

function pidsParent(): string | undefined {
  const line = readFileSync('/proc/self/cgroup', 'utf8').split('\n').find((l) => l.split(':')[1]?.split(',').includes('pids'));
  const path = line?.split(':')[2];
  return path === undefined ? undefined : join('/sys/fs/cgroup/pids', path);
}

describe('node/sandbox cgroups', () => {
  it('creates a per-run group with the limits, and removes it', async function () {
    const group = createRunCgroup({ memoryBytes: 64 * 1024 ** 2, maxProcesses: 17 });
    if (!group) this.skip(); // no writable cgroup on this machine: the runner falls back to rlimits (tested elsewhere)
    const run = group as NonNullable<typeof group>;
    assert.ok(run.pids);
    const pidsDir = run.procsFiles.map((f) => f.replace(/\/cgroup\.procs$/, '')).find((d) => existsSync(join(d, 'pids.max')));
    assert.equal(readFileSync(join(pidsDir as string, 'pids.max'), 'utf8').trim(), '17');
    assert.deepEqual(run.events(), { oomKilled: false, pidsLimitHit: false });
    await run.dispose();
    for (const file of run.procsFiles) assert.ok(!existsSync(file), 'group left behind');
  });

  it('removes groups left behind by a runner that died', function () {
    const parent = pidsParent();
    if (!parent || !existsSync(join(parent, 'cgroup.procs'))) this.skip();
    const stale = join(parent as string, 'agent-guard-999999999-1'); // a pid above pid_max: never alive
    try {
      mkdirSync(stale);
    } catch {
      this.skip(); // not writable here
    }
    // A fresh process: the sweep runs once per parent per process, and this mocha process already swept.
    const script = "require('./src/node/sandbox/cgroup').createRunCgroup({ maxProcesses: 8 })?.dispose()";
    const child = spawnSync(process.execPath, ['--require', 'tsx/cjs', '-e', script], { cwd: resolve(__dirname, '../../../..'), encoding: 'utf8' });
    assert.equal(child.status, 0, child.stderr);
    const left = existsSync(stale);
    if (left) rmdirSync(stale);
    assert.ok(!left, 'the stale group was not removed');
  });
});
