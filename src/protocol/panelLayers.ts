/**
 * The Overview tab's protection layers and the Policy tab's view of the effective policy, pure. Each
 * layer says plainly whether it protects right now; anything not yet known is `unknown`, never `ok`.
 */
import type { EffectivePolicy } from '../engine/evaluator';
import { bounded, type LayerStatusDto, type PolicyDto } from './panelDtos';
import type { AuditStatusLike, ForwardingLike, PanelState, PolicyStateLike, SandboxLike, VerifyLike } from './panelSnapshot';

export function layerStatuses(state: Pick<PanelState, 'policy' | 'sandbox' | 'vault' | 'audit' | 'lastVerify' | 'forwarding'>): LayerStatusDto[] {
  const layers = [policyLayer(state.policy), sandboxLayer(state.sandbox), vaultLayer(state.vault), auditLayer(state.audit, state.lastVerify)];
  return state.forwarding ? [...layers, forwardingLayer(state.forwarding)] : layers;
}

/** Only shown while the policy names a collector: up to date, behind (with the last error), or stopped. */
function forwardingLayer(forwarding: ForwardingLike): LayerStatusDto {
  const label = 'Audit forwarding';
  const target = `to ${forwarding.target}`;
  if (forwarding.behind === 0 && !forwarding.lastError) return { id: 'forwarding', label, state: 'ok', detail: bounded(`Up to date ${target} (delivered up to entry ${forwarding.deliveredSeq}).`) };
  const error = forwarding.lastError ? ` Last error: ${forwarding.lastError}.` : '';
  const state = forwarding.stopped || forwarding.lastError ? 'warning' : 'ok';
  return { id: 'forwarding', label, state, detail: bounded(`Forwarding ${forwarding.behind} entries behind ${target}; the local log keeps every entry.${error}`) };
}

function policyLayer(policy: PolicyStateLike | undefined): LayerStatusDto {
  const label = 'Policy';
  if (!policy) return { id: 'policy', label, state: 'unknown', detail: 'Loading the policy…' };
  const from = `from ${policy.policy.layers.join(', ')}`;
  if (policy.degraded) {
    return { id: 'policy', label, state: 'error', detail: bounded(`A policy layer is broken (${policy.problems.length} problem(s)); using the last good or strict defaults ${from}.`) };
  }
  if (policy.problems.length > 0) return { id: 'policy', label, state: 'warning', detail: bounded(`Loaded ${from}, with ${policy.problems.length} problem(s).`) };
  const trust = policy.trusted ? '' : ' Workspace is untrusted: its policy can only tighten.';
  return { id: 'policy', label, state: policy.trusted ? 'ok' : 'warning', detail: bounded(`Loaded ${from}.${trust}`) };
}

function sandboxLayer(sandbox: SandboxLike | undefined): LayerStatusDto {
  const label = 'Sandbox';
  if (!sandbox) return { id: 'sandbox', label, state: 'unknown', detail: 'Checking for bubblewrap…' };
  if (sandbox.usable) return { id: 'sandbox', label, state: 'ok', detail: bounded(`bubblewrap available${sandbox.bwrapPath ? ` at ${sandbox.bwrapPath}` : ''}.`) };
  const why = sandbox.reason ?? (sandbox.found ? 'bubblewrap cannot create namespaces here' : 'bubblewrap is not installed');
  const effect = sandbox.required ? 'Commands are refused (the policy requires a sandbox).' : 'Commands run without a sandbox.';
  return { id: 'sandbox', label, state: sandbox.required ? 'error' : 'warning', detail: bounded(`Not available: ${why}. ${effect}`) };
}

function vaultLayer(vault: PanelState['vault']): LayerStatusDto {
  if (vault.loading) return { id: 'vault', label: 'Vault', state: 'unknown', detail: 'Loading from SecretStorage…' };
  if (!vault.ready) return { id: 'vault', label: 'Vault', state: 'error', detail: vault.problem ?? 'SecretStorage is not available.' };
  const broken = vault.secrets.filter((s) => s.status !== 'ok').length;
  if (broken > 0) return { id: 'vault', label: 'Vault', state: 'warning', detail: `Ready, ${vault.secrets.length} secret(s); ${broken} recovered or broken.` };
  return { id: 'vault', label: 'Vault', state: 'ok', detail: `Ready, ${vault.secrets.length} secret(s).` };
}

function auditLayer(audit: AuditStatusLike | undefined, verify: VerifyLike | undefined): LayerStatusDto {
  const label = 'Audit log';
  if (!audit || audit.state === 'opening') return { id: 'audit', label, state: 'unknown', detail: 'Opening the audit log…' };
  if (audit.state === 'unavailable') {
    return { id: 'audit', label, state: 'error', detail: bounded(`Unavailable: ${audit.reason}. Agent operations are denied until it is back.`) };
  }
  const entries = audit.seq + 1;
  if (!verify) return { id: 'audit', label, state: 'unknown', detail: bounded(`Recording (${entries} entries); chain not verified yet.`) };
  if (!verify.ok) return { id: 'audit', label, state: 'error', detail: bounded(`Chain verification FAILED: ${verify.message}`) };
  const since = entries > verify.entries ? `; ${entries - verify.entries} recorded since` : '';
  return { id: 'audit', label, state: 'ok', detail: bounded(`Recording (${entries} entries); chain verified (${verify.entries} entries intact${since}).`) };
}

export function policyDto(policy: PolicyStateLike | undefined): PolicyDto {
  if (!policy) return { loaded: false, layers: [], summary: [], rules: [], problems: [], degraded: false, trusted: true };
  const effective = policy.policy;
  return {
    loaded: true,
    layers: effective.layers.slice(0, 20).map((layer) => bounded(layer)),
    summary: policySummary(effective),
    rules: effective.commandRules.slice(0, 500).map(({ source, value }) => ({
      source,
      id: bounded(value.id, 256),
      effect: value.effect,
      match: bounded(Array.isArray(value.command) ? value.command.join(' | ') : value.command),
      ...(value.description !== undefined ? { description: bounded(value.description) } : {}),
    })),
    problems: policy.problems.slice(0, 200).map((p) => ({ file: bounded(p.file), location: bounded(p.location, 256), message: bounded(p.message) })),
    degraded: policy.degraded,
    trusted: policy.trusted,
  };
}

function policySummary(policy: EffectivePolicy): PolicyDto['summary'] {
  const risk = [
    policy.risk.askAtOrAbove ? `ask at ${policy.risk.askAtOrAbove}+` : undefined,
    policy.risk.denyAtOrAbove ? `deny at ${policy.risk.denyAtOrAbove}+` : undefined,
  ].filter(Boolean).join(', ');
  return [
    { label: 'Template', value: policy.template },
    { label: 'Approval mode', value: policy.approvalMode },
    { label: 'Risk thresholds', value: risk || 'template defaults' },
    { label: 'Unknown programs', value: policy.unknownPrograms },
    { label: 'Not understood', value: policy.notUnderstood },
    { label: 'Network (unknown hosts)', value: policy.network.unknownHosts },
    { label: 'Sandbox', value: `${policy.sandbox.required ? 'required' : 'optional'}, network ${policy.sandbox.network ?? 'default'}` },
    { label: 'Default agent profile', value: policy.agents.defaultProfile },
    { label: 'Protected paths (denied)', value: bounded(policy.paths.denied.map((d) => d.value).join(', ') || 'none') },
  ];
}
