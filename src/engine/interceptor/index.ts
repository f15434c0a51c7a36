/**
 * Wires the interceptor with its engine-side collaborators. Adapters (extension, bench, tests) call
 * `createGuard` with their ports and get back the pieces the UI needs to drive (queue, agents, switch).
 */
import type { Clock } from '../approval/clock';
import { ApprovalQueue } from '../approval/queue';
import { SessionGrants } from '../approval/sessionGrants';
import { KillSwitch, type PauseGate, type PauseState } from '../agents/killSwitch';
import type { AgentProfile } from '../agents/profiles';
import { DEFAULT_RATE_LIMIT, RateLimiter, type RateLimitConfig } from '../agents/rateLimit';
import { AgentRegistry } from '../agents/registry';
import { Interceptor } from './interceptor';
import type { AuditPort, DecisionPort, ExecutorPort } from './ports';
import { TaintGuard } from '../taint/taintGuard';
import { TaintTracker } from '../taint/tracker';

export interface GuardOptions {
  clock: Clock;
  engine: DecisionPort;
  executor: ExecutorPort;
  audit: AuditPort;
  approvalTimeoutMs?: number;
  rateLimit?: RateLimitConfig;
  defaultProfile?: AgentProfile;
  /**
   * An external pause source (the anomaly detector's PauseController fits); the kill switch is always
   * consulted too. When it can report changes, pausing through it also denies everything waiting.
   */
  extraPause?: ExternalPause;
}

export interface ExternalPause extends PauseGate {
  onChange?(listener: (state: PauseState) => void): () => void;
}

export interface Guard {
  interceptor: Interceptor;
  queue: ApprovalQueue;
  agents: AgentRegistry;
  killSwitch: KillSwitch;
  grants: SessionGrants;
  rateLimiter: RateLimiter;
  /** Per agent session, the untrusted content it read (src/engine/taint); the panel's Agents tab shows it. */
  taint: TaintTracker;
  dispose(): void;
}

export function createGuard(options: GuardOptions): Guard {
  const now = () => options.clock.now();
  const queue = new ApprovalQueue({ clock: options.clock, timeoutMs: options.approvalTimeoutMs });
  const agents = new AgentRegistry(now, options.defaultProfile);
  const killSwitch = new KillSwitch(now);
  const grants = new SessionGrants();
  const rateLimiter = new RateLimiter(now, options.rateLimit ?? DEFAULT_RATE_LIMIT);
  const pause: PauseGate = {
    pauseState: (agentId) => {
      const own = killSwitch.pauseState(agentId);
      return own.paused || !options.extraPause ? own : options.extraPause.pauseState(agentId);
    },
  };
  // Pulling the switch also answers everything already waiting: a paused guard approves nothing.
  const offSwitch = killSwitch.onChange((event) => {
    if (event.paused && event.agentId === undefined) queue.denyAll(`Agent Guard was paused: ${event.reason ?? 'no reason given'}`);
    if (event.paused && event.agentId !== undefined) grants.revokeAgent(event.agentId);
  });
  const offExternal = options.extraPause?.onChange?.((state) => {
    if (state.paused) queue.denyAll(`Agent Guard was paused: ${state.reason}`);
  });
  const offAgents = agents.onChange((list) => {
    for (const agent of list) if (agent.status !== 'approved') grants.revokeAgent(agent.id);
  });
  const taint = new TaintTracker();
  const engine = options.engine;
  const taintView = engine.taintView?.bind(engine);
  const taintGuard = taintView ? new TaintGuard(taint, { taintView }, now) : undefined;
  const interceptor = new Interceptor({
    pause, agents, rateLimiter, engine, queue, grants, executor: options.executor, audit: options.audit, now, taint: taintGuard,
  });
  return {
    interceptor, queue, agents, killSwitch, grants, rateLimiter, taint,
    dispose: () => {
      offSwitch();
      offAgents();
      offExternal?.();
      queue.denyAll('Agent Guard is shutting down');
    },
  };
}

export { Interceptor } from './interceptor';
export type * from './ports';
export type * from './operation';
export { describeOperation, operationTarget } from './operation';
