// Engine-shaped inputs for the panel adapter tests (plain data; no engine behaviour is mocked).
import type { ApprovalRequest } from '../../../src/engine/approval/queue';
import type { AuditRecord } from '../../../src/engine/audit/auditEntry';
import type { Decision } from '../../../src/engine/decision';
import { emptyTally, type PanelState } from '../../../src/protocol/panelSnapshot';

export const XSS = '<img src=x onerror=alert(1)>';

export const askDecision: Decision = {
  decision: 'ask', risk: 'high', reasons: ['rm deletes files recursively'],
  matchedRules: [{ source: 'defaults', ruleId: 'rm-recursive', effect: 'ask', description: 'recursive delete asks' }],
  subcommands: [{ command: 'rm -r build', decision: 'ask', risk: 'high', reasons: ['recursive delete'] }],
};

export function commandRequest(id: string, createdAt: number, command = 'rm -r build'): ApprovalRequest {
  return {
    id, agentId: 'agent-1', operation: { kind: 'command', agentId: 'agent-1', command, cwd: '/ws' }, summary: `run: ${command}`,
    decision: askDecision, createdAt, expiresAt: createdAt + 300_000,
    suggestedRule: { kind: 'command', effect: 'allow', match: command, description: `allow exactly the command \`${command}\`` },
  };
}

export function writeRequest(id: string, createdAt: number, content: string): ApprovalRequest {
  return {
    id, agentId: 'agent-1', operation: { kind: 'write', agentId: 'agent-1', path: '/ws/src/a.ts', content }, summary: 'write: /ws/src/a.ts',
    decision: { ...askDecision, subcommands: [] }, createdAt, expiresAt: createdAt + 300_000, confirmationWord: 'a.ts',
  };
}

export function record(seq: number, overrides: Partial<AuditRecord> = {}): AuditRecord {
  return {
    seq, time: new Date(1_700_000_000_000 + seq * 1000).toISOString(), agent: 'agent-1', operation: 'command.run', target: 'npm test',
    result: 'executed', source: 'api', prevHash: '0'.repeat(64), hash: 'a'.repeat(64), ...overrides,
  };
}

export function state(overrides: Partial<PanelState> = {}): PanelState {
  return {
    pause: { paused: false }, approvals: [], agents: [], pausedAgents: new Set(), anomalies: [], recent: [], tally: emptyTally(),
    audit: { state: 'open', dir: '/tmp/audit', seq: 3 }, lastVerify: undefined, sandbox: undefined,
    vault: { ready: true, secrets: [] }, policy: undefined, ...overrides,
  };
}
