import * as assert from 'node:assert/strict';
import { auditQueryFromFilter, toCsv } from '../../../src/protocol/panelAudit';
import { record } from './panelFixtures';

describe('protocol/panelAudit', () => {
  const now = Date.parse('2026-03-01T12:00:00Z');

  it('turns filter text into an engine query', () => {
    assert.deepEqual(auditQueryFromFilter({ since: '15m', result: 'denied', agent: ' agent-1 ', operation: 'vault.*' }, now), {
      ok: true, query: { newestFirst: true, since: now - 15 * 60_000, results: ['denied'], agent: 'agent-1', operation: 'vault.*' },
    });
    assert.deepEqual(auditQueryFromFilter({ since: '', result: '' }, now), { ok: true, query: { newestFirst: true } });
  });

  it('an unreadable bound or result is an error, never "show everything"', () => {
    const since = auditQueryFromFilter({ since: 'yesterday-ish' }, now);
    assert.equal(since.ok, false);
    assert.match(since.ok ? '' : since.message, /not a time/);
    assert.equal(auditQueryFromFilter({ result: 'maybe' }, now).ok, false);
  });

  it('CSV quotes separators and defuses spreadsheet formulas', () => {
    const csv = toCsv([record(1, { target: '=HYPERLINK("http://evil")', reason: 'a, "b"\nc' })]);
    const [header, row] = csv.split('\r\n');
    assert.equal(header, 'seq,time,agent,operation,target,result,rule,reason,source,hash');
    assert.ok(row?.includes(`"'=HYPERLINK(""http://evil"")"`), row);
    assert.ok(csv.includes('"a, ""b""\nc"'));
    assert.ok(csv.endsWith('\r\n'));
  });
});
