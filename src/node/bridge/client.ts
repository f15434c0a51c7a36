/**
 * The CLI side of the bridge: find the extension serving a workspace, and ask it for a decision.
 * Every failure is reported as "unavailable" or an error response, never as an allow.
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import {
  BRIDGE_PROTOCOL_VERSION, BridgeDiscoverySchema, BridgeResponseSchema,
  type BridgeAgentSchema, type BridgeOperation, type BridgeResponse,
} from '../../protocol/bridge';
import type { z } from 'zod';
import { candidateWorkspaces, privateDirProblem, privateFileProblem, runtimeBaseDir, workspaceKey } from './paths';

export interface BridgeEndpoint {
  socketPath: string;
  token: string;
  workspace: string;
}

export type Discovered = { found: true; endpoint: BridgeEndpoint } | { found: false; reason: string };

/** Looks for a bridge serving `cwd` or one of its ancestors; checks ownership and modes before trusting it. */
export function discoverBridge(cwd: string, env: NodeJS.ProcessEnv = process.env): Discovered {
  const dir = runtimeBaseDir(env);
  const dirProblem = privateDirProblem(dir);
  if (dirProblem) return { found: false, reason: `no Agent Guard bridge (${dirProblem})` };
  for (const workspace of candidateWorkspaces(cwd)) {
    const discoveryPath = path.join(dir, `${workspaceKey(workspace)}.json`);
    if (!fs.existsSync(discoveryPath)) continue;
    return readEndpoint(dir, discoveryPath);
  }
  return { found: false, reason: 'VS Code with Agent Guard is not running for this folder' };
}

function readEndpoint(dir: string, discoveryPath: string): Discovered {
  const problem = privateFileProblem(discoveryPath);
  if (problem) return { found: false, reason: `untrusted discovery file (${problem})` };
  let discovery;
  try {
    discovery = BridgeDiscoverySchema.parse(JSON.parse(fs.readFileSync(discoveryPath, 'utf8')));
  } catch {
    return { found: false, reason: 'the bridge discovery file is unreadable' };
  }
  // The socket and token must live in the same private directory; a discovery file cannot point elsewhere.
  if (path.dirname(discovery.socketPath) !== dir || path.dirname(discovery.tokenPath) !== dir) {
    return { found: false, reason: 'the bridge discovery file points outside the private directory' };
  }
  const tokenProblem = privateFileProblem(discovery.tokenPath);
  if (tokenProblem) return { found: false, reason: `untrusted bridge token (${tokenProblem})` };
  const token = fs.readFileSync(discovery.tokenPath, 'utf8').trim();
  return { found: true, endpoint: { socketPath: discovery.socketPath, token, workspace: discovery.workspace } };
}

export type DecideOutcome =
  | { kind: 'response'; response: BridgeResponse }
  | { kind: 'unavailable'; reason: string };

/**
 * Sends one `decide` request and waits for its answer (which may take as long as the developer does).
 * Connection refused (VS Code closed, stale socket) is `unavailable`, so the caller can fall back.
 */
export function requestDecision(
  endpoint: BridgeEndpoint,
  agent: z.infer<typeof BridgeAgentSchema>,
  operation: BridgeOperation,
  timeoutMs: number,
): Promise<DecideOutcome> {
  const id = randomBytes(8).toString('hex');
  const line = JSON.stringify({ v: BRIDGE_PROTOCOL_VERSION, id, token: endpoint.token, method: 'decide', agent, operation });
  return exchange(endpoint.socketPath, `${line}\n`, id, timeoutMs);
}

function exchange(socketPath: string, payload: string, id: string, timeoutMs: number): Promise<DecideOutcome> {
  return new Promise((resolve) => {
    let connected = false;
    let buffer = '';
    const socket = net.connect(socketPath);
    const finish = (outcome: DecideOutcome) => {
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
      const parsed = safeParse(buffer.slice(0, nl));
      finish({ kind: 'response', response: parsed ?? internalError(id, 'Agent Guard sent an unreadable answer') });
    });
    socket.on('end', () => finish({ kind: 'response', response: internalError(id, 'Agent Guard closed the connection without answering') }));
  });
}

function safeParse(line: string): BridgeResponse | undefined {
  try {
    const result = BridgeResponseSchema.safeParse(JSON.parse(line));
    return result.success ? result.data : undefined;
  } catch {
    return undefined;
  }
}

function internalError(id: string, message: string): BridgeResponse {
  return { v: BRIDGE_PROTOCOL_VERSION, id, ok: false, error: { code: 'internal', message } };
}

function timeoutResponse(id: string, timeoutMs: number): DecideOutcome {
  return { kind: 'response', response: internalError(id, `no decision from Agent Guard within ${Math.round(timeoutMs / 1000)} s`) };
}
