import { strict as assert } from 'node:assert';
import { AuditLog, auditRecordSchema, GENESIS_HASH, type AuditEntryInput } from '../../../../src/engine/audit';
import { cloneFiles, MemorySink, verifyFiles } from './memorySink';

const CANARY = 'canary-Zq81LmPx7Rt2Vn';
const entry = (i: number, extra: Partial<AuditEntryInput> = {}): AuditEntryInput => ({
  agent: 'claude-code', operation: 'command.run', target: `npm test -- --grep case${i}`, result: i % 3 === 0 ? 'denied' : 'allowed',
  rule: 'builtin:test', reason: 'matched rule', source: 'hook', details: { exitCode: 0, durationMs: i, sandboxed: true }, ...extra,
});

async function makeLog(count: number, options: { maxFileBytes?: number; key?: string } = {}): Promise<{ log: AuditLog; sink: MemorySink }> {
  const sink = new MemorySink();
  let clock = Date.UTC(2026, 0, 1);
  const log = await AuditLog.create({ sink, now: () => (clock += 1000), vaultValues: () => [CANARY], ...options }, 'log-test-1');
  for (let i = 1; i <= count; i++) await log.append(entry(i));
  return { log, sink };
}

describe('audit log: chain', () => {
  it('anchors the chain with seq 0, the genesis hash and the log id', async () => {
    const { sink } = await makeLog(0);
    const [first] = sink.files.get('audit-000001.jsonl') ?? [];
    const anchor = auditRecordSchema.parse(JSON.parse(first ?? ''));
    assert.equal(anchor.seq, 0);
    assert.equal(anchor.prevHash, GENESIS_HASH);
    assert.equal(anchor.operation, 'audit.anchor');
    assert.equal(anchor.target, 'log-test-1');
  });

  it('links each record to the previous hash with consecutive seq', async () => {
    const { sink } = await makeLog(20);
    const records = (sink.files.get('audit-000001.jsonl') ?? []).map((l) => auditRecordSchema.parse(JSON.parse(l)));
    assert.equal(records.length, 21);
    for (let i = 1; i < records.length; i++) {
      assert.equal(records[i]?.seq, i);
      assert.equal(records[i]?.prevHash, records[i - 1]?.hash);
    }
    const report = verifyFiles(sink.files);
    assert.ok(report.ok, JSON.stringify(report.problem));
    assert.equal(report.entries, 21);
    assert.equal(report.logId, 'log-test-1');
  });

  it('keeps call order for concurrent appends', async () => {
    const { log, sink } = await makeLog(0);
    await Promise.all(Array.from({ length: 50 }, (_, i) => log.append(entry(i))));
    assert.ok(verifyFiles(sink.files).ok);
    assert.equal(log.head.seq, 50);
  });

  it('rejects an invalid entry without touching the chain', async () => {
    const { log } = await makeLog(1);
    const before = log.head.seq;
    await assert.rejects(log.append({ ...entry(2), result: 'maybe' as never }), /invalid audit entry/);
    await assert.rejects(log.append({ ...entry(2), time: 'yesterday-ish' }), /invalid audit entry/);
    assert.equal(log.head.seq, before);
  });

  it('redacts secrets and vault values before hashing and writing (canary never lands)', async () => {
    const { log, sink } = await makeLog(0);
    const token = ['gh', 'p_'].join('') + 'aB3dE5gH7jK9mN1pQ3sT5vW7yZ9bC1dE3fG5';
    await log.append(entry(1, { target: `curl -H "X: ${CANARY}" https://x.test`, reason: `leaked ${Buffer.from(CANARY).toString('base64')}`, details: { note: token } }));
    const text = [...sink.files.values()].flat().join('\n');
    assert.ok(!text.includes(CANARY) && !text.includes(Buffer.from(CANARY).toString('base64').replace(/=+$/, '')), text);
    assert.ok(!text.includes(token));
    assert.match(text, /\[REDACTED:vault-value\]/);
    assert.ok(verifyFiles(sink.files).ok);
  });

  it('redacts a vault value whose hex or base64 form is wrapped over lines (xxd -p, base64 -w) in any field', async () => {
    const secret = `${CANARY}-${CANARY}-${CANARY}`; // 68 bytes: xxd -p wraps its 136 hex digits at 60
    const wrap = (text: string, width: number) => (text.match(new RegExp(`.{1,${width}}`, 'g')) ?? []).join('\n');
    const hex = Buffer.from(secret).toString('hex');
    const b64 = Buffer.from(secret).toString('base64');
    const sink = new MemorySink();
    const log = await AuditLog.create({ sink, now: () => Date.UTC(2026, 0, 1), vaultValues: () => [secret] }, 'log-test-wrap');
    await log.append(entry(1, { target: `xxd -p secret.txt\n${wrap(hex, 60)}`, reason: `printed:\n${wrap(b64, 76)}`, details: { output: wrap(hex, 32) } }));
    const record = JSON.parse([...sink.files.values()].flat()[1] ?? '{}') as { target: string; reason: string; details: { output: string } };
    const unwrapped = [record.target, record.reason, record.details.output].map((t) => t.replace(/\n/g, '')).join(' ');
    assert.ok(!unwrapped.includes(hex.slice(0, 24)) && !unwrapped.includes(b64.slice(0, 24)), unwrapped);
    assert.match(record.target, /\[REDACTED:/);
    assert.ok(verifyFiles(sink.files).ok);
  });

  it('truncates oversized fields', async () => {
    const { log } = await makeLog(0);
    const record = await log.append(entry(1, { target: 'x'.repeat(10_000) }));
    assert.ok(record.target.length < 4200 && record.target.includes('[truncated'));
  });

  it('rotates by size with a continuation record that carries the chain', async () => {
    const { sink } = await makeLog(200, { maxFileBytes: 8 * 1024 });
    assert.ok(sink.files.size > 3, `files: ${sink.files.size}`);
    for (const [name, lines] of sink.files) {
      const first = auditRecordSchema.parse(JSON.parse(lines[0] ?? ''));
      if (name !== 'audit-000001.jsonl') assert.equal(first.operation, 'audit.continue');
      assert.ok(lines.join('\n').length <= 8 * 1024 + 1024, `${name} too big`);
    }
    const report = verifyFiles(sink.files);
    assert.ok(report.ok, JSON.stringify(report.problem));
    assert.equal(report.files, sink.files.size);
  });

  it('puts a record larger than the rotation size alone in a new file instead of rotating forever', async () => {
    const { log, sink } = await makeLog(3, { maxFileBytes: 1024 });
    await log.append(entry(4, { target: 'y'.repeat(3000), reason: 'z'.repeat(3000) }));
    await log.append(entry(5));
    assert.ok(verifyFiles(sink.files).ok);
    const holder = [...sink.files.values()].find((lines) => lines.some((l) => l.includes('y'.repeat(3000))));
    assert.equal(holder?.length, 2, 'the big record sits alone after its continuation record');
  });

  it('caps the number of detail keys', async () => {
    const { log } = await makeLog(0);
    const details = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`k${i}`, i]));
    const record = await log.append(entry(1, { details }));
    assert.equal(Object.keys(record.details ?? {}).length, 33);
    assert.equal(record.details?.droppedDetails, 8);
  });

  it('with an HMAC key, verifying needs the key', async () => {
    const { sink } = await makeLog(5, { key: 'k-123' });
    assert.ok(verifyFiles(sink.files, { key: 'k-123' }).ok);
    assert.equal(verifyFiles(sink.files).ok, false);
    assert.equal(verifyFiles(sink.files, { key: 'wrong' }).problem?.kind, 'modified');
  });

  it('hands a recovery record into the chain and verify reports it', async () => {
    const { log, sink } = await makeLog(3);
    await log.recordRecovery('torn tail moved aside', { bytes: 12 });
    const report = verifyFiles(sink.files);
    assert.ok(report.ok);
    assert.equal(report.warnings[0]?.kind, 'recovered');
  });

  it('a copy of the files verifies the same (no hidden state)', async () => {
    const { sink } = await makeLog(10);
    assert.ok(verifyFiles(cloneFiles(sink.files)).ok);
  });
});
