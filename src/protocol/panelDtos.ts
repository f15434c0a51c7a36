/**
 * What the Security panel shows: plain data transfer objects, zod-validated on arrival in the webview.
 * They carry no secret values by construction (vault entries are metadata only) and every string is
 * bounded, so a hostile agent cannot flood the panel through a long target or reason.
 * zod/mini, not classic zod: the webview bundles these schemas, and classic zod was 94 % of its bytes.
 */
import * as z from 'zod/mini';

export const MAX_TEXT = 4096;
const Text = z.string().check(z.maxLength(MAX_TEXT));
const Short = z.string().check(z.maxLength(256));
const Count = z.int().check(z.nonnegative());
const Epoch = z.number().check(z.nonnegative());
const PositiveInt = z.int().check(z.positive());
/** An array of at most `max` items. */
const listOf = <T extends z.core.SomeType>(item: T, max: number) => z.array(item).check(z.maxLength(max));

export const RiskDto = z.enum(['low', 'medium', 'high', 'critical']);
export const VerdictDto = z.enum(['allow', 'ask', 'deny']);
export const OperationKindDto = z.enum(['command', 'read', 'write', 'create', 'delete']);

export const RuleDto = z.strictObject({
  source: Short,
  ruleId: Short,
  effect: VerdictDto,
  description: Text,
});
export type RuleDto = z.infer<typeof RuleDto>;

/** One protection layer on the Overview tab. */
export const LayerStatusDto = z.strictObject({
  id: z.enum(['policy', 'sandbox', 'vault', 'audit', 'forwarding']),
  label: Short,
  state: z.enum(['ok', 'warning', 'error', 'unknown']),
  detail: Text,
});
export type LayerStatusDto = z.infer<typeof LayerStatusDto>;

export const CountersDto = z.strictObject({
  operations: Count, allowed: Count, asked: Count, denied: Count, pending: Count, anomalies: Count,
});
export type CountersDto = z.infer<typeof CountersDto>;

export const PauseDto = z.strictObject({ paused: z.boolean(), reason: z.optional(Text), since: z.optional(Epoch) });
export type PauseDto = z.infer<typeof PauseDto>;

export const AuditRowDto = z.strictObject({
  seq: Count,
  time: Short,
  agent: Short,
  operation: Short,
  target: Text,
  result: Short,
  rule: z.optional(Short),
  reason: z.optional(Text),
  source: Short,
});
export type AuditRowDto = z.infer<typeof AuditRowDto>;

export const ApprovalDto = z.strictObject({
  id: Short,
  agentId: Short,
  agentName: Short,
  kind: OperationKindDto,
  target: Text,
  summary: Text,
  verdict: VerdictDto,
  risk: RiskDto,
  reasons: listOf(Text, 50),
  rules: listOf(RuleDto, 50),
  createdAt: Epoch,
  expiresAt: Epoch,
  /** Critical requests: the word to type before Approve is accepted. */
  confirmationWord: z.optional(Short),
  /** What "Always allow" would write; absent when it is refused (critical). */
  suggestedRule: z.optional(z.strictObject({ match: Text, description: Text })),
  /** True for file writes whose new content can be shown as a diff. */
  hasDiff: z.boolean(),
});
export type ApprovalDto = z.infer<typeof ApprovalDto>;

export const AgentDto = z.strictObject({
  id: Short,
  name: Short,
  status: z.enum(['pending', 'approved', 'rejected']),
  profile: z.enum(['read-only', 'execute', 'admin']),
  registeredAt: Epoch,
  paused: z.boolean(),
  /** Plain words, e.g. "burst 20, 2/s, 2000/h"; absent when unknown. */
  rateLimit: z.optional(Short),
  /** The live allowance when the snapshot was taken (`at`); absent when unknown. */
  rateState: z.optional(z.strictObject({
    tokensLeft: Count,
    burst: PositiveInt,
    hourlyLeft: Count,
    perHour: PositiveInt,
    /** When the next whole token arrives; absent when the bucket is full. */
    nextTokenAt: z.optional(Epoch),
    at: Epoch,
  })),
  /**
   * Set while any of the agent's sessions is tainted (src/engine/taint): one entry per session, newest
   * taint first, with what untrusted content it read, as labels (a host, a path) in plain words, never
   * the content. `session` is the agent's own session id; absent for reads whose session was not known
   * (an agent that names none), which count for all of its sessions.
   */
  tainted: z.optional(listOf(z.strictObject({
    session: z.optional(Short),
    since: Epoch,
    sources: listOf(z.strictObject({ kind: Short, text: Text, at: Epoch }), 20),
  }), 20)),
});
export type AgentDto = z.infer<typeof AgentDto>;

