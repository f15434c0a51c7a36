/**
 * What the interceptor needs from the outside, injected so the orchestration stays pure and testable.
 */
import type { Decision, Risk, Verdict } from '../decision';
import type { ApprovalResolution } from '../approval/queue';
import type { SuggestedRule } from '../approval/rules';
import type { TaintView } from '../taint/taintGuard';
import type { TaintClass, TaintRaise } from '../taint/types';
import type { Operation, PathOperationKind } from './operation';

export interface CommandCheckOptions {
  injectedSecrets?: readonly string[];
}

/** The policy engine. May be sync or async; a throw is treated as "could not evaluate" and denies. */
export interface DecisionPort {
  /** `options.injectedSecrets`: the vault secrets the command asks for (names only; see CommandRequest). */
  checkCommand(command: string, cwd: string, options?: CommandCheckOptions): Decision | Promise<Decision>;
  checkPath(kind: PathOperationKind, path: string): Decision | Promise<Decision>;
  /** Taint settings and what the operation exposes (Evaluator.taintView); without it taint is off. */
  taintView?(operation: Operation): TaintView | Promise<TaintView>;
}

export interface ExecutionOutcome {
  /** For commands. */
  exitCode?: number;
  /** Command output or a short confirmation, already redacted by the executor. */
  output?: string;
  /** For reads: the content, after the inbound sanitizer. */
  content?: string;
  /** For reads: the kinds of injection finding the inbound scanner reported (never the text); taints the session. */
  flagged?: string[];
  timedOut?: boolean;
  /** Set when execution itself failed (not a policy decision). */
  error?: string;
}

/** Runs an allowed operation (sandbox runner for commands, workspace edit for files). */
export interface ExecutorPort {
  execute(operation: Operation): Promise<ExecutionOutcome>;
}

/** Where the operation was settled, so the agent and the audit log know which gate answered. */
export type InterceptStage = 'pause' | 'agent' | 'profile' | 'rate-limit' | 'policy' | 'risk' | 'approval' | 'execution';

export interface InterceptResult {
  verdict: Exclude<Verdict, 'ask'>;
  stage: InterceptStage;
  /** Plain words the agent can act on (why denied, or what allowed it). */
  reason: string;
  risk: Risk;
  /** The engine's decision, when it was consulted. */
  decision?: Decision;
  /** Set when the request waited for a developer. */
  approval?: ApprovalResolution['kind'] | 'session-grant';
  approvalId?: string;
  /** The rule the developer chose to always allow; the adapter shows it and writes it to policy. */
  ruleToWrite?: SuggestedRule;
  /** When a developer edited the command before approving, the command that was (or will be) run. */
  command?: string;
  retryAfterMs?: number;
  /** Set by `handle` when the operation was executed. */
  outcome?: ExecutionOutcome;
  /** Set when the session's taint raised the decision to ask (src/engine/taint). */
  taint?: TaintRaise;
}

export interface InterceptAuditEntry {
  at: number;
  agentId: string;
  /** The agent's own session id, when it gave one (hooks). */
  session?: string;
  kind: Operation['kind'];
  /** `run: <command>` or `<op>: <path>`; never file contents or secret values. */
  summary: string;
  verdict: InterceptResult['verdict'];
  stage: InterceptStage;
  risk: Risk;
  reason: string;
  ruleIds: string[];
  approval?: InterceptResult['approval'];
  /** Medium risk is allowed but flagged, so a reviewer can find it. */
  notable: boolean;
  executed: boolean;
  exitCode?: number;
  /** When taint raised the decision: its classes and sources as `flagged docs/x.md (2 minutes ago)`; never content. */
  taint?: { classes: TaintClass[]; sources: string };
  /** Kinds of prompt injection found in what a read returned (makes the entry notable). */
  findings?: string[];
}

export interface AuditPort {
  record(entry: InterceptAuditEntry): void | Promise<void>;
}
