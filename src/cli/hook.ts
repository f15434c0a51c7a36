/**
 * `agent-guard hook <claude|copilot|codex|gemini>`: a pre-tool-use hook. Reads the agent's hook JSON on
 * stdin, asks the Agent Guard extension over the bridge (waiting while the developer decides), and
 * answers in that agent's format. Without VS Code it evaluates the committed policy (see fallback.ts).
 * Anything it cannot read or reach is answered with a denial, never an allow.
 */
import type { BridgeOperation } from '../protocol/bridge';
import { discoverBridge, requestDecision, type BridgeEndpoint } from '../node/bridge/client';
import { readPause } from '../node/bridge/pauseFile';
import { committedPolicyEvaluator } from './hook/committedPolicy';
import { failClosedAnswer, injectFault } from './hook/failClosed';
import { decideOffline, type FallbackEvaluator } from './hook/fallback';
import { HOOK_WAIT_MS } from './hook/install';
import { HOOK_AGENTS, HOOK_FORMATS, type HookAgentName, type HookAnswer, type HookFormat, type RenderedAnswer, type ToolCall } from './hook/formats';
import { EXIT_USAGE, type CliCommand, type CliIo } from './io';

/** Hook input larger than this is refused (a real tool call is far smaller). */
const MAX_HOOK_INPUT_BYTES = 4 * 1024 * 1024;
/**
 * How long to wait for the developer before denying: below the timeout the installed hook entries give
 * the agent, so the hook answers "deny" before the agent kills it and decides on its own.
 */
const DEFAULT_WAIT_MS = HOOK_WAIT_MS;

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
    const format = HOOK_FORMATS[name as HookAgentName];
    let rendered: RenderedAnswer;
    try {
      const { answer, call } = await answerHook(format, io, deps);
      rendered = format.render(answer, call);
    } catch (error) {
      // Never an allow by accident: the agent's denial with its blocking exit code (see failClosed.ts).
      rendered = failClosedAnswer(name as HookAgentName, `internal error: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (rendered.stdout) io.write(rendered.stdout);
    if (rendered.stderr) io.error(rendered.stderr);
    return rendered.exitCode;
  };
}

async function answerHook(format: HookFormat, io: CliIo, deps: HookDeps): Promise<{ answer: HookAnswer; call?: ToolCall }> {
  const text = await readLimited(io.stdin, MAX_HOOK_INPUT_BYTES);
  await injectFault(io.env);
  if (text === undefined) return { answer: deny('the hook input is too large to check') };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { answer: deny('the hook input is not valid JSON, so it cannot be checked') };
  }
  const parsed = format.parse(raw, io.cwd);
  if (!parsed.ok) return { answer: deny(`${parsed.reason}, so it cannot be checked`) };
  const call = parsed.call;
  if (call.operations.length === 0) return { answer: { verdict: 'defer', reason: `${call.toolName} is not a command or file tool` }, call };
  const found = discoverBridge(call.cwd, io.env);
  const offlinePause = () => readPause(call.cwd, io.env);
  if (!found.found && offlinePause()) return { answer: deny(`${offlinePause()}; resume in VS Code`), call };
  if (!found.found) return { answer: await decideOffline(call.operations, call.cwd, format.agentId, deps.offlineEvaluator(io), 'VS Code is not running'), call };
  const rediscover = () => { const again = discoverBridge(call.cwd, io.env); return again.found ? again.endpoint : undefined; };
  const online = await askExtension(format, found.endpoint, call.operations, waitMs(io.env), rediscover);
  if (online === 'unavailable' && offlinePause()) return { answer: deny(`${offlinePause()}; resume in VS Code`), call };
  if (online === 'unavailable') return { answer: await decideOffline(call.operations, call.cwd, format.agentId, deps.offlineEvaluator(io), 'VS Code is not reachable'), call };
  return { answer: online, call };
}

/** Asks about each operation in turn; the first denial wins. */
async function askExtension(
  format: HookFormat, first: BridgeEndpoint, operations: readonly BridgeOperation[], timeoutMs: number, rediscover: () => BridgeEndpoint | undefined,
): Promise<HookAnswer | 'unavailable'> {
  let editedCommand: string | undefined;
  const reasons: string[] = [];
  let endpoint = first;
  for (const operation of operations) {
    let outcome = await requestDecision(endpoint, { id: format.agentId, name: format.agentName }, operation, timeoutMs);
    // A window that handed the workspace to a newer one answers `handed-over`: ask the new one.
    for (let attempt = 0; attempt < HANDOVER_RETRIES && outcome.kind === 'response' && !outcome.response.ok && outcome.response.error.code === 'handed-over'; attempt++) {
      await new Promise((done) => setTimeout(done, HANDOVER_RETRY_MS));
      const next = rediscover();
      if (!next) continue;
      endpoint = next;
      outcome = await requestDecision(endpoint, { id: format.agentId, name: format.agentName }, operation, timeoutMs);
    }
    if (outcome.kind === 'unavailable') return 'unavailable';
    const response = outcome.response;
    if (!response.ok) return deny(`Agent Guard refused the request (${response.error.message})`);
    if (!('result' in response)) return deny('Agent Guard sent an unexpected answer');
    const result = response.result;
    if (result.verdict === 'deny') {
      const retry = result.retryAfterMs !== undefined ? ` (retry after ${Math.ceil(result.retryAfterMs / 1000)} s)` : '';
      return deny(result.reason + retry);
    }
    if (result.command !== undefined) editedCommand = result.command;
    reasons.push(result.reason);
  }
  return { verdict: 'allow', reason: [...new Set(reasons)].join('; '), ...(editedCommand !== undefined ? { editedCommand } : {}) };
}

const HANDOVER_RETRIES = 10;
const HANDOVER_RETRY_MS = 300;

function deny(reason: string): HookAnswer {
  return { verdict: 'deny', reason };
}

function waitMs(env: NodeJS.ProcessEnv): number {
  const configured = Number(env.AGENT_GUARD_HOOK_WAIT_MS);
  return Number.isFinite(configured) && configured > 0 ? configured : DEFAULT_WAIT_MS;
}

/** Reads stdin up to `limit` bytes; undefined when it is longer (the rest is not buffered). */
async function readLimited(stream: NodeJS.ReadableStream, limit: number): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    total += buffer.length;
    if (total > limit) return undefined;
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The CLI's hook command: offline, it evaluates the committed policy with the engine's evaluator. */
export const hookCommand: CliCommand = createHookCommand({ offlineEvaluator: committedPolicyEvaluator });
