/**
 * The interceptor: every agent operation passes through the same gates, in this order:
 * pause → agent approved → profile cap → rate limit → policy decision → risk mapping → approval queue
 * → (execute) → audit. Every path ends in a result with plain-words reasons; nothing throws past here.
 */
import type { Decision, Risk } from '../decision';
import type { RateLimiter } from '../agents/rateLimit';
import type { AgentRegistry } from '../agents/registry';
import type { PauseGate } from '../agents/killSwitch';
import { checkOperationCap, checkRiskCap } from '../agents/profiles';
import { confirmationWordFor, type ApprovalQueue, type ApprovalResolution } from '../approval/queue';
import type { SessionGrants } from '../approval/sessionGrants';
import { describeOperation, type Operation } from './operation';
import type { AuditPort, DecisionPort, ExecutorPort, InterceptResult, InterceptStage } from './ports';
import type { TaintGuard, TaintView } from '../taint/taintGuard';
import { describeSource } from '../taint/trifecta';

export interface InterceptorDeps {
  pause: PauseGate;
  agents: AgentRegistry;
  rateLimiter: RateLimiter;
  engine: DecisionPort;
  queue: ApprovalQueue;
  grants: SessionGrants;
  executor: ExecutorPort;
  audit: AuditPort;
  now: () => number;
  /** Raises trifecta operations of tainted sessions to ask and records untrusted reads; off when absent. */
  taint?: TaintGuard;
}

/** What settling learnt that the steps after it need: the taint view, computed once per operation. */
interface Settled { view?: TaintView }

type Gate = { settled: InterceptResult } | { decision: Decision };

export class Interceptor {
  constructor(private readonly deps: InterceptorDeps) {}

  /** Decides, waiting for a developer when needed, without executing (hooks: the agent executes). */
  async decide(operation: Operation): Promise<InterceptResult> {
    const settled: Settled = {};
    const result = await this.settle(operation, settled);
    // The agent runs it itself after an allow: what it brings in is recorded now.
    if (result.verdict === 'allow') await this.deps.taint?.observe(operation, settled.view);
    await this.audit(operation, result, false);
    return result;
  }

  /** Decides and, when allowed, executes through the executor port (extension API, LM tools). */
  async handle(operation: Operation): Promise<InterceptResult> {
    const settled: Settled = {};
    const result = await this.settle(operation, settled);
    if (result.verdict === 'allow') {
      const toRun = result.command !== undefined && operation.kind === 'command' ? { ...operation, command: result.command } : operation;
      result.outcome = await this.execute(toRun);
      if (result.outcome.error === undefined) await this.deps.taint?.observe(toRun, toRun === operation ? settled.view : undefined, result.outcome);
    }
    await this.audit(operation, result, result.outcome !== undefined && result.outcome.error === undefined);
    return result;
  }

  private async settle(operation: Operation, settled: Settled): Promise<InterceptResult> {
    const gate = await this.gates(operation);
    if ('settled' in gate) return gate.settled;
    if (gate.decision.decision === 'deny') return deny('policy', firstReason(gate.decision, 'denied by policy'), gate.decision.risk, gate.decision);
    const tainted = this.deps.taint ? await this.deps.taint.check(operation, gate.decision) : { decision: gate.decision };
    settled.view = tainted.view;
    const { decision } = tainted;
    const result = await this.judged(operation, decision, tainted.raise !== undefined);
    if (tainted.raise) result.taint = tainted.raise;
    return result;
  }

  /** `tainted`: taint raised this decision, so no earlier approval covers it (see askDeveloper). */
  private async judged(operation: Operation, decision: Decision, tainted: boolean): Promise<InterceptResult> {
    const agent = this.deps.agents.get(operation.agentId);
    const riskCap = agent ? checkRiskCap(agent.profile, decision.risk) : { ok: false as const, reason: 'agent vanished' };
    if (!riskCap.ok) return deny('profile', riskCap.reason, decision.risk, decision);
    if (!needsHuman(decision)) {
      const reason = decision.risk === 'medium' ? 'allowed by policy (medium risk, logged)' : 'allowed by policy';
      return { verdict: 'allow', stage: 'risk', reason, risk: decision.risk, decision };
    }
    return this.askDeveloper(operation, decision, tainted);
  }

  private async gates(operation: Operation): Promise<Gate> {
    const paused = this.deps.pause.pauseState(operation.agentId);
    if (paused.paused) return { settled: deny('pause', `Agent Guard is paused (${paused.reason}); every operation is denied until a developer resumes it`, 'low') };
    const agent = this.deps.agents.check(operation.agentId);
    if (!agent.ok) return { settled: deny('agent', agent.reason, 'low') };
    const cap = checkOperationCap(agent.agent.profile, operation.kind);
    if (!cap.ok) return { settled: deny('profile', cap.reason, 'low') };
    const rate = this.deps.rateLimiter.take(operation.agentId);
    if (!rate.ok) return { settled: { ...deny('rate-limit', rate.reason, 'low'), retryAfterMs: rate.retryAfterMs } };
    return { decision: await this.evaluate(operation) };
  }

  private async evaluate(operation: Operation): Promise<Decision> {
    try {
      return operation.kind === 'command'
        ? await this.deps.engine.checkCommand(operation.command, operation.cwd, operation.secrets?.length ? { injectedSecrets: operation.secrets } : undefined)
        : await this.deps.engine.checkPath(operation.kind, operation.path);
    } catch (error) {
      // Fail closed: an engine that cannot answer never yields an allow.
      return unevaluable(`the policy engine could not evaluate this operation (${error instanceof Error ? error.message : 'unknown error'})`);
    }
  }

