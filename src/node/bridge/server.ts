/**
 * The bridge server the extension runs so hooks of agents outside VS Code can ask for decisions.
 * Newline-delimited JSON over a Unix socket, or a named pipe on Windows (endpoint.ts, listen.ts); every
 * line is length-limited, schema-validated and token-checked before anything else happens. A refused request has no effect besides its error reply.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import {
  BRIDGE_MAX_LINE_BYTES, BRIDGE_PROTOCOL_VERSION, BridgeRequestSchema,
  type BridgeDecideRequest, type BridgeDecision, type BridgeDiscovery, type BridgeErrorCode, type BridgeResponse,
} from '../../protocol/bridge';
import { readEndpoint, requestHandover } from './client';
import { claimEndpoint, endpointFiles, listenExclusive } from './listen';
import type { BridgeLocation } from './endpoint';
import { createSeenIds, SEEN_ID_WINDOW_MS, type SeenIds } from './seenIds';
import { bridgePaths, currentLocation, ensurePrivateDir, removeDeadSets, writePrivateFile, type BridgePaths } from './paths';

export interface BridgeServerOptions {
  workspace: string;
  env?: NodeJS.ProcessEnv;
  /** Decides one operation (normally `Interceptor.decide`); may wait for a developer. */
  decide(request: BridgeDecideRequest): Promise<BridgeDecision>;
  maxLineBytes?: number;
  /** A connection that has not sent one complete request line by then is closed (default 10 s). */
  firstLineTimeoutMs?: number;
  /** Told about every refused request (for the audit log); never given the offending token. */
  onRefused?(code: BridgeErrorCode, message: string): void;
  /** A newer window for the same workspace took the bridge over; this server has stopped serving. */
  onHandedOver?(): void;
  /** Serve from this sub-folder of the private directory (the warm decider's), apart from VS Code's bridges. */
  subdir?: string;
}

export interface BridgeServer {
  readonly paths: BridgePaths;
  close(): Promise<void>;
}

export async function startBridgeServer(options: BridgeServerOptions): Promise<BridgeServer> {
  const base = currentLocation(options.env, true);
  if (options.subdir !== undefined) ensurePrivateDir(base);
  const location = options.subdir === undefined ? base : { ...base, dir: path.join(base.dir, options.subdir) };
  // A fresh 128-bit pipe name per start on Windows, so nobody can create it before we do.
  const paths = bridgePaths(location, options.workspace, randomBytes(16).toString('hex'));
  ensurePrivateDir(location);
  removeDeadSets(location.dir);
  await claimOrTakeOver(location, paths);
  const token = randomBytes(32).toString('base64url');
  const tokenDigest = digest(token);
  const sockets = new Set<net.Socket>();
  let handOver!: () => void;
  const handedOver = new Promise<void>((resolve) => { handOver = resolve; });
  const serving: Serving = { tokenDigest, options, seenIds: createSeenIds(), handedOver, handOver: () => handOver() };
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    serveConnection(socket, serving);
  });
  // Connections cost a little memory each; a local process opening thousands must not exhaust us.
  server.maxConnections = MAX_CONNECTIONS;
  await listenExclusive(server, paths);
  // Token, then discovery: a client finds the server through the discovery file, written last.
  writePrivateFile(paths.tokenPath, token);
  // `socketPath` keeps its protocol-v1 name; on Windows it carries the pipe name (net.connect takes both).
  const discovery: BridgeDiscovery = {
    v: BRIDGE_PROTOCOL_VERSION, socketPath: paths.endpoint, tokenPath: paths.tokenPath,
    workspace: options.workspace, pid: process.pid, startedAt: Date.now(),
  };
  writePrivateFile(paths.discoveryPath, JSON.stringify(discovery));
  let closing: Promise<void> | undefined;
  let gone = false;
  const removeFiles = () => {
    if (gone) return;
    gone = true;
    for (const file of [paths.discoveryPath, paths.tokenPath, ...endpointFiles(paths)]) fs.rmSync(file, { force: true });
  };
  const close = () => closing ??= (async () => {
    await new Promise<void>((resolve) => { server.close(() => resolve()); for (const socket of sockets) socket.destroy(); });
    removeFiles();
  })();
  void handedOver.then(() => {
    // Before the handover is answered: the names must be free (and stay untouched by us) when the new window claims them.
    removeFiles();
    server.close();
    options.onHandedOver?.();
    setTimeout(() => { void close(); }, HANDOVER_DRAIN_MS);
  });
  return { paths, close };
}

/** How long a server that handed over keeps its open connections to deliver their `handed-over` answers. */
const HANDOVER_DRAIN_MS = 1000;
const HANDOVER_TIMEOUT_MS = 5000;

interface Serving {
  tokenDigest: Buffer;
  options: BridgeServerOptions;
  seenIds: SeenIds;
  handedOver: Promise<void>;
  handOver(): void;
}

/**
 * Claims the endpoint; if a live server of the same user holds it (an older window for this workspace,
 * e.g. one whose browser tab was closed), asks it to hand over with its own token and claims again.
 */
async function claimOrTakeOver(location: BridgeLocation, paths: BridgePaths): Promise<void> {
  try {
    await claimEndpoint(location, paths);
    return;
  } catch (error) {
    const previous = readEndpoint(location, paths.discoveryPath);
    if (!previous.found) throw error;
    const outcome = await requestHandover(previous.endpoint, HANDOVER_TIMEOUT_MS);
    if (outcome.kind !== 'response' || !outcome.response.ok || !('handedOver' in outcome.response)) {
      const why = outcome.kind === 'unavailable' ? outcome.reason : outcome.response.ok ? 'it sent another answer' : outcome.response.error.message;
      throw new Error(`another Agent Guard window serves this workspace and did not hand over (${why})`);
    }
  }
  await claimEndpoint(location, paths);
}

