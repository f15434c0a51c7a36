/**
 * Messages between the Security panel webview and the extension host. JSON-RPC-like, so the panel
 * can grow without redesign:
 * - request  (either side → other): `{ id, method, params }`, answered by exactly one reply;
 * - reply    : `{ id, result }` or `{ id, error: { message } }`;
 * - notification (no id): `{ method, params }`, never answered.
 * Every message is validated with these schemas on arrival; anything else is dropped and logged.
 * To add a method: add its schema to the matching union below and its entry to the type maps.
 */
import { z } from 'zod';

export const PANEL_PROTOCOL_VERSION = 1;

const RequestId = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
const NoParams = z.strictObject({});

// ---- webview → host --------------------------------------------------------------------------

/** Notification: the webview has loaded its script and wants a snapshot. */
export const ReadyNotification = z.strictObject({ method: z.literal('ready'), params: NoParams });

/** Request: the user pressed the panel's ping button (also the smoke test's round trip). */
export const PingRequest = z.strictObject({
  id: RequestId,
  method: z.literal('ping'),
  params: z.strictObject({ source: z.enum(['button']) }),
});
export const PingResult = z.strictObject({ pong: z.literal(true), count: z.number().int().positive() });

export const WebviewToHostMessage = z.discriminatedUnion('method', [ReadyNotification, PingRequest]);
export type WebviewToHostMessage = z.infer<typeof WebviewToHostMessage>;
export type WebviewRequest = Extract<WebviewToHostMessage, { id: number }>;

/** Result type per request method, used by both sides to type replies. */
export interface PanelRequestResults {
  ping: z.infer<typeof PingResult>;
}

// ---- host → webview --------------------------------------------------------------------------

/** Notification: the current state the panel shows. Grows as engines land (approvals, audit, …). */
export const SnapshotNotification = z.strictObject({
  method: z.literal('snapshot'),
  params: z.strictObject({
    protocolVersion: z.literal(PANEL_PROTOCOL_VERSION),
    extensionVersion: z.string().max(64),
    status: z.enum(['active', 'paused']),
  }),
});
export type Snapshot = z.infer<typeof SnapshotNotification>['params'];

export const ReplyMessage = z.union([
  z.strictObject({ id: RequestId, result: z.unknown() }),
  z.strictObject({ id: RequestId, error: z.strictObject({ message: z.string().max(2000) }) }),
]);
export type ReplyMessage = z.infer<typeof ReplyMessage>;

export const HostToWebviewMessage = z.union([SnapshotNotification, ReplyMessage]);
export type HostToWebviewMessage = z.infer<typeof HostToWebviewMessage>;

/** Parses a message from the webview; returns a reason instead of throwing. */
export function parseWebviewMessage(raw: unknown): { ok: true; message: WebviewToHostMessage } | { ok: false; reason: string } {
  const parsed = WebviewToHostMessage.safeParse(raw);
  if (parsed.success) return { ok: true, message: parsed.data };
  return { ok: false, reason: parsed.error.issues.map((issue) => `${issue.path.join('.') || 'message'}: ${issue.message}`).join('; ') };
}
