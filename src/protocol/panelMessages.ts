/**
 * Messages between the Security panel webview and the extension host. JSON-RPC-like:
 * - request  (webview → host): `{ id, method, params }`, answered by exactly one reply;
 * - reply    (host → webview): `{ id, result }` or `{ id, error: { message } }`;
 * - notification (no id): `ready` (webview → host), `snapshot` and `update` (host → webview).
 * Every message is validated with these schemas on arrival, on both sides; anything else is dropped.
 * The webview says `ready`, gets one full `snapshot`, then `update`s with the sections that changed:
 * the host pushes, the webview never polls. To add a method: add its schema to `RequestSchemas`
 * and its result to `ResultSchemas`. zod/mini, as in panelDtos.ts: the webview bundles these.
 */
import * as z from 'zod/mini';
import { AuditRowDto, DecisionDto, OperationKindDto, PanelSections } from './panelDtos';

export const PANEL_PROTOCOL_VERSION = 2;

const RequestId = z.int().check(z.nonnegative());
const NoParams = z.strictObject({});
const Id = z.string().check(z.minLength(1), z.maxLength(256));
const FreeText = z.string().check(z.maxLength(4096));
const upTo = (max: number) => z.string().check(z.maxLength(max));
const Count = z.int().check(z.nonnegative());
const PositiveInt = z.int().check(z.positive());

/** Audit filters as typed by the developer; the host parses `since` (e.g. `15m`, `2026-01-31`). */
export const AuditFilter = z.strictObject({
  since: z.optional(upTo(64)),
  result: z.optional(upTo(32)),
  agent: z.optional(upTo(256)),
  operation: z.optional(upTo(256)),
});
export type AuditFilter = z.infer<typeof AuditFilter>;

export const ActionResult = z.strictObject({ ok: z.boolean(), message: FreeText });
export type ActionResult = z.infer<typeof ActionResult>;

/** Params per request method. */
export const RequestSchemas = {
  ping: z.strictObject({ source: z.enum(['button']) }),
  approve: z.strictObject({ id: Id, scope: z.enum(['once', 'session', 'always']), confirmation: z.optional(upTo(256)) }),
  deny: z.strictObject({ id: Id, reason: z.optional(FreeText) }),
  editApprove: z.strictObject({ id: Id, command: z.string().check(z.minLength(1), z.maxLength(8192)), confirmation: z.optional(upTo(256)) }),
  showDiff: z.strictObject({ id: Id }),
  setPaused: z.strictObject({ paused: z.boolean(), reason: z.optional(FreeText) }),
  agentAction: z.strictObject({
    id: Id,
    action: z.enum(['approve', 'reject', 'pause', 'resume', 'setProfile']),
    profile: z.optional(z.enum(['read-only', 'execute', 'admin'])),
  }),
  /** "Clear taint" on one tainted session of an agent (no `session`: the reads whose session was not known). Audited. */
  clearTaint: z.strictObject({ id: Id, session: z.optional(z.string().check(z.minLength(1), z.maxLength(128))) }),
  markReviewed: z.strictObject({ id: Id }),
  checkHooks: NoParams,
  vaultAction: z.strictObject({ action: z.enum(['add', 'delete', 'rotate', 'edit']), id: z.optional(Id) }),
  auditQuery: z.strictObject({ filter: AuditFilter, page: z.int().check(z.nonnegative(), z.maximum(1_000_000)), pageSize: z.int().check(z.minimum(1), z.maximum(500)) }),
  auditVerify: NoParams,
  auditExport: z.strictObject({ filter: AuditFilter, format: z.enum(['jsonl', 'csv']) }),
  whatIf: z.strictObject({ kind: OperationKindDto, text: z.string().check(z.minLength(1), z.maxLength(8192)) }),
} as const;

/** Result per request method, validated by the webview before it is shown. */
export const ResultSchemas = {
  ping: z.strictObject({ pong: z.literal(true), count: PositiveInt }),
  approve: ActionResult,
  deny: ActionResult,
  editApprove: ActionResult,
  showDiff: ActionResult,
  setPaused: ActionResult,
  agentAction: ActionResult,
  clearTaint: ActionResult,
  markReviewed: ActionResult,
  checkHooks: ActionResult,
  vaultAction: ActionResult,
  auditQuery: z.strictObject({
    rows: z.array(AuditRowDto).check(z.maxLength(500)),
    page: Count,
    pageSize: PositiveInt,
    /** Matching rows in total, when known cheaply; `hasMore` is always right. */
    total: z.optional(Count),
    hasMore: z.boolean(),
    message: z.optional(FreeText),
  }),
  auditVerify: z.strictObject({ ok: z.boolean(), entries: Count, message: FreeText }),
  auditExport: ActionResult,
  whatIf: z.strictObject({ ok: z.boolean(), message: FreeText, decision: z.optional(DecisionDto) }),
} as const;