  private async askDeveloper(operation: Operation, decision: Decision, tainted: boolean): Promise<InterceptResult> {
    const critical = decision.risk === 'critical';
    // A grant was given for what the developer knew then; once the session read untrusted content, the
    // same line may now be an injected exfiltration, so a tainted trifecta operation is always asked again.
    if (!critical && !tainted && this.deps.grants.has(operation)) {
      return { verdict: 'allow', stage: 'approval', reason: 'approved earlier in this session', risk: decision.risk, decision, approval: 'session-grant' };
    }
    const { request, resolution } = this.deps.queue.enqueue({
      operation,
      decision,
      confirmationWord: critical ? confirmationWordFor(operation) : undefined,
    });
    const answer = await resolution;
    const base = { risk: decision.risk, decision, approval: answer.kind, approvalId: request.id } as const;
    const paused = this.deps.pause.pauseState(operation.agentId);
    if (paused.paused) return { ...base, verdict: 'deny', stage: 'pause', reason: `Agent Guard was paused while this waited (${paused.reason})` };
    return this.applyAnswer(operation, answer, base, request.expiresAt - request.createdAt);
  }

  private async applyAnswer(
    operation: Operation,
    answer: ApprovalResolution,
    base: Pick<InterceptResult, 'risk' | 'decision' | 'approval' | 'approvalId'>,
    waitedMs: number,
  ): Promise<InterceptResult> {
    switch (answer.kind) {
      case 'approved-once':
        return { ...base, verdict: 'allow', stage: 'approval', reason: 'approved once by the developer' };
      case 'approved-session':
        this.deps.grants.grant(operation);
        return { ...base, verdict: 'allow', stage: 'approval', reason: 'approved for this session by the developer' };
      case 'always-allow':
        this.deps.grants.grant(operation);
        return { ...base, verdict: 'allow', stage: 'approval', reason: 'always allowed by the developer', ruleToWrite: answer.rule };
      case 'edited':
        return this.applyEdit(operation, answer.command, base);
      case 'denied':
        return { ...base, verdict: 'deny', stage: 'approval', reason: answer.reason ? `denied by the developer: ${answer.reason}` : 'denied by the developer' };
      case 'expired':
        return { ...base, verdict: 'deny', stage: 'approval', reason: `the approval request expired: nobody approved this in time (${Math.round(waitedMs / 1000)} s), so it was denied; ask again when the developer is present` };
    }
  }

  /** An edited command is checked again: the edit cannot turn into something policy forbids. */
  private async applyEdit(
    operation: Operation,
    command: string,
    base: Pick<InterceptResult, 'risk' | 'decision' | 'approval' | 'approvalId'>,
  ): Promise<InterceptResult> {
    if (operation.kind !== 'command') return { ...base, verdict: 'deny', stage: 'approval', reason: 'only commands can be edited' };
    const recheck = await this.evaluate({ ...operation, command });
    if (recheck.decision === 'deny') {
      return { ...base, verdict: 'deny', stage: 'policy', decision: recheck, reason: `the edited command is denied by policy: ${firstReason(recheck, 'denied')}` };
    }
    return { ...base, verdict: 'allow', stage: 'approval', reason: 'the developer edited the command and approved it', command };
  }

  private async execute(operation: Operation): Promise<NonNullable<InterceptResult['outcome']>> {
    try {
      return await this.deps.executor.execute(operation);
    } catch (error) {
      return { error: `execution failed: ${error instanceof Error ? error.message : 'unknown error'}` };
    }
  }

  private async audit(operation: Operation, result: InterceptResult, executed: boolean): Promise<void> {
    const findings = result.outcome?.flagged ?? [];
    try {
      await this.deps.audit.record({
        at: this.deps.now(),
        agentId: operation.agentId,
        ...(operation.session !== undefined ? { session: operation.session } : {}),
        kind: operation.kind,
        summary: describeOperation(result.command !== undefined && operation.kind === 'command' ? { ...operation, command: result.command } : operation),
        verdict: result.verdict,
        stage: result.stage,
        risk: result.risk,
        reason: result.reason,
        ruleIds: result.decision?.matchedRules.map((rule) => rule.ruleId) ?? [],
        approval: result.approval,
        notable: result.risk !== 'low' || result.verdict === 'deny' || findings.length > 0,
        executed,
        exitCode: result.outcome?.exitCode,
        ...(result.taint ? { taint: { classes: result.taint.classes, sources: result.taint.sources.map((s) => describeSource(s, this.deps.now())).join('; ') } } : {}),
        ...(findings.length > 0 ? { findings } : {}),
      });
    } catch {
      // The audit sink reports its own failures (it is the tamper-evident log); a decision already made stands.
    }
  }
}

function needsHuman(decision: Decision): boolean {
  return decision.decision === 'ask' || decision.risk === 'high' || decision.risk === 'critical';
}

function deny(stage: InterceptStage, reason: string, risk: Risk, decision?: Decision): InterceptResult {
  return { verdict: 'deny', stage, reason, risk, decision };
}

/** The engine's leading reasons (up to three), so the agent sees why, e.g. which path is protected. */
function firstReason(decision: Decision, fallback: string): string {
  return decision.reasons.length > 0 ? decision.reasons.slice(0, 3).join('; ') : fallback;
}

function unevaluable(reason: string): Decision {
  return { decision: 'deny', risk: 'high', reasons: [reason], matchedRules: [], subcommands: [] };
}
