/**
 * The CLI side of the bridge: find the extension serving a workspace, and ask it for a decision.
 * Every failure is reported as "unavailable" or an error response, never as an allow.
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  BRIDGE_PROTOCOL_VERSION, BridgeDiscoverySchema, BridgeResponseSchema,
  type BridgeAgentSchema, type BridgeOperation, type BridgeResponse,
} from '../../protocol/bridge';
import type { z } from 'zod';
import { endpointProblem, type BridgeLocation } from './endpoint';
import { exchangeLine } from './lightClient';
import { candidateWorkspaces, currentLocation, privateDirProblem, privateFileProblem, processAlive, workspaceKey } from './paths';

export interface BridgeEndpoint {
  /** What to connect to: a Unix socket path, or on Windows a `\\.\pipe\agent-guard-…` name. */
  address: string;
  token: string;
  workspace: string;
}

export type Discovered = { found: true; endpoint: BridgeEndpoint } | { found: false; reason: string };

/** Looks for a bridge serving `cwd` or one of its ancestors; checks ownership and modes before trusting it. */
export function discoverBridge(cwd: string, env: NodeJS.ProcessEnv = process.env): Discovered {
  let location: BridgeLocation;
  try {
    location = currentLocation(env);
  } catch (error) {
    return { found: false, reason: `no Agent Guard bridge (${(error as Error).message})` };
  }
  const dir = location.dir;
  const dirProblem = privateDirProblem(dir, location.checksOwnerAndMode);
  if (dirProblem) return { found: false, reason: `no Agent Guard bridge (${dirProblem})` };
  for (const workspace of candidateWorkspaces(cwd)) {
    const discoveryPath = path.join(dir, `${workspaceKey(workspace)}.json`);
    if (!fs.existsSync(discoveryPath)) continue;
    return readEndpoint(location, discoveryPath);
  }
  return { found: false, reason: 'VS Code with Agent Guard is not running for this folder' };
}

/** Reads one discovery file with the same ownership, mode and location checks as discovery. */
export function readEndpoint(location: BridgeLocation, discoveryPath: string): Discovered {
  const ownerAndMode = location.checksOwnerAndMode;
  const problem = privateFileProblem(discoveryPath, ownerAndMode);
  if (problem) return { found: false, reason: `untrusted discovery file (${problem})` };
  let discovery;
  try {
    discovery = BridgeDiscoverySchema.parse(JSON.parse(fs.readFileSync(discoveryPath, 'utf8')));
  } catch {
    return { found: false, reason: 'the bridge discovery file is unreadable' };
  }
  // The token must live in the private directory, and the endpoint be one our server creates there.
  const endpointIssue = endpointProblem(location, discovery.socketPath);
  if (endpointIssue) return { found: false, reason: endpointIssue };
  if (path.dirname(discovery.tokenPath) !== location.dir) return { found: false, reason: 'the bridge discovery file points outside the private directory' };
  // A pipe name is free again once its server exits, and others can list pipe names: after a crash,
  // a left-over discovery file must not lead the hook to whoever re-created that pipe.
  if (location.transport === 'named-pipe' && !processAlive(discovery.pid)) {
    return { found: false, reason: 'the VS Code window that served this folder has exited' };
  }
  const tokenProblem = privateFileProblem(discovery.tokenPath, ownerAndMode);
  if (tokenProblem) return { found: false, reason: `untrusted bridge token (${tokenProblem})` };
  const token = fs.readFileSync(discovery.tokenPath, 'utf8').trim();
  return { found: true, endpoint: { address: discovery.socketPath, token, workspace: discovery.workspace } };
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
  return exchange(endpoint.address, `${line}\n`, id, timeoutMs);
}

/** Asks the server at `endpoint` to hand its workspace over to the caller (a newer window); see server.ts. */
export function requestHandover(endpoint: BridgeEndpoint, timeoutMs: number): Promise<DecideOutcome> {
  const id = randomBytes(8).toString('hex');
  const line = JSON.stringify({ v: BRIDGE_PROTOCOL_VERSION, id, token: endpoint.token, method: 'handover' });
  return exchange(endpoint.address, `${line}\n`, id, timeoutMs);
}

/** The socket exchange is lightClient's; this client only adds the zod check of the answer. */
function exchange(address: string, payload: string, id: string, timeoutMs: number): Promise<DecideOutcome> {
  return exchangeLine(address, payload, id, timeoutMs, safeParse);
}

function safeParse(line: string): BridgeResponse | undefined {
  try {
    const result = BridgeResponseSchema.safeParse(JSON.parse(line));
    return result.success ? result.data : undefined;
  } catch {
    return undefined;
  }
}