export const AnomalyDto = z.strictObject({
  id: Short,
  agent: Short,
  rule: Short,
  severity: z.enum(['info', 'warning', 'critical', 'emergency']),
  message: Text,
  evidence: listOf(Text, 50),
  at: Epoch,
  reviewed: z.boolean(),
});
export type AnomalyDto = z.infer<typeof AnomalyDto>;

/** Vault metadata only: there is deliberately no field that could hold a value. */
export const SecretDto = z.strictObject({
  id: Short,
  service: Short,
  label: Short,
  created: Short,
  rotated: z.optional(Short),
  lastUsed: z.optional(Short),
  allowedCommands: listOf(Text, 100),
  allowedAgents: listOf(Short, 100),
  /** As in src/engine/vault/model.ts: `recovered` (value, metadata lost), `no-value`, `empty` are never injected. */
  status: z.enum(['ok', 'recovered', 'no-value', 'empty']),
  /** What the status means and what to do, empty for `ok`. */
  note: Text,
});
export type SecretDto = z.infer<typeof SecretDto>;

export const VaultDto = z.strictObject({ ready: z.boolean(), detail: Text, secrets: listOf(SecretDto, 1000) });
export type VaultDto = z.infer<typeof VaultDto>;

export const PolicyDto = z.strictObject({
  /** False until the policy has been loaded once. */
  loaded: z.boolean(),
  /** The layers that made the effective policy, strictest last, e.g. "workspace /repo/.vscode/agent-guard.json". */
  layers: listOf(Text, 20),
  /** Key settings of the effective policy in plain words. */
  summary: listOf(z.strictObject({ label: Short, value: Text }), 50),
  /** Command rules with the layer each came from. */
  rules: listOf(z.strictObject({ source: Short, id: Short, effect: VerdictDto, match: Text, description: z.optional(Text) }), 500),
  problems: listOf(z.strictObject({ file: Text, location: Short, message: Text }), 200),
  degraded: z.boolean(),
  trusted: z.boolean(),
});
export type PolicyDto = z.infer<typeof PolicyDto>;

/** One agent's hook health (src/engine/hooks/health.ts HookHealth), as the Agents tab shows it. */
export const HookHealthDto = z.strictObject({
  agent: z.enum(['claude', 'copilot', 'codex', 'gemini']),
  agentName: Short,
  installed: z.boolean(),
  version: z.optional(Short),
  state: z.enum(['active', 'inactive', 'not-installed', 'unknown']),
  summary: Text,
  failOpenOnCrash: z.optional(Text),
  fix: z.optional(Text),
});
export type HookHealthDto = z.infer<typeof HookHealthDto>;

/** The last "Check hooks" result: probed only when the developer asks (it starts the agents' CLIs). */
export const HooksDto = z.strictObject({
  checking: z.boolean(),
  checkedAt: z.optional(Epoch),
  rows: listOf(HookHealthDto, 10),
  problem: z.optional(Text),
});
export type HooksDto = z.infer<typeof HooksDto>;

/** Every section of the panel; `update` notifications carry any subset of them. */
export const PanelSections = z.strictObject({
  pause: PauseDto,
  layers: listOf(LayerStatusDto, 10),
  counters: CountersDto,
  recent: listOf(AuditRowDto, 100),
  approvals: listOf(ApprovalDto, 1000),
  agents: listOf(AgentDto, 1000),
  hooks: HooksDto,
  anomalies: listOf(AnomalyDto, 1000),
  vault: VaultDto,
  policy: PolicyDto,
});
export type PanelSections = z.infer<typeof PanelSections>;
export type SectionName = keyof PanelSections;

export const DecisionDto = z.strictObject({
  verdict: VerdictDto,
  risk: RiskDto,
  reasons: listOf(Text, 50),
  rules: listOf(RuleDto, 50),
  subcommands: listOf(z.strictObject({ command: Text, verdict: VerdictDto, risk: RiskDto, reasons: listOf(Text, 20) }), 50),
});
export type DecisionDto = z.infer<typeof DecisionDto>;

/** Trims to the protocol's bound so a long agent string is shortened, never rejected wholesale. */
export function bounded(text: string, max = MAX_TEXT): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
