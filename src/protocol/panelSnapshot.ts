/**
 * Turns engine state into the Security panel's DTOs. Pure (type-only engine imports), so the host stays
 * a thin adapter and this mapping is unit-tested in plain node. Only metadata crosses: operation content
 * (file text, edits) and secret values are never copied into a DTO.
 */
import type { Anomaly } from '../engine/anomaly/types';
import type { ApprovalRequest } from '../engine/approval/queue';
import type { AgentRecord } from '../engine/agents/registry';
import type { AuditRecord } from '../engine/audit/auditEntry';
import type { Decision } from '../engine/decision';
import type { HookHealth } from '../engine/hooks/health';
import type { EffectivePolicy, PolicyProblem } from '../engine/evaluator';
import { statusNote } from '../engine/vault/messages';
import type { VaultEntry } from '../engine/vault/model';
import type { TaintedSession } from '../engine/taint/tracker';
import { describeSourceKind } from '../engine/taint/trifecta';
import {
  bounded, MAX_TEXT, type AgentDto, type HooksDto, type AnomalyDto, type ApprovalDto, type AuditRowDto, type CountersDto, type DecisionDto,
  type PanelSections, type PauseDto, type RuleDto, type SecretDto, type SectionName,
} from './panelDtos';
import { layerStatuses, policyDto } from './panelLayers';

export const RECENT_ACTIVITY = 20;
const SHORT = 256;

/** Structural copies of the host-side types (src/protocol may not import src/extension). */
export type AuditStatusLike =
  | { state: 'opening'; dir: string }
  | { state: 'open'; dir: string; seq: number; recovered?: string }
  | { state: 'unavailable'; dir: string; reason: string };
export interface SandboxLike { found: boolean; usable: boolean; required: boolean; reason?: string; bwrapPath?: string }
export interface PolicyStateLike { policy: EffectivePolicy; problems: PolicyProblem[]; degraded: boolean; trusted: boolean }
export interface VerifyLike { ok: boolean; entries: number; message: string }
export interface RateStateLike {
  tokensLeft: number;
  hourlyLeft: number;
  nextTokenInMs: number;
  config: { burst: number; perHour: number };
  /** Epoch ms the state was read at. */
  at: number;
}
export type PauseLike = { paused: false } | { paused: true; reason: string; since: number };

/** Everything the panel is built from; the host keeps it current from the engines' change events. */
export interface PanelState {
  pause: PauseLike;
  approvals: readonly ApprovalRequest[];
  agents: readonly AgentRecord[];
  pausedAgents: ReadonlySet<string>;
  rateLimit?: { burst: number; perSecond: number; perHour: number };
  /** The live allowance of one agent (the engine's RateLimiter.state) and the time it is read at. */
  rateStateOf?: (agentId: string) => RateStateLike | undefined;
  /** The agent's tainted sessions under the policy in force (TaintTracker.tainted), newest first. */
  taintOf?: (agentId: string) => readonly TaintedSession[];
  anomalies: readonly Anomaly[];
  /** Newest last, as appended. */
  recent: readonly AuditRecord[];
  tally: Tally;
  audit: AuditStatusLike | undefined;
  lastVerify: VerifyLike | undefined;
  /** undefined while the first probe runs. */
  sandbox: SandboxLike | undefined;
  vault: VaultStatus & { secrets: readonly VaultEntry[] };
  policy: PolicyStateLike | undefined;
  /** Live forwarding of the audit log; undefined while the policy names no collector. */
  forwarding?: ForwardingLike;
  /** The last hook health check (never run on activation; "Check hooks" runs it). */
  hooks?: HooksState;
}

export interface HooksState { checking: boolean; checkedAt?: number; rows: readonly HookHealth[]; problem?: string }

export function hooksDto(hooks: HooksState): HooksDto {
  const opt = (key: string, value: string | undefined, max = MAX_TEXT) => (value === undefined ? {} : { [key]: bounded(value, max) });
  return {
    checking: hooks.checking,
    ...(hooks.checkedAt !== undefined ? { checkedAt: hooks.checkedAt } : {}),
    ...opt('problem', hooks.problem),
    rows: hooks.rows.slice(0, 10).map((row) => ({
      agent: row.agent, agentName: bounded(row.agentName, SHORT), installed: row.installed, state: row.state,
      summary: bounded(row.summary), ...opt('version', row.version, SHORT), ...opt('failOpenOnCrash', row.failOpenOnCrash), ...opt('fix', row.fix),
    })),
  };
}

/** The forwarder's state as the panel shows it (src/node/audit/forwarder.ts ForwardState). */
export interface ForwardingLike {
  target: string;
  deliveredSeq: number;
  behind: number;
  lastError?: string;
  stopped: boolean;
}

/** Agent operations counted since the panel host started (the audit log holds the full history). */
export interface Tally { operations: number; allowed: number; asked: number; denied: number }