export type PanelMethod = keyof typeof RequestSchemas;
export type PanelParams = { [M in PanelMethod]: z.infer<(typeof RequestSchemas)[M]> };
export type PanelRequestResults = { [M in PanelMethod]: z.infer<(typeof ResultSchemas)[M]> };
export type PingResult = PanelRequestResults['ping'];
export const PingResult = ResultSchemas.ping;

const requestOf = <M extends PanelMethod>(method: M) =>
  z.strictObject({ id: RequestId, method: z.literal(method), params: RequestSchemas[method] });

// ---- webview → host --------------------------------------------------------------------------

/** Notification: the webview has loaded its script and wants a snapshot. */
export const ReadyNotification = z.strictObject({ method: z.literal('ready'), params: NoParams });

export const WebviewToHostMessage = z.discriminatedUnion('method', [
  ReadyNotification,
  requestOf('ping'), requestOf('approve'), requestOf('deny'), requestOf('editApprove'), requestOf('showDiff'),
  requestOf('setPaused'), requestOf('agentAction'), requestOf('clearTaint'), requestOf('markReviewed'), requestOf('checkHooks'), requestOf('vaultAction'),
  requestOf('auditQuery'), requestOf('auditVerify'), requestOf('auditExport'), requestOf('whatIf'),
]);
export type WebviewToHostMessage = z.infer<typeof WebviewToHostMessage>;
export type WebviewRequest = Extract<WebviewToHostMessage, { id: number }>;

// ---- host → webview --------------------------------------------------------------------------

export const SnapshotParams = z.extend(PanelSections, {
  protocolVersion: z.literal(PANEL_PROTOCOL_VERSION),
  extensionVersion: upTo(64),
  status: z.enum(['active', 'paused']),
});
export type Snapshot = z.infer<typeof SnapshotParams>;

/** Notification: everything the panel shows; sent in answer to `ready`. */
export const SnapshotNotification = z.strictObject({ method: z.literal('snapshot'), params: SnapshotParams });

/** Notification: only the sections that changed (e.g. `approvals` when a request arrives). */
export const UpdateNotification = z.strictObject({
  method: z.literal('update'),
  params: z.partial(z.omit(SnapshotParams, { protocolVersion: true, extensionVersion: true })),
});
export type PanelUpdate = z.infer<typeof UpdateNotification>['params'];

export const ReplyMessage = z.union([
  z.strictObject({ id: RequestId, result: z.unknown() }),
  z.strictObject({ id: RequestId, error: z.strictObject({ message: upTo(2000) }) }),
]);
export type ReplyMessage = z.infer<typeof ReplyMessage>;

export const HostToWebviewMessage = z.union([SnapshotNotification, UpdateNotification, ReplyMessage]);
export type HostToWebviewMessage = z.infer<typeof HostToWebviewMessage>;

/** Parses a message from the webview; returns a reason instead of throwing. */
export function parseWebviewMessage(raw: unknown): { ok: true; message: WebviewToHostMessage } | { ok: false; reason: string } {
  const parsed = WebviewToHostMessage.safeParse(raw);
  if (parsed.success) return { ok: true, message: parsed.data };
  return { ok: false, reason: parsed.error.issues.slice(0, 5).map((issue) => `${issue.path.join('.') || 'message'}: ${issue.message}`).join('; ') };
}

/** Parses a message from the host; returns undefined for anything that is not ours or is malformed. */
export function parseHostMessage(raw: unknown): HostToWebviewMessage | undefined {
  const parsed = HostToWebviewMessage.safeParse(raw);
  return parsed.success ? parsed.data : undefined;
}

/** Validates a reply's result against its method's schema (the webview does this before showing it). */
export function parseResult<M extends PanelMethod>(method: M, result: unknown): PanelRequestResults[M] | undefined {
  const parsed = ResultSchemas[method].safeParse(result);
  return parsed.success ? (parsed.data as PanelRequestResults[M]) : undefined;
}
