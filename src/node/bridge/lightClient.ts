/**
 * The bridge client the hook's fast path uses (src/cli/entry.ts): the same discovery checks and the
 * same newline-JSON exchange as client.ts, without zod, so a hook run loads no schema library. The
 * server validates every request with zod; here only the few fields the hook reads are checked by
 * hand, and an answer of any other shape counts as unreadable, which the hook turns into a denial.
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import type { BridgeOperation, BridgeResponse } from '../../protocol/bridge';
import { endpointProblem, type BridgeLocation } from './endpoint';
import { candidateWorkspaces, currentLocation, privateDirProblem, privateFileProblem, processAlive, workspaceKey } from './paths';

/** Must equal BRIDGE_PROTOCOL_VERSION (src/protocol/bridge.ts, which imports zod); a unit test checks it. */
export const LIGHT_PROTOCOL_VERSION = 1;

export interface LightEndpoint {
  address: string;
  token: string;
  workspace: string;
}

export type LightDiscovered = { found: true; endpoint: LightEndpoint } | { found: false; reason: string };
export type LightOutcome = { kind: 'response'; response: BridgeResponse } | { kind: 'unavailable'; reason: string };

export interface HookAgentIdentity {
  id: string;
  name: string;
  session?: string;
}

export interface DiscoverOptions {
  /** A sub-folder of the private directory (the warm decider's); it must itself be private. */
  subdir?: string;
  /** Only a server for `cwd` itself, not for an ancestor. */
  exact?: boolean;
}

/**
 * Looks for a server for `cwd` or one of its ancestors in the private directory, with the ownership
 * and mode checks of client.ts.
 */
export function discoverLight(cwd: string, env: NodeJS.ProcessEnv, options: DiscoverOptions = {}): LightDiscovered {
  const { subdir } = options;
  let location: BridgeLocation;
  try {
    location = currentLocation(env);
  } catch (error) {
    return { found: false, reason: `no Agent Guard bridge (${(error as Error).message})` };
  }
  const parentProblem = privateDirProblem(location.dir, location.checksOwnerAndMode);
  if (parentProblem) return { found: false, reason: `no Agent Guard bridge (${parentProblem})` };
  if (subdir !== undefined) {
    location = { ...location, dir: path.join(location.dir, subdir) };
    const problem = privateDirProblem(location.dir, location.checksOwnerAndMode);
    if (problem) return { found: false, reason: `no Agent Guard decider (${problem})` };
  }
  for (const workspace of options.exact ? [cwd] : candidateWorkspaces(cwd)) {
    const discoveryPath = path.join(location.dir, `${workspaceKey(workspace)}.json`);
    if (!fs.existsSync(discoveryPath)) continue;
    return readLightEndpoint(location, discoveryPath);
  }
  return { found: false, reason: 'VS Code with Agent Guard is not running for this folder' };
}

interface DiscoveryFields {
  socketPath: string;
  tokenPath: string;
  workspace: string;
  pid: number;
}

function nonEmpty(value: unknown, max = 4096): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= max;
}

/** The discovery fields the client relies on, or undefined when the file has another shape. */
export function parseDiscovery(text: string): DiscoveryFields | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof raw !== 'object' || raw === null) return undefined;
  const d = raw as Record<string, unknown>;
  if (d.v !== LIGHT_PROTOCOL_VERSION || !nonEmpty(d.socketPath) || !nonEmpty(d.tokenPath) || !nonEmpty(d.workspace)) return undefined;
  if (typeof d.pid !== 'number' || !Number.isInteger(d.pid) || d.pid <= 0) return undefined;
  return { socketPath: d.socketPath, tokenPath: d.tokenPath, workspace: d.workspace, pid: d.pid };
}

function readLightEndpoint(location: BridgeLocation, discoveryPath: string): LightDiscovered {
  const ownerAndMode = location.checksOwnerAndMode;
  const problem = privateFileProblem(discoveryPath, ownerAndMode);
  if (problem) return { found: false, reason: `untrusted discovery file (${problem})` };
  let discovery: DiscoveryFields | undefined;
  try {
    discovery = parseDiscovery(fs.readFileSync(discoveryPath, 'utf8'));
  } catch {
    discovery = undefined;
  }
  if (!discovery) return { found: false, reason: 'the bridge discovery file is unreadable' };
  const endpointIssue = endpointProblem(location, discovery.socketPath);
  if (endpointIssue) return { found: false, reason: endpointIssue };
  if (path.dirname(discovery.tokenPath) !== location.dir) return { found: false, reason: 'the bridge discovery file points outside the private directory' };
  if (location.transport === 'named-pipe' && !processAlive(discovery.pid)) {
    return { found: false, reason: 'the VS Code window that served this folder has exited' };
  }
  const tokenProblem = privateFileProblem(discovery.tokenPath, ownerAndMode);
  if (tokenProblem) return { found: false, reason: `untrusted bridge token (${tokenProblem})` };
  const token = fs.readFileSync(discovery.tokenPath, 'utf8').trim();
  return { found: true, endpoint: { address: discovery.socketPath, token, workspace: discovery.workspace } };
}

