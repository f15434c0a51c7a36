/** The collector-side check of forwarded entries (agent-guard audit verify --syslog), on real chains. */
import { strict as assert } from 'node:assert';
import { AuditLog, toForwardedSyslog, verifySyslogLines, type AuditRecord } from '../../../../src/engine/audit';

/** The forwarded lines of a real chain of `count` entries after its anchor (the sink sees every line, anchor included). */
async function lines(count: number, key?: string, logId = 'log-A', hostname = 'dev-1'): Promise<string[]> {
  const records: AuditRecord[] = [];
  let clock = Date.UTC(2026, 11, 6);
  const sink = { write: async (line: string) => { records.push(JSON.parse(line) as AuditRecord); } };
  const log = await AuditLog.create({ sink, now: () => (clock += 1000), key }, logId);
  for (let i = 1; i <= count; i++) await log.append({ agent: 'claude-code', operation: 'command.run', target: `ls ${i}`, result: 'allowed', source: 'hook' });
  return records.map((record) => toForwardedSyslog(record, { hostname, logId }));
}

describe('verify --syslog: a collected file of forwarded entries', () => {
  it('accepts a complete chain and counts it per log', async () => {
    const report = verifySyslogLines(await lines(20));
    assert.ok(report.ok, JSON.stringify(report));
    assert.deepEqual(report.logs, [{ logId: 'log-A', hostname: 'dev-1', entries: 21, firstSeq: 0, lastSeq: 20 }]);
  });

  it('reports a whole repeated entry as a duplicate, not an error', async () => {
    const collected = await lines(10);
    const report = verifySyslogLines([...collected.slice(0, 6), ...collected.slice(4)]);
    assert.ok(report.ok, JSON.stringify(report.problems));
    assert.deepEqual(report.duplicates.map((d) => d.seq), [4, 5]);
  });

  it('reports a missing entry as a gap', async () => {
    const collected = await lines(10);
    const report = verifySyslogLines([...collected.slice(0, 3), ...collected.slice(5)]);
    assert.equal(report.ok, false);
    assert.deepEqual(report.gaps.map((g) => [g.fromSeq, g.toSeq]), [[3, 4]]);
  });

  it('finds a changed entry, a changed structured field, an entry out of order and a fragment', async () => {
    const collected = await lines(6);
    const changed = collected.map((line, i) => (i === 3 ? line.replace('ls 3', 'ls 9') : line));
    assert.match(verifySyslogLines(changed).problems[0]?.message ?? '', /seq 3: the hash does not match/);
    const relabelled = collected.map((line, i) => (i === 2 ? line.replace(/agent="[^"]+"/, 'agent="x"').replace(/seq="2"/, 'seq="7"') : line));
    assert.match(verifySyslogLines(relabelled).problems[0]?.message ?? '', /structured data does not match/);
    const swapped = [collected[0]!, collected[2]!, collected[1]!, ...collected.slice(3)];
    assert.equal(verifySyslogLines(swapped).ok, false);
    assert.match(verifySyslogLines([...collected, collected[6]!.slice(0, 80)]).problems[0]?.message ?? '', /not a forwarded/);
  });

  it('keeps the chains of two machines apart', async () => {
    const a = await lines(5, undefined, 'log-A', 'dev-1');
    const b = await lines(7, undefined, 'log-B', 'dev-2');
    const interleaved = a.flatMap((line, i) => [line, b[i]!]).concat(b.slice(a.length));
    const report = verifySyslogLines(interleaved);
    assert.ok(report.ok, JSON.stringify(report.problems));
    assert.deepEqual(report.logs.map((l) => [l.logId, l.entries]), [['log-A', 6], ['log-B', 8]]);
  });

  it('an HMAC log: links are checked without the key, every hash with it; a wrong key is a problem', async () => {
    const collected = await lines(5, 'team-key');
    assert.ok(verifySyslogLines(collected).ok);
    assert.ok(verifySyslogLines(collected, 'team-key').ok);
    assert.match(verifySyslogLines(collected, 'other-key').problems[0]?.message ?? '', /another key/);
    // Rewritten as keyless (a downgrade): with the key it no longer verifies.
    const rewritten = await lines(5);
    assert.equal(verifySyslogLines(rewritten, 'team-key').ok, false);
  });
});
