/**
 * The warm decider (docs/hooks.md, process model): `agent-guard __decider <root>`, started detached by
 * a hook when VS Code is not running. It serves one workspace root through the bridge server (same
 * user-only socket, token, zod validation), in the decider sub-folder of the private directory, and
 * decides exactly as the hook's offline mode does (committed policy, tighten-only, ask becomes deny).
 * It reloads when a policy file changes, exits after an idle period, and exits as soon as VS Code
 * serves the folder (the hook asks VS Code first anyway) or another decider takes over.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BridgeDecideRequest, BridgeDecision } from '../../protocol/bridge';
import { discoverLight } from '../../node/bridge/lightClient';
import { currentLocation } from '../../node/bridge/paths';
import { startBridgeServer } from '../../node/bridge/server';
import { managedPolicyPath, workspacePolicyPath } from '../../node/policyFiles';
import { committedPolicyEvaluator } from '../hook/committedPolicy';
import { decideOffline, type FallbackEvaluator } from '../hook/fallback';
import { readPause } from '../../node/bridge/pauseFile';
import type { CliIo } from '../io';
import { DECIDER_SUBDIR, startMarkerPath } from './route';

const DEFAULT_IDLE_MS = 10 * 60_000;
const WATCH_MS = 1000;
export const DECIDER_ALLOW_REASON = "allowed by the committed policy (VS Code not running; Agent Guard's background decider)";

function idleMs(env: NodeJS.ProcessEnv): number {
  const configured = Number(env.AGENT_GUARD_DECIDER_IDLE_MS);
  return Number.isFinite(configured) && configured > 0 ? configured : DEFAULT_IDLE_MS;
}

/** Changes whenever a policy file the evaluator read is written, created or removed. */
function policySignature(root: string, env: NodeJS.ProcessEnv): string {
  return [workspacePolicyPath(root), managedPolicyPath(env)].map((file) => {
    try {
      const stat = fs.statSync(file);
      return `${stat.ino}:${stat.size}:${stat.mtimeMs}`;
    } catch {
      return 'none';
    }
  }).join('|');
}

/** Decides one request as the hook's offline mode would, with the evaluator rebuilt after a policy change. */
export function deciderDecide(root: string, io: CliIo): (request: BridgeDecideRequest) => Promise<BridgeDecision> {
  let loaded: { signature: string; evaluate: FallbackEvaluator } | undefined;
  return async (request) => {
    const signature = policySignature(root, io.env);
    if (loaded?.signature !== signature) loaded = { signature, evaluate: committedPolicyEvaluator(io) };
    const paused = readPause(request.operation.kind === 'command' ? request.operation.cwd : root, io.env);
    if (paused) return { verdict: 'deny', reason: `${paused}; resume in VS Code`, risk: 'high' };
    const answer = await decideOffline([request.operation], root, request.agent.id, loaded.evaluate, 'VS Code is not running');
    // The hook reads verdict and reason; the risk is not carried by an offline answer.
    return answer.verdict === 'allow'
      ? { verdict: 'allow', reason: DECIDER_ALLOW_REASON, risk: 'low' }
      : { verdict: 'deny', reason: answer.reason, risk: 'high' };
  };
}

/** Serves until idle, taken over or handed over; returns the process's exit code. */
export async function runDecider(rootArg: string, io: CliIo): Promise<number> {
  const root = path.resolve(rootArg);
  const decide = deciderDecide(root, io);
  let lastUse = Date.now();
  let stop!: (code: number) => void;
  const stopped = new Promise<number>((resolve) => { stop = resolve; });
  let server;
  try {
    server = await startBridgeServer({
      workspace: root, env: io.env, subdir: DECIDER_SUBDIR, onHandedOver: () => stop(0),
      decide: (request) => { lastUse = Date.now(); return decide(request); },
    });
  } catch (error) {
    io.error(`agent-guard decider: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  } finally {
    fs.rmSync(startMarkerPath(path.join(currentLocation(io.env).dir, DECIDER_SUBDIR), root), { force: true });
  }
  const watch = setInterval(() => {
    if (Date.now() - lastUse > idleMs(io.env)) stop(0);
    else if (discoverLight(root, io.env).found) stop(0);
  }, Math.min(WATCH_MS, idleMs(io.env)));
  const code = await stopped;
  clearInterval(watch);
  await server.close();
  return code;
}
