import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { auditEntryInputSchema, auditRecordSchema, entryInputProblem, recordProblem } from '../../../../src/engine/audit';

const validRecord = {
  seq: 3, time: '2026-01-01T00:00:00.000Z', agent: 'claude', operation: 'command.run', target: 'ls', result: 'allowed',
  rule: 'r', reason: 'why', source: 'hook', details: { exitCode: 0, sandboxed: true, note: 'x', none: null }, prevHash: 'a'.repeat(64), hash: 'b'.repeat(64),
};

/** Mutations that a corrupted or forged line might carry. */
const mutation = fc.oneof(
  fc.record({ key: fc.constantFrom(...Object.keys(validRecord), 'extra', 'time'), value: fc.oneof(fc.string({ maxLength: 5 }), fc.integer({ min: -2, max: 3 }), fc.double(), fc.boolean(), fc.constant(null), fc.constant(undefined), fc.constant({ a: 1 }), fc.constant({ a: [1] }), fc.constant('f'.repeat(64)), fc.constantFrom('denied', 'api', 'bogus', '2026-02-02', 'not a time')) }),
);

describe('audit: fast validators agree with the zod schemas', () => {
  it('records', () => {
    assert.equal(recordProblem(validRecord), undefined);
    fc.assert(fc.property(fc.array(mutation, { maxLength: 3 }), (mutations) => {
      const candidate: Record<string, unknown> = { ...validRecord };
      for (const { key, value } of mutations) candidate[key] = value;
      if (candidate.extra === undefined) delete candidate.extra;
      const zodOk = auditRecordSchema.safeParse(candidate).success;
      assert.equal(recordProblem(candidate) === undefined, zodOk, JSON.stringify(candidate));
    }), { numRuns: 2000 });
  });

  it('entry inputs', () => {
    const { seq: _s, prevHash: _p, hash: _h, ...input } = validRecord;
    assert.equal(entryInputProblem(input), undefined);
    fc.assert(fc.property(fc.array(mutation, { maxLength: 3 }), (mutations) => {
      const candidate: Record<string, unknown> = { ...input };
      for (const { key, value } of mutations) if (!['seq', 'prevHash', 'hash', 'extra'].includes(key)) candidate[key] = value;
      const zodOk = auditEntryInputSchema.safeParse(candidate).success;
      assert.equal(entryInputProblem(candidate) === undefined, zodOk, JSON.stringify(candidate));
    }), { numRuns: 2000 });
  });
});
