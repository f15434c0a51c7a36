/**
 * Fail closed on the audit log: the interceptor's policy port, wrapped so that no agent operation is
 * allowed while the audit log is not open. Decisions wait for the log to finish opening (and for the
 * vault values to be loaded, so a new secret is redacted from the very next entry); if the log is
 * unavailable the answer is a deny with the reason, never an unaudited allow.
 */
import type { Decision } from '../../engine/decision';
import type { DecisionPort } from '../../engine/interceptor';
import type { AuditStatus } from './guardServices';

export interface AuditReadiness {
  ready: Promise<AuditStatus>;
  status(): AuditStatus;
  /** Other things that must settle first (vault value reloads). */
  settled?(): Promise<unknown>;
}

export const AUDIT_UNAVAILABLE_RULE = 'builtin:audit-log-unavailable';

export function auditUnavailableDecision(reason: string): Decision {
  const text = `Agent Guard cannot record this operation because the audit log is unavailable (${reason}); agent operations are denied until a developer fixes it`;
  return {
    decision: 'deny', risk: 'high', reasons: [text], subcommands: [],
    matchedRules: [{ source: 'builtin', ruleId: AUDIT_UNAVAILABLE_RULE, effect: 'deny', description: text }],
  };
}

export function auditGatedPort<P extends DecisionPort>(port: P, audit: AuditReadiness): P {
  const gate = async (): Promise<Decision | undefined> => {
    await audit.ready;
    await audit.settled?.();
    const status = audit.status();
    if (status.state === 'open') return undefined;
    return auditUnavailableDecision(status.state === 'unavailable' ? status.reason : 'it is still opening');
  };
  return {
    ...port,
    checkCommand: async (command: string, cwd: string) => (await gate()) ?? port.checkCommand(command, cwd),
    checkPath: async (kind: Parameters<DecisionPort['checkPath']>[0], path: string) => (await gate()) ?? port.checkPath(kind, path),
  };
}
