/**
 * Applies what sits above the rules: the agent's profile, the approval mode and the risk thresholds.
 * `never` and the admin profile relax rule-based asks only; built-in protections, concerns and
 * critical risk still stop (a firm ask stays ask). Critical always needs at least a human.
 */
import { RISK_ORDER, type Risk } from '../decision';
import type { EffectivePolicy } from '../policy/merge';
import type { AgentProfile } from '../policy/schema';
import { addFinding, type Judgement } from './judgement';

const atOrAbove = (risk: Risk, threshold: Risk | undefined) =>
  threshold !== undefined && RISK_ORDER.indexOf(risk) >= RISK_ORDER.indexOf(threshold);

function builtin(into: Judgement, verdict: 'ask' | 'deny', risk: Risk, ruleId: string, reason: string, firm: boolean): void {
  addFinding(into, { verdict, risk, reason, firm, rule: { source: 'builtin', ruleId, effect: verdict, description: reason } });
}

export interface ModeInput {
  policy: EffectivePolicy;
  profile: AgentProfile;
  agent: string | undefined;
  /** False when the operation changes something or is not on the read-only list. */
  readOnlyOperation: boolean;
}

export function applyModes(j: Judgement, input: ModeInput): Judgement {
  const { policy, profile } = input;
  const relaxing = policy.approvalMode === 'never' || profile === 'admin';
  if (relaxing && j.verdict === 'ask' && !j.firm && j.risk !== 'critical') {
    const why = profile === 'admin' ? `agent ${input.agent ?? ''} has the admin profile` : "approval mode is 'never'";
    j.verdict = 'allow';
    j.allowNotes.push(`allowed without asking: ${why}`);
  }
  if (atOrAbove(j.risk, policy.risk.denyAtOrAbove)) {
    builtin(j, 'deny', j.risk, 'risk.denyAtOrAbove', `risk ${j.risk} is at or above the policy's deny threshold (${policy.risk.denyAtOrAbove})`, true);
  } else if (j.verdict === 'allow' && atOrAbove(j.risk, policy.risk.askAtOrAbove)) {
    builtin(j, 'ask', j.risk, 'risk.askAtOrAbove', `risk ${j.risk} is at or above the policy's ask threshold (${policy.risk.askAtOrAbove})`, true);
  }
  if (j.risk === 'critical' && j.verdict === 'allow') {
    builtin(j, 'ask', 'critical', 'builtin:critical-needs-human', 'critical risk always needs a human', true);
  }
  if (policy.approvalMode === 'always' && j.verdict === 'allow') {
    builtin(j, 'ask', j.risk, 'approvalMode.always', "approval mode is 'always': every operation is confirmed", false);
  }
  if (profile === 'read-only' && !input.readOnlyOperation && j.verdict !== 'deny') {
    builtin(j, 'deny', j.risk, 'agents.read-only', `agent ${input.agent ?? ''} has the read-only profile and this changes something or is not a known read-only command`.replace('  ', ' '), true);
  }
  return j;
}
