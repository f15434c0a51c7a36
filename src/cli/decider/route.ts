/**
 * The hook's side of the warm decider (docs/hooks.md, process model). Without VS Code, a small
 * per-user, per-workspace background process (serve.ts) holds the parsed policy and the command
 * parser, so a hook run need not load them. Here: find it, or start it detached for the next call.
 * Order: VS Code's bridge for the folder always comes first; then the decider; when neither answers,
 * the hook decides in its own process as before (fail closed, just slower). Zod-free and engine-free.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { discoverLight, type LightDiscovered } from '../../node/bridge/lightClient';
import { currentLocation, privateDirProblem, workspaceKey } from '../../node/bridge/paths';

export const DECIDER_SUBDIR = 'decider';
/** The committed policy file; must equal WORKSPACE_POLICY in src/node/policyFiles.ts (a unit test checks it). */
export const COMMITTED_POLICY = path.join('.vscode', 'agent-guard.json');
/** A start marker younger than this means another hook is already starting the decider. */
const STARTING_STALE_MS = 10_000;

/** The folder whose policy applies to `cwd`: as findWorkspaceRoot in src/cli/hook/committedPolicy.ts. */
export function policyRoot(cwd: string): string {
  let current = path.resolve(cwd);
  for (;;) {
    if (fs.existsSync(path.join(current, COMMITTED_POLICY))) return current;
    const parent = path.dirname(current);
    if (parent === current) return path.resolve(cwd);
    current = parent;
  }
}

export function deciderEnabled(env: NodeJS.ProcessEnv): boolean {
  return env.AGENT_GUARD_DECIDER !== 'off';
}

/** The decider serving `root` (that folder exactly: another folder's decider applies another policy). */
export function discoverDecider(root: string, env: NodeJS.ProcessEnv): LightDiscovered {
  return discoverLight(root, env, { subdir: DECIDER_SUBDIR, exact: true });
}

/** How a decider is started: this same executable with `__decider <root>` (entry.ts dispatches it). */
export interface DeciderLauncher {
  execPath: string;
  /** Node options and the entry script (process.execArgv + process.argv[1]). */
  args: string[];
}

/**
 * Starts a decider for `root` in the background unless another hook is doing so right now (an
 * exclusive start marker in the private decider folder). Never throws: no decider only means slower.
 */
export function startDecider(root: string, env: NodeJS.ProcessEnv, launcher: DeciderLauncher): boolean {
  try {
    const base = currentLocation(env);
    const dir = path.join(base.dir, DECIDER_SUBDIR);
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    if (privateDirProblem(base.dir, base.checksOwnerAndMode) || privateDirProblem(dir, base.checksOwnerAndMode)) return false;
    if (!claimStartMarker(startMarkerPath(dir, root))) return false;
    const child = spawn(launcher.execPath, [...launcher.args, '__decider', root], { cwd: root, env, detached: true, stdio: 'ignore', windowsHide: true });
    child.on('error', () => undefined);
    child.unref();
    return true;
  } catch {
    return false;
  }
}

export function startMarkerPath(deciderDir: string, root: string): string {
  return path.join(deciderDir, `${workspaceKey(root)}.starting`);
}

function claimStartMarker(marker: string): boolean {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.closeSync(fs.openSync(marker, 'wx', 0o600));
      return true;
    } catch {
      let age = 0;
      try {
        age = Date.now() - fs.statSync(marker).mtimeMs;
      } catch {
        continue;
      }
      if (age < STARTING_STALE_MS) return false;
      fs.rmSync(marker, { force: true });
    }
  }
  return false;
}
