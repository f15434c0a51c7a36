import { strict as assert } from 'node:assert';
import { AuditLog, canonicalBody, hashBody, type AuditRecord, type ProblemKind } from '../../../../src/engine/audit';
import { cloneFiles, MemorySink, verifyFiles } from './memorySink';

const F1 = 'audit-000001.jsonl';
const F2 = 'audit-000002.jsonl';
const F3 = 'audit-000003.jsonl';

async function rotatedLog(): Promise<Map<string, string[]>> {
  const sink = new MemorySink();
  let clock = Date.UTC(2026, 0, 1);
  const log = await AuditLog.create({ sink, now: () => (clock += 1000), maxFileBytes: 4096 }, 'tamper-log');
  for (let i = 1; i <= 60; i++) {
    await log.append({ agent: i % 2 ? 'copilot' : 'claude', operation: 'file.write', target: `src/file${i}.ts`, result: 'allowed', source: 'api' });
  }
  assert.ok(sink.files.size >= 3, 'fixture needs three files');
  return sink.files;
}

/** Re-seals a modified record so its own hash is right: the attacker who knows the format. */
function reseal(record: Omit<AuditRecord, 'hash'>): string {
  const body = canonicalBody(record);
  return `${body.slice(0, -1)},"hash":"${hashBody(body)}"}`;
}

const lines = (files: Map<string, string[]>, name: string): string[] => files.get(name) ?? [];
const parse = (line: string | undefined): AuditRecord => JSON.parse(line ?? '{}') as AuditRecord;

function expectProblem(files: Map<string, string[]>, kind: ProblemKind, file: string, line: number, torn?: string): void {
  const report = verifyFiles(files, {}, torn);
  assert.equal(report.ok, false, 'tampering went unnoticed');
  assert.equal(report.problem?.kind, kind, JSON.stringify(report.problem));
  assert.equal(report.problem?.file, file);
  assert.equal(report.problem?.line, line);
  assert.ok((report.problem?.message ?? '').length > 10);
}

describe('audit log: tamper evidence', () => {
  let pristine: Map<string, string[]>;
  before(async () => {
    pristine = await rotatedLog();
    assert.ok(verifyFiles(pristine).ok);
  });

  it('detects a modified field (hash no longer matches)', () => {
    const files = cloneFiles(pristine);
    lines(files, F1)[5] = (lines(files, F1)[5] ?? '').replace('"allowed"', '"denied"');
    expectProblem(files, 'modified', F1, 6);
  });

  it('detects a modified entry even when its own hash is recomputed (next link breaks)', () => {
    const files = cloneFiles(pristine);
    const record = parse(lines(files, F1)[5]);
    lines(files, F1)[5] = reseal({ ...record, target: 'src/innocent.ts' });
    expectProblem(files, 'broken-link', F1, 7);
  });

  it('detects a deleted line in the middle', () => {
    const files = cloneFiles(pristine);
    lines(files, F1).splice(4, 1);
    expectProblem(files, 'deleted', F1, 5);
  });

  it('detects an inserted line (copied from elsewhere)', () => {
    const files = cloneFiles(pristine);
    lines(files, F1).splice(3, 0, lines(files, F1)[8] ?? '');
    expectProblem(files, 'deleted', F1, 4);
  });

  it('detects an inserted forged line with a plausible seq', () => {
    const files = cloneFiles(pristine);
    const previous = parse(lines(files, F1)[2]);
    const forged = reseal({ ...previous, seq: previous.seq + 1, prevHash: previous.hash, target: 'forged' });
    lines(files, F1).splice(3, 0, forged);
    expectProblem(files, 'inserted', F1, 5);
  });

  it('detects a duplicated line', () => {
    const files = cloneFiles(pristine);
    lines(files, F1).splice(3, 0, lines(files, F1)[2] ?? '');
    expectProblem(files, 'inserted', F1, 4);
  });

  it('detects two swapped lines', () => {
    const files = cloneFiles(pristine);
    const list = lines(files, F1);
    [list[4], list[5]] = [list[5] ?? '', list[4] ?? ''];
    expectProblem(files, 'deleted', F1, 5);
  });

  it('detects deleting the first entries including the anchor', () => {
    const files = cloneFiles(pristine);
    lines(files, F1).splice(0, 3);
    expectProblem(files, 'missing-anchor', F1, 1);
  });

  it('detects deleting the whole first file', () => {
    const files = cloneFiles(pristine);
    files.delete(F1);
    expectProblem(files, 'missing-anchor', F2, 1);
  });

  it('detects deleting a whole middle file', () => {
    const files = cloneFiles(pristine);
    files.delete(F2);
    expectProblem(files, 'missing-file', F3, 0);
  });

  it('detects a middle file renamed to close the gap', () => {
    const files = cloneFiles(pristine);
    const third = lines(files, F3);
    files.delete(F2);
    files.delete(F3);
    files.set(F2, third);
    expectProblem(files, 'broken-link', F2, 1);
  });

  it('detects removing the continuation line at the top of a file', () => {
    const files = cloneFiles(pristine);
    lines(files, F2).shift();
    expectProblem(files, 'broken-link', F2, 1);
  });

  it('detects a line that is not JSON, or not a record, or has extra fields', () => {
    for (const replacement of ['{"seq": 3', '{"hello":"world"}', (lines(pristine, F1)[3] ?? '').replace('{"seq"', '{"extra":1,"seq"')]) {
      const files = cloneFiles(pristine);
      lines(files, F1)[3] = replacement;
      expectProblem(files, 'malformed', F1, 4);
    }
  });

  it('reports a torn last line as a warning, not as tampering', () => {
    const files = cloneFiles(pristine);
    const last = [...files.keys()].sort().pop() ?? '';
    lines(files, last).push('{"seq":999,"time":"2026-0');
    const report = verifyFiles(files, {}, last);
    assert.ok(report.ok);
    assert.equal(report.warnings[0]?.kind, 'torn-tail');
    assert.equal(report.warnings[0]?.file, last);
  });

  it('detects whole entries cut from the end when the head is known', () => {
    const files = cloneFiles(pristine);
    const head = verifyFiles(files).head;
    assert.ok(head);
    const last = [...files.keys()].sort().pop() ?? '';
    lines(files, last).pop();
    const report = verifyFiles(files, { expectedHead: head });
    assert.equal(report.problem?.kind, 'head-mismatch');
    assert.ok(verifyFiles(pristine, { expectedHead: head }).ok);
  });

  it('reports an empty log as a problem', () => {
    assert.equal(verifyFiles(new Map()).problem?.kind, 'empty');
  });
});
