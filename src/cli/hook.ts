/**
 * `agent-guard hook <claude|copilot|codex|gemini>`: a pre-tool-use hook. Reads the agent's hook JSON on
 * stdin, asks the Agent Guard extension over the bridge (waiting while the developer decides), and
 * answers in that agent's format. Without VS Code it evaluates the committed policy (see fallback.ts).
 * Anything it cannot read or reach is answered with a denial, never an allow.
 */
import { discoverLight } from '../node/bridge/lightClient';
import { readPause } from '../node/bridge/pauseFile';
import { committedPolicyEvaluator } from './hook/committedPolicy';
import { runHook, type HookRoutes } from './hook/answer';
import { injectEngineFault } from './hook/failClosed';
import { decideOffline, type FallbackEvaluator } from './hook/fallback';
import { HOOK_AGENTS, type HookAgentName, type HookAnswer, type HookFormat, type ToolCall } from './hook/formats';
import { EXIT_USAGE, type CliCommand, type CliIo } from './io';

export interface HookDeps {
  /** The evaluator used when VS Code is not running (the committed policy, in production). */
  offlineEvaluator(io: CliIo): FallbackEvaluator;
}

export function createHookCommand(deps: HookDeps): CliCommand {
  return async (args, io) => {
    const usage = `usage: agent-guard hook <${HOOK_AGENTS.join('|')}>   (the agent's hook JSON on stdin)\n`;
    if (args.length === 1 && (args[0] === '--help' || args[0] === '-h')) {
      io.write(usage);
      return 0;
    }
    const name = args[0];
    // Exit 2 is also every agent's "block" code, so a mistyped hook entry fails closed.
    if (!name || !(HOOK_AGENTS as readonly string[]).includes(name) || args.length > 1) {
      io.error(`agent-guard hook: ${args.length > 1 ? `unexpected argument '${args[1]}'` : `unknown agent '${name ?? ''}'`}\n${usage}`);
      return EXIT_USAGE;
    }
    return runHook(name as HookAgentName, io, hookRoutes(io, deps));
  };
}

/** Where a hook run asks: VS Code's bridge for the folder, and the committed policy in-process otherwise. */
export function hookRoutes(io: CliIo, deps: HookDeps): HookRoutes {
  return {
    discover: (cwd) => discoverLight(cwd, io.env),
    offline: (call, format, whyOffline) => offlineAnswer(call, format, deps.offlineEvaluator(io), whyOffline, io.env),
  };
}

export async function offlineAnswer(call: ToolCall, format: HookFormat, evaluate: FallbackEvaluator, whyOffline: string, env: NodeJS.ProcessEnv = process.env): Promise<HookAnswer> {
  injectEngineFault(env);
  // The pause switch holds while VS Code is closed too (issue 12 item 5): the extension persists it.
  const paused = readPause(call.cwd, env);
  if (paused) return { verdict: 'deny', reason: `${paused}; resume in VS Code` };
  return decideOffline(call.operations, call.cwd, format.agentId, evaluate, whyOffline);
}

/** The CLI's hook command: offline, it evaluates the committed policy with the engine's evaluator. */
export const hookCommand: CliCommand = createHookCommand({ offlineEvaluator: committedPolicyEvaluator });