export function emptyTally(): Tally {
  return { operations: 0, allowed: 0, asked: 0, denied: 0 };
}

const PASSED = new Set(['allowed', 'approved', 'executed', 'failed']);

/**
 * Counts one audit record if it is an agent operation (`command.*`, `file.*`). "Asked" means it waited
 * for a developer (the record carries the approval); the same operation also counts as allowed or denied.
 */
export function tallyRecord(tally: Tally, record: Pick<AuditRecord, 'operation' | 'result' | 'details'>): void {
  if (!/^(command|file)\./.test(record.operation)) return;
  tally.operations++;
  const approval = record.details?.approval;
  if (typeof approval === 'string' && approval !== 'session-grant') tally.asked++;
  if (record.result === 'denied' || record.result === 'rejected') tally.denied++;
  else if (PASSED.has(record.result)) tally.allowed++;
}

export function ruleDto(rule: Decision['matchedRules'][number]): RuleDto {
  return { source: bounded(rule.source, SHORT), ruleId: bounded(rule.ruleId, SHORT), effect: rule.effect, description: bounded(rule.description) };
}

export function decisionDto(decision: Decision): DecisionDto {
  return {
    verdict: decision.decision,
    risk: decision.risk,
    reasons: decision.reasons.slice(0, 50).map((r) => bounded(r)),
    rules: decision.matchedRules.slice(0, 50).map(ruleDto),
    subcommands: decision.subcommands.slice(0, 50).map((s) => ({
      command: bounded(s.command), verdict: s.decision, risk: s.risk, reasons: s.reasons.slice(0, 20).map((r) => bounded(r)),
    })),
  };
}

/** Newest first, as the Approvals tab lists them. */
export function approvalDtos(requests: readonly ApprovalRequest[], agents: readonly AgentRecord[]): ApprovalDto[] {
  const names = new Map(agents.map((agent) => [agent.id, agent.name]));
  return [...requests].sort((a, b) => b.createdAt - a.createdAt).slice(0, 1000).map((request) => approvalDto(request, names.get(request.agentId)));
}

export function approvalDto(request: ApprovalRequest, agentName: string | undefined): ApprovalDto {
  const op = request.operation;
  const decision = decisionDto(request.decision);
  return {
    id: bounded(request.id, SHORT),
    agentId: bounded(request.agentId, SHORT),
    agentName: bounded(agentName ?? request.agentId, SHORT),
    kind: op.kind,
    target: bounded(op.kind === 'command' ? op.command : op.path),
    summary: bounded(request.summary),
    verdict: decision.verdict,
    risk: decision.risk,
    reasons: decision.reasons,
    rules: decision.rules,
    createdAt: request.createdAt,
    expiresAt: request.expiresAt,
    ...(request.confirmationWord !== undefined ? { confirmationWord: bounded(request.confirmationWord, SHORT) } : {}),
    ...(request.suggestedRule ? { suggestedRule: { match: bounded(request.suggestedRule.match), description: bounded(request.suggestedRule.description) } } : {}),
    hasDiff: (op.kind === 'write' || op.kind === 'create') && (op.content !== undefined || (op.edits?.length ?? 0) > 0),
  };
}

const withRateState = (rateState: AgentDto['rateState']) => (rateState ? { rateState } : {});

function rateStateDto(live: RateStateLike | undefined): AgentDto['rateState'] {
  if (!live) return undefined;
  return {
    tokensLeft: live.tokensLeft, burst: live.config.burst, hourlyLeft: live.hourlyLeft, perHour: live.config.perHour,
    ...(live.nextTokenInMs > 0 ? { nextTokenAt: live.at + live.nextTokenInMs } : {}), at: live.at,
  };
}

function taintDto(sessions: readonly TaintedSession[] | undefined): Pick<AgentDto, 'tainted'> {
  if (!sessions || sessions.length === 0) return {};
  return {
    tainted: sessions.slice(0, 20).map((session) => ({
      ...(session.session !== undefined ? { session: bounded(session.session, SHORT) } : {}),
      since: session.since,
      sources: session.sources.slice(0, 20).map((source) => ({ kind: source.kind, text: bounded(describeSourceKind(source)), at: source.at })),
    })),
  };
}

export function agentDtos(state: Pick<PanelState, 'agents' | 'pausedAgents' | 'rateLimit' | 'rateStateOf' | 'taintOf'>): AgentDto[] {
  const rate = state.rateLimit ? `burst ${state.rateLimit.burst}, ${state.rateLimit.perSecond}/s, ${state.rateLimit.perHour}/h` : undefined;
  return state.agents.slice(0, 1000).map((agent) => ({
    id: bounded(agent.id, SHORT),
    name: bounded(agent.name, SHORT),
    status: agent.status,
    profile: agent.profile,
    registeredAt: agent.registeredAt,
    paused: state.pausedAgents.has(agent.id),
    ...(rate ? { rateLimit: rate } : {}),
    ...withRateState(rateStateDto(state.rateStateOf?.(agent.id))),
    ...taintDto(state.taintOf?.(agent.id)),
  }));
}

