/**
 * Fail closed on the audit log: the interceptor's policy port, wrapped so that no agent operation is
 * allowed while the audit log is not open. Decisions wait for the log to finish opening (and for the
 * vault values to be loaded, so a new secret is redacted from the very next entry); if the log is
 * unavailable the answer is a deny with the reason, never an unaudited allow.
 */
import type { Decision } from '../../engine/decision';
import type { CommandCheckOptions, DecisionPort } from '../../engine/interceptor';
import type { AuditStatus } from './guardServices';

export interface AuditReadiness {
  ready: Promise<AuditStatus>;
  status(): AuditStatus;
  /** Other things that must settle first (vault value reloads). */
  settled?(): Promise<unknown>;
}

export const AUDIT_UNAVAILABLE_RULE = 'builtin:audit-log-unavailable';
/** Opening takes milliseconds; a disk that hangs must not hang every agent with it. */
export const AUDIT_WAIT_MS = 10_000;

function within<T>(promise: Promise<T>, ms: number): Promise<T | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => { timer = setTimeout(() => resolve('timeout'), ms); });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export function auditUnavailableDecision(reason: string): Decision {
  const text = `Agent Guard cannot record this operation because the audit log is unavailable (${reason}); agent operations are denied until a developer fixes it`;
  return {
    decision: 'deny', risk: 'high', reasons: [text], subcommands: [],
    matchedRules: [{ source: 'builtin', ruleId: AUDIT_UNAVAILABLE_RULE, effect: 'deny', description: text }],
  };
}

export function auditGatedPort<P extends DecisionPort>(port: P, audit: AuditReadiness, waitMs = AUDIT_WAIT_MS): P {
  const gate = async (): Promise<Decision | undefined> => {
    const waited = await within(Promise.all([audit.ready, audit.settled?.()]), waitMs);
    if (waited === 'timeout') return auditUnavailableDecision(`it did not become ready within ${Math.round(waitMs / 1000)} s`);
    const status = audit.status();
    if (status.state === 'open') return undefined;
    return auditUnavailableDecision(status.state === 'unavailable' ? status.reason : 'it is still opening');
  };
  return {
    ...port,
    checkCommand: async (command: string, cwd: string, options?: CommandCheckOptions) => (await gate()) ?? port.checkCommand(command, cwd, options),
    checkPath: async (kind: Parameters<DecisionPort['checkPath']>[0], path: string) => (await gate()) ?? port.checkPath(kind, path),
  };
}
