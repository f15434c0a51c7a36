/**
 * Glue from the other engine parts' audit events to audit entries (and anomaly-detector events), so the
 * extension wires them with one call each:
 *   interceptor: audit: { record: (e) => { void log.append(auditEntryFromIntercept(e, 'api')); detector.observe(agentEventFromIntercept(e)); } }
 *   vault:       audit: (e) => void log.append(auditEntryFromVault(e))
 * Only metadata crosses: summaries never hold file contents, vault events only secret names.
 */
import type { AgentEvent } from '../anomaly/types';
import type { InterceptAuditEntry } from '../interceptor/ports';
import type { TaintedSession } from '../taint/tracker';
import { describeSource } from '../taint/trifecta';
import type { VaultAuditEvent } from '../vault/vault';
import type { AuditEntryInput, AuditResult, AuditSource } from './auditEntry';

const DEVELOPER_APPROVALS = new Set(['approved-once', 'approved-session', 'always-allow', 'edited', 'session-grant']);

function interceptResult(entry: InterceptAuditEntry): AuditResult {
  if (entry.executed) return entry.exitCode !== undefined && entry.exitCode !== 0 ? 'failed' : 'executed';
  if (entry.verdict === 'deny') return entry.approval === 'denied' || entry.approval === 'expired' ? 'rejected' : 'denied';
  return entry.approval !== undefined && DEVELOPER_APPROVALS.has(entry.approval) ? 'approved' : 'allowed';
}

function stripVerb(summary: string): string {
  const colon = summary.indexOf(': ');
  return colon > 0 && colon < 8 ? summary.slice(colon + 2) : summary;
}

export function auditEntryFromIntercept(entry: InterceptAuditEntry, source: AuditSource): AuditEntryInput {
  const injection = entry.findings && entry.findings.length > 0 ? entry.findings.join(', ') : undefined;
  const details: Record<string, string | number | boolean> = { stage: entry.stage, risk: entry.risk, notable: entry.notable || injection !== undefined };
  if (entry.exitCode !== undefined) details.exitCode = entry.exitCode;
  if (entry.approval !== undefined) details.approval = entry.approval;
  if (entry.session !== undefined) details.session = entry.session;
  if (entry.taint) {
    details.taint = entry.taint.sources;
    details.taintClasses = entry.taint.classes.join(', ');
  }
  if (injection !== undefined) details.injection = injection;
  // The reason is what the Audit tab shows: a flagged read must say so there, not only in details.
  const reason = injection === undefined ? entry.reason
    : `${entry.reason}; possible prompt injection in the content (${injection}): the agent was told to treat it as data`;
  return {
    time: entry.at, agent: entry.agentId, operation: entry.kind === 'command' ? 'command.run' : `file.${entry.kind}`,
    target: stripVerb(entry.summary), result: interceptResult(entry), source, reason,
    ...(entry.ruleIds.length > 0 ? { rule: entry.ruleIds.join(', ') } : {}), details,
  };
}

/** A developer's "Clear taint" in the panel: which agent and session, what it had read (labels, never content). */
export function auditEntryFromTaintClear(cleared: TaintedSession, now: number): AuditEntryInput {
  const which = cleared.session !== undefined ? `session ${cleared.session}` : 'every session';
  const read = cleared.sources.map((source) => describeSource(source, now)).join('; ');
  return {
    time: now, agent: cleared.agentId, operation: 'taint.clear', target: which, result: 'reviewed', source: 'ui',
    reason: `the developer cleared the taint of ${cleared.session !== undefined ? which : 'the reads whose session was not known'}: it had read ${read}`,
    details: { by: 'developer (Security panel)', ...(cleared.session !== undefined ? { session: cleared.session } : {}), taint: read, taintedSince: cleared.since },
  };
}

export function auditEntryFromVault(event: VaultAuditEvent, now: number): AuditEntryInput {
  return {
    time: now, agent: event.agent ?? 'developer', operation: `vault.${event.action}`, target: event.secrets.join(', '),
    result: event.action === 'refused' ? 'denied' : 'vault', source: event.agent ? 'api' : 'ui',
    ...(event.reason !== undefined ? { reason: event.reason } : {}),
    ...(event.command !== undefined ? { details: { command: event.command } } : {}),
  };
}

/** The detector's view of an intercepted operation. `host`/`sensitive` come from the caller when known. */
export function agentEventFromIntercept(entry: InterceptAuditEntry, extra: { host?: string; sensitive?: boolean } = {}): AgentEvent {
  return {
    agent: entry.agentId, at: entry.at, kind: entry.kind === 'create' ? 'write' : entry.kind, target: stripVerb(entry.summary),
    verdict: entry.verdict, approvedByDeveloper: entry.approval !== undefined && DEVELOPER_APPROVALS.has(entry.approval), ...extra,
  };
}
