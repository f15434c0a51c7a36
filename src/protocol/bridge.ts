/**
 * The hook bridge wire format: newline-delimited JSON over a Unix socket that only the current user
 * can reach, or on Windows a named pipe with a random per-start name (src/node/bridge/endpoint.ts).
 * Each line is one request; each response line carries the request id. Validated on arrival on both
 * sides; anything that does not parse is refused without effect.
 */
import { z } from 'zod';
import { SESSION_ID_PATTERN } from './sessionId';

export const BRIDGE_PROTOCOL_VERSION = 1;
/** A request line longer than this is refused and the connection closed (nothing is buffered past it). */
export const BRIDGE_MAX_LINE_BYTES = 256 * 1024;

const PathSchema = z.string().min(1).max(4096);

export const BridgeOperationSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('command'), command: z.string().min(1).max(16_384), cwd: PathSchema }),
  z.strictObject({ kind: z.enum(['read', 'write', 'create', 'delete']), path: PathSchema }),
]);
export type BridgeOperation = z.infer<typeof BridgeOperationSchema>;

export const BridgeAgentSchema = z.strictObject({
  /**
   * e.g. `hook:claude`; the developer approves it like any other agent. Always `hook:`-prefixed, so a
   * bridge client can never speak as an extension-API or language-model-tool agent.
   */
  id: z.string().regex(/^hook:[A-Za-z0-9._@-]{1,59}$/),
  name: z.string().min(1).max(100),
  /** The agent's own session id, when its hook input has one; taint is kept per session. */
  session: z.string().regex(SESSION_ID_PATTERN).optional(),
});

export const BridgeRequestSchema = z.discriminatedUnion('method', [
  z.strictObject({
    v: z.literal(BRIDGE_PROTOCOL_VERSION),
    id: z.string().min(1).max(64),
    token: z.string().min(1).max(256),
    method: z.literal('ping'),
  }),
  /**
   * A newer VS Code window for the same workspace asks this server to stop serving so it can take over
   * (a reopened browser tab leaves the old extension host running with nobody looking at it). Requests
   * still waiting here are answered `handed-over`, and the hook asks the new window again.
   */
  z.strictObject({
    v: z.literal(BRIDGE_PROTOCOL_VERSION),
    id: z.string().min(1).max(64),
    token: z.string().min(1).max(256),
    method: z.literal('handover'),
  }),
  z.strictObject({
    v: z.literal(BRIDGE_PROTOCOL_VERSION),
    id: z.string().min(1).max(64),
    token: z.string().min(1).max(256),
    method: z.literal('decide'),
    agent: BridgeAgentSchema,
    operation: BridgeOperationSchema,
  }),
]);
export type BridgeRequest = z.infer<typeof BridgeRequestSchema>;
export type BridgeDecideRequest = Extract<BridgeRequest, { method: 'decide' }>;

export const BridgeDecisionSchema = z.object({
  verdict: z.enum(['allow', 'deny']),
  reason: z.string(),
  risk: z.enum(['low', 'medium', 'high', 'critical']),
  retryAfterMs: z.number().int().nonnegative().optional(),
  /** When the developer edited the command: the command the agent should run instead (hooks may not support it). */
  command: z.string().optional(),
});
export type BridgeDecision = z.infer<typeof BridgeDecisionSchema>;

export const BridgeErrorCodeSchema = z.enum(['malformed', 'too-large', 'unauthorized', 'unsupported-version', 'internal', 'handed-over', 'replayed', 'busy']);
export type BridgeErrorCode = z.infer<typeof BridgeErrorCodeSchema>;

export const BridgeResponseSchema = z.union([
  z.strictObject({ v: z.literal(BRIDGE_PROTOCOL_VERSION), id: z.string(), ok: z.literal(true), result: BridgeDecisionSchema }),
  z.strictObject({ v: z.literal(BRIDGE_PROTOCOL_VERSION), id: z.string(), ok: z.literal(true), pong: z.literal(true) }),
  z.strictObject({ v: z.literal(BRIDGE_PROTOCOL_VERSION), id: z.string(), ok: z.literal(true), handedOver: z.literal(true) }),
  z.strictObject({
    v: z.literal(BRIDGE_PROTOCOL_VERSION),
    /** Empty when the request was too broken to have a readable id. */
    id: z.string(),
    ok: z.literal(false),
    error: z.strictObject({ code: BridgeErrorCodeSchema, message: z.string() }),
  }),
]);
export type BridgeResponse = z.infer<typeof BridgeResponseSchema>;

/** What the extension writes beside the token so the CLI can find the server for a workspace. */
export const BridgeDiscoverySchema = z.strictObject({
  v: z.literal(BRIDGE_PROTOCOL_VERSION),
  /**
   * Where the server listens: a Unix socket path, or on Windows a pipe name `\\.\pipe\agent-guard-<hex>`
   * (the field keeps its protocol-1 name; node's net.connect takes either). The client accepts only
   * the shapes its own platform's server creates (endpointProblem in src/node/bridge/endpoint.ts).
   */
  socketPath: z.string().min(1).max(4096),
  tokenPath: z.string().min(1),
  workspace: z.string().min(1),
  pid: z.number().int().positive(),
  startedAt: z.number().int(),
});
export type BridgeDiscovery = z.infer<typeof BridgeDiscoverySchema>;