/** Far above the 200 concurrent hooks the integration test sends, far below what would hurt. */
const MAX_CONNECTIONS = 1024;
const FIRST_LINE_TIMEOUT_MS = 10_000;

function serveConnection(socket: net.Socket, serving: Serving): void {
  const { options } = serving;
  const maxLine = options.maxLineBytes ?? BRIDGE_MAX_LINE_BYTES;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let closed = false;
  const tooLarge = () => {
    closed = true;
    refuseAndClose(socket, options, 'too-large', `request exceeds ${maxLine} bytes`);
  };
  // A hook writes its request at once; a connection that sends nothing only holds a slot. Once a
  // request has arrived the connection may stay open for as long as the developer takes to decide.
  const idle = setTimeout(() => {
    closed = true;
    refuseAndClose(socket, options, 'malformed', 'no complete request line in time');
  }, options.firstLineTimeoutMs ?? FIRST_LINE_TIMEOUT_MS);
  socket.on('close', () => clearTimeout(idle));
  socket.on('error', () => socket.destroy());
  socket.on('data', (chunk: Buffer) => {
    if (closed) return;
    let start = 0;
    for (let nl = chunk.indexOf(10, start); nl !== -1; nl = chunk.indexOf(10, start)) {
      const line = Buffer.concat([...pending, chunk.subarray(start, nl)]);
      pending = [];
      pendingBytes = 0;
      start = nl + 1;
      clearTimeout(idle);
      if (line.length > maxLine) return tooLarge();
      if (line.length > 0) void answerLine(socket, line.toString('utf8'), serving);
    }
    const rest = chunk.subarray(start);
    pendingBytes += rest.length;
    if (pendingBytes > maxLine) return tooLarge();
    if (rest.length > 0) pending.push(rest);
  });
}

function refuseAndClose(socket: net.Socket, options: BridgeServerOptions, code: BridgeErrorCode, message: string): void {
  options.onRefused?.(code, message);
  // Stop reading at once (nothing more is buffered), answer, and close.
  socket.pause();
  socket.end(`${JSON.stringify(errorResponse('', code, message))}\n`);
}

async function answerLine(socket: net.Socket, line: string, serving: Serving): Promise<void> {
  const response = await respond(line, serving);
  if (!socket.destroyed && socket.writable) socket.write(`${JSON.stringify(response)}\n`);
}

async function respond(line: string, serving: Serving): Promise<BridgeResponse> {
  const { tokenDigest, options } = serving;
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    return refused(options, '', 'malformed', 'request is not valid JSON');
  }
  const id = readableId(raw);
  const parsed = BridgeRequestSchema.safeParse(raw);
  if (!parsed.success) {
    const version = typeof raw === 'object' && raw !== null ? (raw as { v?: unknown }).v : undefined;
    if (version !== undefined && version !== BRIDGE_PROTOCOL_VERSION) return refused(options, id, 'unsupported-version', `bridge protocol ${String(version)} is not supported; this extension speaks ${BRIDGE_PROTOCOL_VERSION}`);
    return refused(options, id, 'malformed', 'request does not match the bridge protocol');
  }
  const request = parsed.data;
  if (!timingSafeEqual(digest(request.token), tokenDigest)) return refused(options, request.id, 'unauthorized', 'wrong bridge token');
  // After the token check, so only a token holder can fill the memory of seen ids.
  const claim = serving.seenIds.claim(request.id);
  if (claim === 'seen') return refused(options, request.id, 'replayed', `request id was already used in the last ${SEEN_ID_WINDOW_MS / 60_000} minutes`);
  if (claim === 'full') return refused(options, request.id, 'busy', 'too many requests to remember their ids; try again later');
  if (request.method === 'ping') return { v: BRIDGE_PROTOCOL_VERSION, id: request.id, ok: true, pong: true };
  if (request.method === 'handover') {
    serving.handOver();
    return { v: BRIDGE_PROTOCOL_VERSION, id: request.id, ok: true, handedOver: true };
  }
  const handedOver = serving.handedOver.then(() => errorResponse(request.id, 'handed-over', 'a newer VS Code window took over this workspace; ask it again'));
  try {
    return await Promise.race([handedOver, options.decide(request).then((result): BridgeResponse => ({ v: BRIDGE_PROTOCOL_VERSION, id: request.id, ok: true, result }))]);
  } catch {
    // The hook turns any error into a denial; the reason stays generic so internals do not leak.
    return errorResponse(request.id, 'internal', 'Agent Guard could not decide this request');
  }
}

function refused(options: BridgeServerOptions, id: string, code: BridgeErrorCode, message: string): BridgeResponse {
  options.onRefused?.(code, message);
  return errorResponse(id, code, message);
}

function errorResponse(id: string, code: BridgeErrorCode, message: string): BridgeResponse {
  return { v: BRIDGE_PROTOCOL_VERSION, id, ok: false, error: { code, message } };
}

function readableId(raw: unknown): string {
  const id = typeof raw === 'object' && raw !== null ? (raw as { id?: unknown }).id : undefined;
  return typeof id === 'string' && id.length <= 64 ? id : '';
}

/** Comparing fixed-length digests keeps the token check constant-time whatever the input length. */
function digest(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}
