import { strict as assert } from 'node:assert';
import { appendFile, mkdtemp, readdir, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AuditEntryInput, AuditResult } from '../../../../src/engine/audit';
import {
  AuditLogDamagedError, AuditLogLockedError, exportAudit, openAuditLog, queryAudit, readLinesBackward, readLinesForward, verifyAuditPath,
} from '../../../../src/node/audit';

const T0 = Date.UTC(2026, 5, 1, 12, 0, 0);
const RESULTS: AuditResult[] = ['allowed', 'denied', 'executed', 'asked'];
const entry = (i: number): AuditEntryInput => ({
  time: T0 + i * 60_000, agent: i % 2 === 0 ? 'claude-code' : 'copilot', operation: i % 5 === 0 ? 'vault.use' : 'command.run',
  target: `task ${i} — ünïcode ✓`, result: RESULTS[i % RESULTS.length] ?? 'allowed', source: 'api', details: { exitCode: i % 3 },
});

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

describe('audit log on disk', () => {
  let dir: string;
  let clock = T0;
  const now = (): number => (clock += 1000);
  beforeEach(async () => { dir = await mkdtemp(join(tmpdir(), 'ag-audit-')); });
  afterEach(async () => { await rm(dir, { recursive: true, force: true }); });

  async function writeEntries(count: number, maxFileBytes?: number): Promise<void> {
    const opened = await openAuditLog(dir, { now, maxFileBytes });
    await Promise.all(Array.from({ length: count }, (_, i) => opened.log.append(entry(i + 1))));
    await opened.close();
  }

  it('creates, closes, reopens and continues one verified chain', async () => {
    await writeEntries(10);
    await writeEntries(10);
    const report = await verifyAuditPath(dir);
    assert.ok(report.ok, JSON.stringify(report.problem));
    assert.equal(report.entries, 21);
    assert.equal(report.head?.seq, 20);
  });

  it('batches concurrent appends into few fsyncs (group commit)', async () => {
    const opened = await openAuditLog(dir, { now });
    await Promise.all(Array.from({ length: 2000 }, (_, i) => opened.log.append(entry(i))));
    assert.ok(opened.sink.commits < 100, `commits: ${opened.sink.commits}`);
    await opened.close();
    assert.equal((await verifyAuditPath(dir)).entries, 2001);
  });

  it('rotates by size on disk and verify walks every file', async () => {
    await writeEntries(400, 16 * 1024);
    const files = (await readdir(dir)).filter((f) => f.endsWith('.jsonl'));
    assert.ok(files.length >= 4, files.join());
    const report = await verifyAuditPath(dir);
    assert.ok(report.ok, JSON.stringify(report.problem));
    assert.equal(report.files, files.length);
    const single = await verifyAuditPath(join(dir, 'audit-000002.jsonl'));
    assert.ok(single.ok);
    assert.equal(single.warnings[0]?.kind, 'partial');
  });

  it('detects a whole early file deleted on disk', async () => {
    await writeEntries(400, 16 * 1024);
    await unlink(join(dir, 'audit-000001.jsonl'));
    const report = await verifyAuditPath(dir);
    assert.equal(report.problem?.kind, 'missing-anchor');
    assert.equal(report.problem?.file, 'audit-000002.jsonl');
  });

  it('queries by agent, result, operation, time and limit, oldest or newest first', async () => {
    await writeEntries(300, 16 * 1024);
    const denied = await collect(queryAudit(dir, { results: ['denied'], agent: 'copilot' }));
    assert.ok(denied.length > 0 && denied.every((r) => r.result === 'denied' && r.agent === 'copilot'));
    const vault = await collect(queryAudit(dir, { operation: 'vault.*' }));
    assert.equal(vault.length, 60);
    const window = await collect(queryAudit(dir, { since: T0 + 10 * 60_000, until: T0 + 19 * 60_000 }));
    assert.deepEqual(window.map((r) => r.target.split(' ')[1]), Array.from({ length: 10 }, (_, i) => String(i + 10)));
    const newest = await collect(queryAudit(dir, { newestFirst: true, limit: 5, operation: 'command.run' }));
    // Entry 300 is a vault.use (every fifth); the newest command.run entries come before it.
    assert.deepEqual(newest.map((r) => r.target.split(' ')[1]), ['299', '298', '297', '296', '294']);
    assert.ok(newest.every((r, i) => i === 0 || r.seq < (newest[i - 1]?.seq ?? 0)));
    const oldest = await collect(queryAudit(dir, { limit: 3 }));
    assert.deepEqual(oldest.map((r) => r.seq), [0, 1, 2]);
  });

  it('exports JSON Lines and RFC 5424 syslog lines', async () => {
    await writeEntries(5);
    let jsonl = '';
    assert.equal(await exportAudit(dir, 'jsonl', {}, (t) => { jsonl += t; }), 6);
    assert.equal(jsonl.trim().split('\n').length, 6);
    let syslog = '';
    await exportAudit(dir, 'syslog', { results: ['denied'] }, (t) => { syslog += t; }, 'dev-box');
    const [line] = syslog.trim().split('\n');
    assert.match(line ?? '', /^<108>1 2026-06-01T12:\d\d:00\.000Z dev-box agent-guard - denied \[agentguard@32473 seq="\d+" agent="copilot" operation="command\.run" result="denied" source="api" hash="[0-9a-f]{64}"\] command\.run task \d+/);
  });

  it('reads lines backward exactly as forward, across chunk boundaries and multi-byte text', async () => {
    const path = join(dir, 'lines.txt');
    const lines = Array.from({ length: 5000 }, (_, i) => `${i} ${'é✓'.repeat(i % 40)}`);
    await writeFile(path, lines.join('\n') + '\n');
    const forward = (await collect(readLinesForward(path))).map((l) => l.text);
    const backward = (await collect(readLinesBackward(path))).map((l) => l.text);
    assert.deepEqual(forward, lines);
    assert.deepEqual(backward, [...lines].reverse());
  });

  describe('torn tail (crash mid-write)', () => {
    it('verify reports it; open moves it aside, records the recovery and the chain continues', async () => {
      await writeEntries(5);
      const file = join(dir, 'audit-000001.jsonl');
      await appendFile(file, '{"seq":6,"time":"2026-06-01T12:0');
      const before = await verifyAuditPath(dir);
      assert.ok(before.ok);
      assert.equal(before.warnings[0]?.kind, 'torn-tail');
      assert.equal(before.warnings[0]?.line, 7);

      const opened = await openAuditLog(dir, { now });
      assert.equal(opened.recovered?.bytes, Buffer.byteLength('{"seq":6,"time":"2026-06-01T12:0'));
      await opened.log.append(entry(99));
      await opened.close();

      const saved = await readFile(join(dir, opened.recovered?.savedAs ?? 'missing'), 'utf8');
      assert.equal(saved, '{"seq":6,"time":"2026-06-01T12:0');
      const after = await verifyAuditPath(dir);
      assert.ok(after.ok, JSON.stringify(after.problem));
      assert.equal(after.entries, 8);
      assert.deepEqual(after.warnings.map((w) => w.kind), ['recovered']);
    });

    it('recovers when the crash hit right after a new file was started', async () => {
      await writeEntries(400, 16 * 1024);
      const files = (await readdir(dir)).filter((f) => f.endsWith('.jsonl')).sort();
      const next = `audit-${String(files.length + 1).padStart(6, '0')}.jsonl`;
      await writeFile(join(dir, next), '{"seq":40');
      const opened = await openAuditLog(dir, { now, maxFileBytes: 16 * 1024 });
      await opened.log.append(entry(1));
      await opened.close();
      const report = await verifyAuditPath(dir);
      assert.ok(report.ok, JSON.stringify(report.problem));
    });

    it('refuses to open over a complete but invalid last line (not a crash artifact)', async () => {
      await writeEntries(3);
      await appendFile(join(dir, 'audit-000001.jsonl'), '{"seq":4,"forged":true}\n');
      await assert.rejects(openAuditLog(dir, { now }), AuditLogDamagedError);
    });
  });
});

describe('audit log: one writer at a time', () => {
  let dir: string;
  beforeEach(async () => { dir = await mkdtemp(join(tmpdir(), 'ag-audit-lock-')); });
  afterEach(async () => { await rm(dir, { recursive: true, force: true }); });

  it('refuses a second writer while the first is open, and allows it after close', async () => {
    const first = await openAuditLog(dir, { now: Date.now });
    await assert.rejects(openAuditLog(dir, { now: Date.now }), (error: Error) => error instanceof AuditLogLockedError);
    await first.close();
    const second = await openAuditLog(dir, { now: Date.now });
    await second.log.append(entry(1));
    await second.close();
    assert.ok((await verifyAuditPath(dir)).ok);
  });

  it('takes over a stale lock left by a writer that is gone', async () => {
    await writeFile(join(dir, 'audit.lock'), '999999999');
    const opened = await openAuditLog(dir, { now: Date.now });
    await opened.close();
  });

  it('refuses when another live process holds the lock', async () => {
    await writeFile(join(dir, 'audit.lock'), String(process.ppid));
    await assert.rejects(openAuditLog(dir, { now: Date.now }), /being written by process/);
  });
});