/** Unreviewed first, then newest first. */
export function anomalyDtos(anomalies: readonly Anomaly[]): AnomalyDto[] {
  return [...anomalies]
    .sort((a, b) => Number(a.reviewed) - Number(b.reviewed) || b.at - a.at)
    .slice(0, 1000)
    .map((anomaly) => ({
      id: bounded(anomaly.id, SHORT),
      agent: bounded(anomaly.agent, SHORT),
      rule: anomaly.rule,
      severity: anomaly.severity,
      message: bounded(anomaly.message),
      evidence: anomaly.evidence.slice(0, 50).map((e) => bounded(e)),
      at: anomaly.at,
      reviewed: anomaly.reviewed,
    }));
}

export function auditRowDto(record: AuditRecord): AuditRowDto {
  return {
    seq: record.seq,
    time: bounded(record.time, SHORT),
    agent: bounded(record.agent, SHORT),
    operation: bounded(record.operation, SHORT),
    target: bounded(record.target),
    result: record.result,
    ...(record.rule !== undefined ? { rule: bounded(record.rule, SHORT) } : {}),
    ...(record.reason !== undefined ? { reason: bounded(record.reason) } : {}),
    source: record.source,
  };
}

/** Metadata only: the DTO type has no field a value could go into. */
/** Whether the vault has loaded from SecretStorage, and if it cannot be used, why. */
export interface VaultStatus {
  ready: boolean;
  loading?: boolean;
  problem?: string;
}

export function secretDto(secret: VaultEntry): SecretDto {
  return {
    id: bounded(secret.id, SHORT),
    service: bounded(secret.service, SHORT),
    label: bounded(secret.label, SHORT),
    created: bounded(secret.created, SHORT),
    ...(secret.rotated !== undefined ? { rotated: bounded(secret.rotated, SHORT) } : {}),
    ...(secret.lastUsed !== undefined ? { lastUsed: bounded(secret.lastUsed, SHORT) } : {}),
    allowedCommands: secret.allowedCommands.slice(0, 100).map((c) => bounded(c)),
    allowedAgents: secret.allowedAgents.slice(0, 100).map((a) => bounded(a, SHORT)),
    status: secret.status,
    note: bounded(statusNote(secret.status)),
  };
}

export function pauseDto(pause: PauseLike): PauseDto {
  return pause.paused ? { paused: true, reason: bounded(pause.reason), since: pause.since } : { paused: false };
}

export function countersDto(state: Pick<PanelState, 'tally' | 'approvals' | 'anomalies'>): CountersDto {
  return {
    ...state.tally,
    pending: state.approvals.length,
    anomalies: state.anomalies.filter((a) => !a.reviewed).length,
  };
}

/** Builds the named sections (all when `names` is omitted) from the current state. */
export function buildSections(state: PanelState, names?: readonly SectionName[]): Partial<PanelSections> {
  const want = new Set<SectionName>(names ?? ['pause', 'layers', 'counters', 'recent', 'approvals', 'agents', 'hooks', 'anomalies', 'vault', 'policy']);
  const out: Partial<PanelSections> = {};
  if (want.has('pause')) out.pause = pauseDto(state.pause);
  if (want.has('layers')) out.layers = layerStatuses(state);
  if (want.has('counters')) out.counters = countersDto(state);
  if (want.has('recent')) out.recent = state.recent.slice(-RECENT_ACTIVITY).reverse().map(auditRowDto);
  if (want.has('approvals')) out.approvals = approvalDtos(state.approvals, state.agents);
  if (want.has('agents')) out.agents = agentDtos(state);
  if (want.has('hooks')) out.hooks = hooksDto(state.hooks ?? { checking: false, rows: [] });
  if (want.has('anomalies')) out.anomalies = anomalyDtos(state.anomalies);
  if (want.has('vault')) out.vault = { ready: state.vault.ready, detail: vaultDetail(state.vault), secrets: state.vault.secrets.slice(0, 1000).map(secretDto) };
  if (want.has('policy')) out.policy = policyDto(state.policy);
  return out;
}

function vaultDetail(vault: PanelState['vault']): string {
  if (vault.loading) return 'Loading the vault from VS Code SecretStorage…';
  if (!vault.ready) return vault.problem ?? 'The vault is not available (SecretStorage could not be opened).';
  const broken = vault.secrets.filter((s) => s.status !== 'ok').length;
  const attention = broken > 0 ? ` ${broken} need(s) attention: no command receives them until fixed.` : '';
  return `${vault.secrets.length} secret(s), values and metadata stored in VS Code SecretStorage; values never leave it.${attention}`;
}
