/**
 * When VS Code is not running, the hook evaluates the committed policy itself. Nobody is there to
 * approve, so: allow stays allow, deny stays deny, and anything that would ask a human (an `ask`
 * verdict, or high/critical risk, as in the interceptor's risk mapping) becomes a deny telling the
 * developer to open VS Code.
 */
import type { Decision } from '../../engine/decision';
import type { BridgeOperation } from '../../protocol/bridge';
import type { HookAnswer } from './formats';

/** Evaluates one operation against the committed policy; may throw (treated as deny). */
export type FallbackEvaluator = (operation: BridgeOperation, cwd: string, agentId: string) => Decision | Promise<Decision>;

export const OPEN_VS_CODE = 'open VS Code with Agent Guard to approve this';

export async function decideOffline(operations: readonly BridgeOperation[], cwd: string, agentId: string, evaluate: FallbackEvaluator, whyOffline: string): Promise<HookAnswer> {
  for (const operation of operations) {
    let decision: Decision;
    try {
      decision = await evaluate(operation, cwd, agentId);
    } catch (error) {
      return { verdict: 'deny', reason: `could not evaluate the policy (${error instanceof Error ? error.message : 'error'}); ${OPEN_VS_CODE}` };
    }
    const why = decision.reasons[0] ?? 'policy';
    if (decision.decision === 'deny') return { verdict: 'deny', reason: why };
    if (decision.decision === 'ask' || decision.risk === 'high' || decision.risk === 'critical') {
      return { verdict: 'deny', reason: `${why}: needs a developer's approval, and ${whyOffline}; ${OPEN_VS_CODE}` };
    }
  }
  return { verdict: 'allow', reason: 'allowed by the committed policy (VS Code not running)' };
}
