/**
 * Layering: built-in template < user settings < workspace file < managed policy. Strictest wins:
 * rules from every layer apply together (deny before ask before allow), and a setting given by several
 * layers takes its strictest value, so no lower layer can loosen a higher one. An untrusted workspace
 * may only tighten: its grants (allow rules, allowed paths and hosts, secrets) are dropped and its
 * settings count only where stricter than the template.
 */
import type { Risk, RuleSource, Verdict } from '../decision';
import { RISK_ORDER, VERDICT_ORDER } from '../decision';
import { DEFAULT_TEMPLATE, TEMPLATES } from './templates';
import { mergeTaint } from './mergeTaint';
import type { TaintSettings } from '../taint/types';
import type {
  AgentProfile, ApprovalMode, AuditForward, CommandRule, OpVerdicts, PathOp, PathRule, PolicyFile, ProtectedSets,
  RateLimits, SandboxSettings, SecretGrant, TemplateName,
} from './schema';

export type LayerSource = Exclude<RuleSource, 'builtin'>;

export interface PolicyLayer {
  /** `defaults` is used for the strict fallback that replaces a broken layer. */
  source: LayerSource;
  /** Where it came from, for messages (a file path or "user settings"). */
  origin: string;
  policy: PolicyFile;
  /**
   * False: the layer may only tighten. Workspace: VS Code Workspace Trust. Managed: false when the file
   * is not root-owned or others can write it (src/node/policyFiles.ts).
   */
  trusted?: boolean;
}

export interface Sourced<T> { source: LayerSource; value: T }

export interface EffectivePolicy {
  template: TemplateName;
  approvalMode: ApprovalMode;
  risk: { askAtOrAbove?: Risk; denyAtOrAbove?: Risk };
  commandRules: Sourced<CommandRule>[];
  unknownPrograms: Verdict;
  notUnderstood: 'ask' | 'deny';
  paths: {
    allowed: Sourced<string>[];
    denied: Sourced<string>[];
    rules: Sourced<PathRule>[];
    insideWorkspace: OpVerdicts;
    outsideWorkspace: OpVerdicts;
    protected: ProtectedSets;
  };
  network: { allowedHosts: string[]; deniedHosts: string[]; unknownHosts: Verdict; loopbackReads: Verdict };
  agents: { defaultProfile: AgentProfile; profiles: Record<string, AgentProfile> };
  rateLimits: RateLimits;
  secrets: SecretGrant[];
  sandbox: SandboxSettings;
  /** Audit forwarding: from the managed layer, else the user layer; never from a workspace file. */
  audit: { forward?: AuditForward; forwardFrom?: 'managed' | 'user' };
  /** Taint tracking (mergeTaint.ts): on unless an admin layer turns it off. */
  taint: TaintSettings;
  /** Human-readable list of the layers that made this policy. */
  layers: string[];
}

const TEMPLATE_ORDER: TemplateName[] = ['trusted-automation', 'balanced', 'strict'];
const APPROVAL_ORDER: ApprovalMode[] = ['never', 'smart', 'always'];
const PROFILE_ORDER: AgentProfile[] = ['admin', 'execute', 'read-only'];
const NETWORK_ORDER = ['full', 'allowlist', 'none'] as const;

/** Picks the strictest of several values given a loosest-to-strictest order. */
function strictest<T>(order: readonly T[], values: readonly (T | undefined)[]): T | undefined {
  let best: T | undefined;
  for (const value of values) {
    if (value === undefined) continue;
    if (best === undefined || order.indexOf(value) > order.indexOf(best)) best = value;
  }
  return best;
}

/** Lower risk thresholds are stricter. */
function lowestRisk(values: readonly (Risk | undefined)[]): Risk | undefined {
  return strictest([...RISK_ORDER].reverse(), values);
}

function minDefined(values: readonly (number | undefined)[]): number | undefined {
  const defined = values.filter((v): v is number => v !== undefined);
  return defined.length > 0 ? Math.min(...defined) : undefined;
}

function isUntrusted(layer: PolicyLayer): boolean {
  return layer.trusted === false;
}

/** The strictest template any layer names (an untrusted workspace only counts against the default). */
function chooseTemplate(layers: readonly PolicyLayer[]): TemplateName {
  const named = layers.map((l) => {
    const value = l.policy.template;
    return isUntrusted(l) && value !== undefined ? strictest(TEMPLATE_ORDER, [value, DEFAULT_TEMPLATE]) : value;
  });
  return strictest(TEMPLATE_ORDER, named) ?? DEFAULT_TEMPLATE;
}

