/**
 * The `agent-guard` executable (dist/cli.js). Agents run `agent-guard hook <agent>` before every tool
 * call, so that path loads only what it needs: read stdin, ask VS Code's bridge over the user-only
 * socket, print the agent's answer. No zod, no parser, no policy compiler: those live in the full CLI
 * (dist/cli-main.js, src/cli/main.ts), which is loaded only for the other commands and when nobody
 * answers the hook (then it decides in a supervised child with a bounded heap: fail closed, just slower).
 */
import * as path from 'node:path';
import { discoverLight } from '../node/bridge/lightClient';
import { deciderEnabled, discoverDecider, policyRoot, startDecider, type DeciderLauncher } from './decider/route';
import { runHook, type HookRoutes } from './hook/answer';
import { guardHookProcess } from './hook/failClosed';
import { HOOK_AGENTS, type HookAgentName } from './hook/formats';
import { offlineInChild } from './hook/supervisor';
import type { CliIo } from './io';
import { processIo } from './processIo';

interface FullCli {
  runAsProcess(argv: string[]): void;
  runDecider(root: string, io: CliIo): Promise<number>;
  runOfflineChild(agent: HookAgentName, io: CliIo): Promise<number>;
}

/** Set by esbuild.mjs to the full bundle's file name; undefined when run from sources (tsx). */
declare const AGENT_GUARD_FULL_CLI: string | undefined;

/** The full CLI, loaded on demand. A computed name, so esbuild leaves it out of this bundle. */
function loadFullCli(): FullCli {
  const target = typeof AGENT_GUARD_FULL_CLI === 'string' ? path.join(__dirname, AGENT_GUARD_FULL_CLI) : './main';
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy on purpose: see the header
  return require(target) as FullCli;
}

function isHookRun(argv: string[]): argv is ['hook', HookAgentName] {
  return argv.length === 2 && argv[0] === 'hook' && (HOOK_AGENTS as readonly string[]).includes(argv[1] ?? '');
}

/**
 * VS Code's bridge first; without it the warm decider for the folder's policy root, started in the
 * background when there is none (this call then decides in-process); see src/cli/decider/route.ts.
 */
export function fastHookRoutes(agent: HookAgentName, io: CliIo, launcher: DeciderLauncher): HookRoutes {
  const useDecider = deciderEnabled(io.env);
  return {
    discover: (cwd) => {
      const bridge = discoverLight(cwd, io.env);
      if (bridge.found || !useDecider) return bridge;
      const root = policyRoot(cwd);
      const decider = discoverDecider(root, io.env);
      if (decider.found) return decider;
      startDecider(root, io.env, launcher);
      return bridge;
    },
    offline: (call, _format, whyOffline) => {
      // Reached also when a decider was found but did not answer (it crashed): start a fresh one.
      if (useDecider) startDecider(policyRoot(call.cwd), io.env, launcher);
      // The engine runs in a supervised child with a bounded heap: an out-of-memory abort is a denial.
      return offlineInChild(agent, { call, whyOffline }, process);
    },
  };
}

function main(argv: string[]): void {
  if (argv.length === 2 && argv[0] === '__decider' && argv[1]) {
    void loadFullCli().runDecider(argv[1], processIo()).then((code) => process.exit(code));
    return;
  }
  if (argv.length === 2 && argv[0] === '__offline' && (HOOK_AGENTS as readonly string[]).includes(argv[1] ?? '')) {
    void loadFullCli().runOfflineChild(argv[1] as HookAgentName, processIo()).then((code) => { process.exitCode = code; });
    return;
  }
  if (!isHookRun(argv)) {
    loadFullCli().runAsProcess(argv);
    return;
  }
  const io = processIo();
  const guard = guardHookProcess(argv[1], process, { write: io.write, error: io.error, exit: (code) => process.exit(code) });
  void runHook(argv[1], io, fastHookRoutes(argv[1], io, { execPath: process.execPath, args: [...process.execArgv, process.argv[1] ?? __filename] })).then((code) => {
    guard.answered();
    process.exitCode = code;
  });
}

if (require.main === module) main(process.argv.slice(2));
