import { strict as assert } from 'node:assert';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { CliIo } from '../../../src/cli/io';
import { runCli } from '../../../src/cli/main';
import { openAuditLog } from '../../../src/node/audit';

function ioFor(env: NodeJS.ProcessEnv = {}): { io: CliIo; out: () => string; err: () => string } {
  let out = '';
  let err = '';
  const io: CliIo = { stdin: Readable.from(['']), write: (t) => { out += t; }, error: (t) => { err += t; }, env, cwd: process.cwd() };
  return { io, out: () => out, err: () => err };
}

describe('agent-guard audit', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ag-cli-audit-'));
    let clock = Date.UTC(2026, 2, 1);
    const opened = await openAuditLog(dir, { now: () => (clock += 60_000), maxFileBytes: 4096 });
    for (let i = 1; i <= 40; i++) {
      await opened.log.append({ agent: i % 2 ? 'copilot' : 'claude', operation: i % 4 ? 'command.run' : 'file.write', target: `t${i}`, result: i % 3 ? 'allowed' : 'denied', source: 'api', reason: `r${i}` });
    }
    await opened.close();
  });
  after(async () => { await rm(dir, { recursive: true, force: true }); });

  it('verify: ok on an intact directory (exit 0)', async () => {
    const { io, out } = ioFor();
    assert.equal(await runCli(['audit', 'verify', dir], io), 0);
    assert.match(out(), /^ok: \d+ entries in \d+ file\(s\) verified/m);
  });

  it('verify: names the first bad entry of a tampered file (exit 3)', async () => {
    const copy = await mkdtemp(join(tmpdir(), 'ag-cli-tamper-'));
    try {
      const text = await readFile(join(dir, 'audit-000001.jsonl'), 'utf8');
      await writeFile(join(copy, 'audit-000001.jsonl'), text.replace('"target":"t3"', '"target":"t333"'));
      const { io, out } = ioFor();
      assert.equal(await runCli(['audit', 'verify', copy], io), 3);
      assert.match(out(), /^TAMPERED: audit-000001\.jsonl:4 \(seq 3\): modified:/m);
      const json = ioFor();
      await runCli(['audit', 'verify', copy, '--json'], json.io);
      assert.equal((JSON.parse(json.out()) as { problem: { seq: number } }).problem.seq, 3);
    } finally {
      await rm(copy, { recursive: true, force: true });
    }
  });

  it('verify: an empty directory is reported as such (exit 3)', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'ag-cli-empty-'));
    try {
      const { io, out } = ioFor();
      assert.equal(await runCli(['audit', 'verify', empty], io), 3);
      assert.match(out(), /^EMPTY: no audit entries found in /);
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });

  it('tail: newest first with filters and limit', async () => {
    const { io, out } = ioFor({ AGENT_GUARD_AUDIT_DIR: dir });
    assert.equal(await runCli(['audit', 'tail', '--result', 'denied', '--agent', 'copilot', '--limit', '3', '--json'], io), 0);
    const records = out().trim().split('\n').map((l) => JSON.parse(l) as { target: string; result: string; agent: string });
    assert.deepEqual(records.map((r) => r.target), ['t39', 't33', 't27']);
  });

  it('tail: time window and operation filter', async () => {
    const { io, out } = ioFor();
    assert.equal(await runCli(['audit', 'tail', dir, '--operation', 'file.write', '--since', '2026-03-01T00:20:00Z', '--until', '2026-03-01T00:40:00Z'], io), 0);
    const targets = out().trim().split('\n').map((l) => /file\.write {2}(t\d+)/.exec(l)?.[1]);
    assert.ok(targets.length >= 4 && targets.every((t) => t !== undefined), out());
  });

  it('export: JSON Lines and syslog', async () => {
    const jsonl = ioFor();
    assert.equal(await runCli(['audit', 'export', '--format', 'jsonl', dir], jsonl.io), 0);
    assert.ok(jsonl.out().trim().split('\n').length >= 41);
    const syslog = ioFor();
    assert.equal(await runCli(['audit', 'export', '--format', 'syslog', '--dir', dir, '--result', 'denied', '--hostname', 'ci'], syslog.io), 0);
    assert.ok(syslog.out().trim().split('\n').every((l) => /^<108>1 \S+ ci agent-guard - denied \[agentguard@32473 /.test(l)));
  });

  it('usage errors exit 2', async () => {
    for (const args of [['audit'], ['audit', 'frobnicate'], ['audit', 'verify'], ['audit', 'tail', dir, '--limit', 'x'], ['audit', 'tail', dir, '--result', 'maybe'], ['audit', 'export', dir], ['audit', 'tail', '--since']]) {
      assert.equal(await runCli(args, ioFor().io), 2, args.join(' '));
    }
  });
});