interface LayerView { source: LayerSource; policy: PolicyFile; untrusted: boolean }

/** Reading one setting or one list across all layers, with the untrusted-workspace rules applied. */
interface LayerTools {
  setting<T>(order: readonly T[], pick: (p: PolicyFile) => T | undefined): T | undefined;
  collect<T>(pick: (p: PolicyFile) => readonly T[] | undefined, keep: (v: T, untrusted: boolean) => boolean): Sourced<T>[];
}

function layerTools(layers: readonly PolicyLayer[], base: PolicyFile, all: readonly LayerView[]): LayerTools {
  return {
    // The value each layer sets, strictest wins; an untrusted workspace's value only counts together with the base's.
    setting(order, pick) {
      const explicit = layers.map((l) => {
        const value = pick(l.policy);
        return isUntrusted(l) && value !== undefined ? strictest(order, [value, pick(base)]) : value;
      }).filter((v) => v !== undefined);
      return explicit.length > 0 ? strictest(order, explicit) : pick(base);
    },
    collect(pick, keep) {
      return all.flatMap((l) => (pick(l.policy) ?? []).filter((v) => keep(v, l.untrusted)).map((value) => ({ source: l.source, value })));
    },
  };
}

const grantsOnlyIfTrusted = <T>(_v: T, untrusted: boolean) => !untrusted;
const tightening = (v: { effect: Verdict }, untrusted: boolean) => !untrusted || v.effect !== 'allow';

function mergePaths(tools: LayerTools): EffectivePolicy['paths'] {
  const opVerdicts = (pick: (p: PolicyFile) => Partial<OpVerdicts> | undefined): OpVerdicts => {
    const ops: PathOp[] = ['read', 'write', 'delete', 'execute'];
    return Object.fromEntries(ops.map((op) => [op, tools.setting(VERDICT_ORDER, (p) => pick(p)?.[op]) ?? 'ask'])) as OpVerdicts;
  };
  const protectedSet = (key: keyof ProtectedSets) => tools.setting([false, true], (p) => p.paths?.protected?.[key]) ?? true;
  return {
    allowed: tools.collect((p) => p.paths?.allowed_paths, grantsOnlyIfTrusted),
    denied: tools.collect((p) => p.paths?.denied_paths, () => true),
    rules: tools.collect((p) => p.paths?.rules, tightening),
    insideWorkspace: opVerdicts((p) => p.paths?.insideWorkspace),
    outsideWorkspace: opVerdicts((p) => p.paths?.outsideWorkspace),
    protected: {
      secrets: protectedSet('secrets'),
      agentConfig: protectedSet('agentConfig'),
      vcsInternals: protectedSet('vcsInternals'),
      ciWorkflows: protectedSet('ciWorkflows'),
      buildFiles: protectedSet('buildFiles'),
    },
  };
}

/** Layers must be given lowest first: user, workspace, managed. */
export function mergeLayers(layers: readonly PolicyLayer[]): EffectivePolicy {
  const template = chooseTemplate(layers);
  const base = TEMPLATES[template];
  const all: LayerView[] = [
    { source: 'defaults', policy: base, untrusted: false },
    ...layers.map((l) => ({ source: l.source, policy: l.policy, untrusted: isUntrusted(l) })),
  ];
  const tools = layerTools(layers, base, all);
  return {
    template,
    approvalMode: tools.setting(APPROVAL_ORDER, (p) => p.approvalMode) ?? 'smart',
    risk: {
      askAtOrAbove: mergedThreshold(layers, base, (p) => p.risk?.askAtOrAbove),
      denyAtOrAbove: mergedThreshold(layers, base, (p) => p.risk?.denyAtOrAbove),
    },
    commandRules: tools.collect((p) => p.commands?.rules, tightening),
    unknownPrograms: tools.setting(VERDICT_ORDER, (p) => p.commands?.unknownPrograms) ?? 'ask',
    notUnderstood: tools.setting(['ask', 'deny'] as const, (p) => p.commands?.notUnderstood) ?? 'ask',
    paths: mergePaths(tools),
    network: {
      allowedHosts: unique(tools.collect((p) => p.network?.allowedHosts, grantsOnlyIfTrusted).map((s) => s.value)),
      deniedHosts: unique(tools.collect((p) => p.network?.deniedHosts, () => true).map((s) => s.value)),
      unknownHosts: tools.setting(VERDICT_ORDER, (p) => p.network?.unknownHosts) ?? 'ask',
      loopbackReads: tools.setting(VERDICT_ORDER, (p) => p.network?.loopbackReads ?? p.network?.unknownHosts) ?? 'ask',
    },
    agents: mergeAgents(all),
    rateLimits: mergeRateLimits(all.map((l) => l.policy.rateLimits)),
    secrets: tools.collect((p) => p.secrets, grantsOnlyIfTrusted).map((s) => s.value),
    sandbox: mergeSandbox(all.map((l) => l.policy.sandbox)),
    audit: mergeAudit(layers),
    taint: mergeTaint(layers, base),
    layers: [`template ${template}`, ...layers.map((l) => `${l.source} ${l.origin}${isUntrusted(l) ? ' (untrusted: tighten only)' : ''}`)],
  };
}

