/**
 * Profiles cap what an agent may even ask for, before any policy is consulted. A read-only agent's
 * request to run a command is refused outright, not queued for a human to click through.
 */
import { RISK_ORDER, type Risk } from '../decision';
import type { OperationKind } from '../interceptor/operation';

export type AgentProfile = 'read-only' | 'execute' | 'admin';
export const AGENT_PROFILES: readonly AgentProfile[] = ['read-only', 'execute', 'admin'];

interface ProfileCap {
  operations: ReadonlySet<OperationKind>;
  /** The highest risk this profile may ask for; anything above is refused without asking. */
  maxRisk: Risk;
}

const CAPS: Record<AgentProfile, ProfileCap> = {
  'read-only': { operations: new Set(['read']), maxRisk: 'medium' },
  execute: { operations: new Set(['read', 'write', 'create', 'command']), maxRisk: 'high' },
  admin: { operations: new Set(['read', 'write', 'create', 'delete', 'command']), maxRisk: 'critical' },
};

export type CapCheck = { ok: true } | { ok: false; reason: string };

export function checkOperationCap(profile: AgentProfile, kind: OperationKind): CapCheck {
  if (CAPS[profile].operations.has(kind)) return { ok: true };
  const action = kind === 'command' ? 'run commands' : `${kind} files`;
  return { ok: false, reason: `agent profile "${profile}" may not ${action}; a developer can change the profile in Agent Guard` };
}

export function checkRiskCap(profile: AgentProfile, risk: Risk): CapCheck {
  const max = CAPS[profile].maxRisk;
  if (RISK_ORDER.indexOf(risk) <= RISK_ORDER.indexOf(max)) return { ok: true };
  return { ok: false, reason: `this operation is ${risk} risk, above what profile "${profile}" may ask for (${max})` };
}
