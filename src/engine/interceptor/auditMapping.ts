/**
 * Turns the interceptor's record of a decision into an entry for the tamper-evident audit log
 * (src/engine/audit). Only the summary target goes in (command line or path), never file contents;
 * the log itself redacts vault values before hashing.
 */
import type { AuditEntryInput, AuditResult, AuditSource } from '../audit/auditEntry';
import type { InterceptAuditEntry } from './ports';

/** Agent ids carry their entry point: `hook:claude` came over the bridge, `lm:*` through a language-model tool. */
export function auditSourceOf(agentId: string): AuditSource {
  if (agentId.startsWith('hook:')) return 'hook';
  if (agentId.startsWith('lm:')) return 'lm-tool';
  return 'api';
}

function resultOf(entry: InterceptAuditEntry): AuditResult {
  if (entry.verdict === 'deny') return entry.approval === 'denied' ? 'rejected' : 'denied';
  if (entry.executed) return 'executed';
  if (entry.exitCode === undefined && entry.approval !== undefined && entry.approval !== 'session-grant') return 'approved';
  return 'allowed';
}

export function toAuditEntry(entry: InterceptAuditEntry): AuditEntryInput {
  const target = entry.summary.slice(entry.summary.indexOf(': ') + 2);
  const details: Record<string, string | number | boolean | null> = { risk: entry.risk, stage: entry.stage, notable: entry.notable };
  if (entry.approval !== undefined) details.approval = entry.approval;
  if (entry.exitCode !== undefined) details.exitCode = entry.exitCode;
  return {
    time: entry.at,
    agent: entry.agentId,
    operation: entry.kind === 'command' ? 'command.run' : `file.${entry.kind}`,
    target,
    result: resultOf(entry),
    ...(entry.ruleIds[0] !== undefined ? { rule: entry.ruleIds[0] } : {}),
    reason: entry.reason,
    source: auditSourceOf(entry.agentId),
    details,
  };
}