/**
 * Where the audit trail goes is the organisation's call: the managed layer wins, then the user; a workspace
 * (or a managed file that is not root-owned) is never asked, so a cloned repository cannot redirect it.
 */
function mergeAudit(layers: readonly PolicyLayer[]): EffectivePolicy['audit'] {
  for (const from of ['managed', 'user'] as const) {
    const forward = layers.find((l) => l.source === from && !isUntrusted(l) && l.policy.audit?.forward)?.policy.audit?.forward;
    if (forward) return { forward, forwardFrom: from };
  }
  return {};
}

/** Risk thresholds: a layer may lower them (stricter); an untrusted workspace cannot raise them. */
function mergedThreshold(layers: readonly PolicyLayer[], base: PolicyFile, pick: (p: PolicyFile) => Risk | undefined): Risk | undefined {
  const explicit = layers.map((l) => pick(l.policy)).filter((v) => v !== undefined);
  const trustedExplicit = layers.filter((l) => !isUntrusted(l)).map((l) => pick(l.policy)).filter((v) => v !== undefined);
  if (explicit.length === 0) return pick(base);
  return trustedExplicit.length === explicit.length ? lowestRisk(explicit) : lowestRisk([...explicit, pick(base)]);
}

function unique(values: string[]): string[] {
  return [...new Set(values.map((v) => v.toLowerCase()))];
}

function mergeAgents(all: readonly LayerView[]): EffectivePolicy['agents'] {
  const baseDefault = all[0]?.policy.agents?.defaultProfile ?? 'execute';
  // An untrusted workspace can make an agent stricter, never looser than the template's default profile.
  const tighten = (value: AgentProfile | undefined, untrusted: boolean) =>
    untrusted && value !== undefined ? strictest(PROFILE_ORDER, [value, baseDefault]) : value;
  const profiles: Record<string, AgentProfile> = {};
  for (const layer of all) {
    for (const [agent, profile] of Object.entries(layer.policy.agents?.profiles ?? {})) {
      const value = tighten(profile, layer.untrusted) ?? profile;
      profiles[agent] = strictest(PROFILE_ORDER, [profiles[agent], value]) ?? value;
    }
  }
  const explicitDefaults = all.slice(1).map((l) => tighten(l.policy.agents?.defaultProfile, l.untrusted));
  return { defaultProfile: strictest(PROFILE_ORDER, explicitDefaults) ?? baseDefault, profiles };
}

function mergeRateLimits(limits: readonly (RateLimits | undefined)[]): RateLimits {
  const merged: RateLimits = {};
  for (const key of ['commands', 'fileWrites', 'network'] as const) {
    const burst = minDefined(limits.map((l) => l?.[key]?.burst));
    const perHour = minDefined(limits.map((l) => l?.[key]?.perHour));
    if (burst !== undefined && perHour !== undefined) merged[key] = { burst, perHour };
  }
  return merged;
}

function mergeSandbox(all: readonly (SandboxSettings | undefined)[]): SandboxSettings {
  const limitKeys = ['memoryMb', 'cpuSeconds', 'processes', 'fileSizeMb', 'timeoutSeconds', 'outputBytes', 'diskMb'] as const;
  const limits: NonNullable<SandboxSettings['limits']> = {};
  for (const key of limitKeys) {
    const value = minDefined(all.map((s) => s?.limits?.[key]));
    if (value !== undefined) limits[key] = value;
  }
  return {
    required: all.some((s) => s?.required === true),
    network: strictest(NETWORK_ORDER, all.map((s) => s?.network)) ?? 'allowlist',
    limits,
  };
}
