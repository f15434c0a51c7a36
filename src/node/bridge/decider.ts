/**
 * Connects bridge requests to the interceptor: the hook's agent is registered (pending until a
 * developer approves it), the operation goes through every gate, and the answer is reduced to what
 * a hook can express: allow or deny, with the reason.
 */
import type { Guard, Operation } from '../../engine/interceptor';
import type { BridgeDecideRequest, BridgeDecision } from '../../protocol/bridge';

export function bridgeDecider(guard: Pick<Guard, 'agents' | 'interceptor'>): (request: BridgeDecideRequest) => Promise<BridgeDecision> {
  return async (request) => {
    guard.agents.register(request.agent.id, request.agent.name);
    const result = await guard.interceptor.decide(toOperation(request));
    return {
      verdict: result.verdict,
      reason: result.reason,
      risk: result.risk,
      ...(result.retryAfterMs !== undefined ? { retryAfterMs: result.retryAfterMs } : {}),
      ...(result.command !== undefined ? { command: result.command } : {}),
    };
  };
}

function toOperation(request: BridgeDecideRequest): Operation {
  const op = request.operation;
  // The agent's session id keeps its taint apart from the same CLI's other sessions (src/engine/taint).
  const who = { agentId: request.agent.id, ...(request.agent.session !== undefined ? { session: request.agent.session } : {}) };
  return op.kind === 'command' ? { kind: 'command', ...who, command: op.command, cwd: op.cwd } : { kind: op.kind, ...who, path: op.path };
}
