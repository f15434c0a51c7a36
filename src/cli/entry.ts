/**
 * The `agent-guard` executable (dist/cli.js). Agents run `agent-guard hook <agent>` before every tool
 * call, so that path loads only what it needs: read stdin, ask VS Code's bridge over the user-only
 * socket, print the agent's answer. No zod, no parser, no policy compiler: those live in the full CLI
 * (dist/cli-main.js, src/cli/main.ts), which is loaded only for the other commands and when nobody
 * answers the hook (then it decides in-process, as before: fail closed, just slower).
 */
import * as path from 'node:path';
import { discoverLight } from '../node/bridge/lightClient';
import { runHook, type HookRoutes } from './hook/answer';
import { guardHookProcess } from './hook/failClosed';
import { HOOK_AGENTS, type HookAgentName, type HookAnswer, type HookFormat, type ToolCall } from './hook/formats';
import type { CliIo } from './io';
import { processIo } from './processIo';

interface FullCli {
  runAsProcess(argv: string[]): void;
  offlineHookAnswer(io: CliIo, call: ToolCall, format: HookFormat, whyOffline: string): Promise<HookAnswer>;
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

export function fastHookRoutes(io: CliIo): HookRoutes {
  return {
    discover: (cwd) => discoverLight(cwd, io.env),
    offline: (call, format, whyOffline) => loadFullCli().offlineHookAnswer(io, call, format, whyOffline),
  };
}

function main(argv: string[]): void {
  if (!isHookRun(argv)) {
    loadFullCli().runAsProcess(argv);
    return;
  }
  const io = processIo();
  const guard = guardHookProcess(argv[1], process, { write: io.write, error: io.error, exit: (code) => process.exit(code) });
  void runHook(argv[1], io, fastHookRoutes(io)).then((code) => {
    guard.answered();
    process.exitCode = code;
  });
}

if (require.main === module) main(process.argv.slice(2));
