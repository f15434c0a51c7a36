import type { Decision, Risk, Verdict } from '../../../../src/engine/decision';
import { createGuard, type Guard, type InterceptAuditEntry, type Operation } from '../../../../src/engine/interceptor';
import { FakeClock } from '../approval/fakeClock';

export function decisionOf(verdict: Verdict, risk: Risk, reason = `${verdict} (${risk})`): Decision {
  return { decision: verdict, risk, reasons: [reason], matchedRules: [{ source: 'workspace', ruleId: `rule-${verdict}-${risk}`, effect: verdict, description: reason }], subcommands: [] };
}

/** A guard with a scripted policy: commands map to decisions by exact text; paths likewise. */
export function makeHarness(policy: Record<string, Decision>, options: { timeoutMs?: number } = {}) {
  const clock = new FakeClock();
  const executed: Operation[] = [];
  const audited: InterceptAuditEntry[] = [];
  const guard: Guard = createGuard({
    clock,
    approvalTimeoutMs: options.timeoutMs ?? 30_000,
    rateLimit: { burst: 1000, perSecond: 1000, perHour: 100_000 },
    engine: {
      checkCommand: (command) => policy[command] ?? decisionOf('ask', 'medium', 'unknown command'),
      checkPath: (kind, path) => policy[`${kind}:${path}`] ?? decisionOf('ask', 'medium', 'unknown path'),
    },
    executor: { execute: async (op) => { executed.push(op); return { exitCode: 0, output: 'ok' }; } },
    audit: { record: (entry) => { audited.push(entry); } },
  });
  return { clock, guard, executed, audited };
}

export const cmd = (command: string, agentId = 'agent'): Operation => ({ kind: 'command', agentId, command, cwd: '/w' });

/** Waits until the queue holds `count` pending requests (the interceptor enqueues after async gates). */
export async function waitForPending(guard: Guard, count = 1): Promise<void> {
  for (let i = 0; i < 100 && guard.queue.pending().length < count; i++) await new Promise((r) => setImmediate(r));
  if (guard.queue.pending().length < count) throw new Error(`expected ${count} pending approvals, saw ${guard.queue.pending().length}`);
}
