import { strict as assert } from 'node:assert';
import {
  agentEventFromIntercept, auditEntryFromIntercept, auditEntryFromVault, AuditLog, entryInputProblem,
} from '../../../../src/engine/audit';
import type { InterceptAuditEntry } from '../../../../src/engine/interceptor/ports';
import { MemorySink, verifyFiles } from './memorySink';

const base: InterceptAuditEntry = {
  at: Date.UTC(2026, 0, 1), agentId: 'claude', kind: 'command', summary: 'run: npm test', verdict: 'allow', stage: 'policy',
  risk: 'low', reason: 'allowed by rule', ruleIds: ['workspace:npm'], notable: false, executed: true, exitCode: 0,
};

describe('audit adapters', () => {
  it('maps interceptor outcomes to audit results', () => {
    const cases: Array<[Partial<InterceptAuditEntry>, string]> = [
      [{}, 'executed'],
      [{ exitCode: 2 }, 'failed'],
      [{ executed: false }, 'allowed'],
      [{ executed: false, approval: 'approved-once' }, 'approved'],
      [{ executed: false, verdict: 'deny' }, 'denied'],
      [{ executed: false, verdict: 'deny', approval: 'denied' }, 'rejected'],
    ];
    for (const [change, result] of cases) {
      const entry = auditEntryFromIntercept({ ...base, ...change }, 'hook');
      assert.equal(entry.result, result, JSON.stringify(change));
      assert.equal(entryInputProblem(entry), undefined);
    }
    const file = auditEntryFromIntercept({ ...base, kind: 'delete', summary: 'delete: src/a.ts', executed: false }, 'api');
    assert.deepEqual([file.operation, file.target], ['file.delete', 'src/a.ts']);
  });

  it('vault events carry secret names only and chain into a log', async () => {
    const sink = new MemorySink();
    const log = await AuditLog.create({ sink, now: () => 0 }, 'adapters');
    await log.append(auditEntryFromVault({ action: 'use', secrets: ['GITHUB_TOKEN'], command: 'gh release', agent: 'claude' }, 1000));
    await log.append(auditEntryFromVault({ action: 'refused', secrets: ['AWS_KEY'], agent: 'copilot', reason: 'not allowed for this command' }, 2000));
    await log.append(auditEntryFromIntercept(base, 'lm-tool'));
    assert.ok(verifyFiles(sink.files).ok);
    const lines = sink.files.get('audit-000001.jsonl') ?? [];
    assert.match(lines[1] ?? '', /"operation":"vault.use","target":"GITHUB_TOKEN","result":"vault"/);
    assert.match(lines[2] ?? '', /"result":"denied"/);
  });

  it('turns intercepted operations into detector events', () => {
    const event = agentEventFromIntercept({ ...base, kind: 'create', summary: 'create: .vscode/tasks.json', approval: 'approved-once' });
    assert.deepEqual(event, { agent: 'claude', at: base.at, kind: 'write', target: '.vscode/tasks.json', verdict: 'allow', approvedByDeveloper: true });
  });

  it('a read whose content holds prompt injection is notable and says so in the reason and details', () => {
    const read: InterceptAuditEntry = { ...base, kind: 'read', summary: 'read: docs/notes.md', findings: ['ignore-previous', 'html-comment-instructions'] };
    const entry = auditEntryFromIntercept(read, 'api');
    assert.equal(entry.result, 'executed');
    assert.match(entry.reason ?? '', /^allowed by rule; possible prompt injection in the content \(ignore-previous, html-comment-instructions\)/);
    assert.equal(entry.details?.injection, 'ignore-previous, html-comment-instructions');
    assert.equal(entry.details?.notable, true);
    assert.equal(entryInputProblem(entry), undefined);
    const clean = auditEntryFromIntercept({ ...read, findings: [] }, 'api');
    assert.equal(clean.reason, 'allowed by rule');
    assert.equal(clean.details?.injection, undefined);
  });
});
