import * as assert from 'node:assert/strict';
import { auditEntryInputSchema } from '../../../../src/engine/audit/auditEntry';
import { toAuditEntry } from '../../../../src/engine/interceptor/auditMapping';
import type { InterceptAuditEntry } from '../../../../src/engine/interceptor';

const base: InterceptAuditEntry = {
  at: 1_700_000_000_000, agentId: 'my-agent', kind: 'command', summary: 'run: npm test', verdict: 'allow', stage: 'risk',
  risk: 'low', reason: 'allowed by policy', ruleIds: ['dev.npm'], notable: false, executed: true, exitCode: 0,
};

describe('interceptor audit mapping', () => {
  it('maps an executed command to a valid audit entry', () => {
    const entry = toAuditEntry(base);
    assert.deepEqual(entry, {
      time: 1_700_000_000_000, agent: 'my-agent', operation: 'command.run', target: 'npm test', result: 'executed', rule: 'dev.npm',
      reason: 'allowed by policy', source: 'api', details: { risk: 'low', stage: 'risk', notable: false, exitCode: 0 },
    });
    assert.ok(auditEntryInputSchema.safeParse(entry).success);
  });

  it('distinguishes developer rejections, policy denials, approvals and entry points', () => {
    const rejected = toAuditEntry({ ...base, verdict: 'deny', stage: 'approval', approval: 'denied', executed: false, exitCode: undefined });
    assert.equal(rejected.result, 'rejected');
    const denied = toAuditEntry({ ...base, agentId: 'hook:claude', kind: 'delete', summary: 'delete: /w/.env', verdict: 'deny', executed: false, exitCode: undefined, ruleIds: [] });
    assert.deepEqual([denied.result, denied.source, denied.operation, denied.target, denied.rule], ['denied', 'hook', 'file.delete', '/w/.env', undefined]);
    const approved = toAuditEntry({ ...base, agentId: 'hook:codex', approval: 'approved-once', executed: false, exitCode: undefined });
    assert.equal(approved.result, 'approved');
    assert.equal(toAuditEntry({ ...base, agentId: 'lm:copilot', executed: false, exitCode: undefined }).source, 'lm-tool');
    assert.ok(auditEntryInputSchema.safeParse(denied).success);
  });
});