/** Sends one `decide` request; connection refused is `unavailable` so the caller can fall back. */
export function requestDecisionLight(endpoint: LightEndpoint, agent: HookAgentIdentity, operation: BridgeOperation, timeoutMs: number): Promise<LightOutcome> {
  const id = randomBytes(8).toString('hex');
  const line = JSON.stringify({ v: LIGHT_PROTOCOL_VERSION, id, token: endpoint.token, method: 'decide', agent, operation });
  return exchangeLine(endpoint.address, `${line}\n`, id, timeoutMs, parseResponse);
}

/** One request line out, one answer line back; every failure is an error response or `unavailable`. */
export function exchangeLine(
  address: string, payload: string, id: string, timeoutMs: number, parse: (line: string) => BridgeResponse | undefined,
): Promise<LightOutcome> {
  return new Promise((resolve) => {
    let connected = false;
    let buffer = '';
    const socket = net.connect(address);
    const finish = (outcome: LightOutcome) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(outcome);
    };
    const timer = setTimeout(() => finish(timeoutResponse(id, timeoutMs)), timeoutMs);
    socket.setEncoding('utf8');
    socket.on('connect', () => { connected = true; socket.write(payload); });
    socket.on('error', (error) => finish(connected
      ? { kind: 'response', response: internalError(id, 'the connection to Agent Guard broke') }
      : { kind: 'unavailable', reason: `cannot reach Agent Guard (${(error as NodeJS.ErrnoException).code ?? 'error'})` }));
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      const nl = buffer.indexOf('\n');
      if (nl === -1) return;
      finish({ kind: 'response', response: parse(buffer.slice(0, nl)) ?? internalError(id, 'Agent Guard sent an unreadable answer') });
    });
    socket.on('end', () => finish({ kind: 'response', response: internalError(id, 'Agent Guard closed the connection without answering') }));
  });
}

const VERDICTS = new Set(['allow', 'deny']);
const RISKS = new Set(['low', 'medium', 'high', 'critical']);
const ERROR_CODES = new Set(['malformed', 'too-large', 'unauthorized', 'unsupported-version', 'internal', 'handed-over']);

/** A decision or an error answer, checked field by field; anything else is undefined (unreadable). */
export function parseResponse(line: string): BridgeResponse | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof raw !== 'object' || raw === null) return undefined;
  const r = raw as Record<string, unknown>;
  if (r.v !== LIGHT_PROTOCOL_VERSION || typeof r.id !== 'string') return undefined;
  if (r.ok === false) {
    const error = r.error as Record<string, unknown> | null | undefined;
    if (typeof error !== 'object' || error === null || typeof error.code !== 'string' || !ERROR_CODES.has(error.code) || typeof error.message !== 'string') return undefined;
    return { v: LIGHT_PROTOCOL_VERSION, id: r.id, ok: false, error: { code: error.code as never, message: error.message } };
  }
  if (r.ok !== true || typeof r.result !== 'object' || r.result === null) return undefined;
  const result = r.result as Record<string, unknown>;
  if (typeof result.verdict !== 'string' || !VERDICTS.has(result.verdict) || typeof result.reason !== 'string') return undefined;
  if (typeof result.risk !== 'string' || !RISKS.has(result.risk)) return undefined;
  const retry = result.retryAfterMs;
  if (retry !== undefined && (typeof retry !== 'number' || !Number.isInteger(retry) || retry < 0)) return undefined;
  if (result.command !== undefined && typeof result.command !== 'string') return undefined;
  return {
    v: LIGHT_PROTOCOL_VERSION, id: r.id, ok: true,
    result: {
      verdict: result.verdict as 'allow' | 'deny', reason: result.reason, risk: result.risk as 'low',
      ...(retry !== undefined ? { retryAfterMs: retry } : {}),
      ...(result.command !== undefined ? { command: result.command } : {}),
    },
  };
}

function internalError(id: string, message: string): BridgeResponse {
  return { v: LIGHT_PROTOCOL_VERSION, id, ok: false, error: { code: 'internal', message } };
}

function timeoutResponse(id: string, timeoutMs: number): LightOutcome {
  return { kind: 'response', response: internalError(id, `no decision from Agent Guard within ${Math.round(timeoutMs / 1000)} s`) };
}
