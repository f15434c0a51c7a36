/**
 * One hook run, without the policy engine: read the agent's JSON, ask whoever decides for this folder
 * (VS Code's bridge, else the warm decider) over the user-only socket, and render the agent's answer.
 * Only when nobody answers is `offline` called, which loads the full CLI (policy compiler, parser) and
 * decides in this process as before. Loads no zod: the server side validates what it receives.
 * Shared by the tiny entry (src/cli/entry.ts) and `agent-guard hook` in the full CLI (hook.ts).
 */
import type { BridgeOperation } from '../../protocol/bridge';
import { requestDecisionLight, type HookAgentIdentity, type LightEndpoint } from '../../node/bridge/lightClient';
import type { CliIo } from '../io';
import { failClosedAnswer, HookFault, injectFault } from './failClosed';
import { HOOK_FORMATS, type HookAgentName, type HookAnswer, type HookFormat, type RenderedAnswer, type ToolCall } from './formats';
import { HOOK_WAIT_MS } from './install';

/** Hook input larger than this is refused (a real tool call is far smaller). */
const MAX_HOOK_INPUT_BYTES = 4 * 1024 * 1024;
const HANDOVER_RETRIES = 10;
const HANDOVER_RETRY_MS = 300;

export interface HookRoutes {
  /** The server deciding for `cwd` right now (bridge first, then a warm decider), or why there is none. */
  discover(cwd: string): { found: true; endpoint: LightEndpoint } | { found: false; reason: string };
  /** Decides in this process; `whyOffline` says why nobody else could. */
  offline(call: ToolCall, format: HookFormat, whyOffline: string): Promise<HookAnswer>;
}

/** Runs the hook for `agent` and writes its answer; returns the exit code. Never throws. */
export async function runHook(agent: HookAgentName, io: CliIo, routes: HookRoutes): Promise<number> {
  const format = HOOK_FORMATS[agent];
  let rendered: RenderedAnswer;
  try {
    const { answer, call } = await answerHook(format, io, routes);
    rendered = format.render(answer, call);
  } catch (error) {
    // Never an allow by accident: the agent's denial with its blocking exit code (see failClosed.ts).
    rendered = failClosedAnswer(agent, error instanceof HookFault ? error.message : `internal error: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (rendered.stdout) io.write(rendered.stdout);
  if (rendered.stderr) io.error(rendered.stderr);
  return rendered.exitCode;
}

async function answerHook(format: HookFormat, io: CliIo, routes: HookRoutes): Promise<{ answer: HookAnswer; call?: ToolCall }> {
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
  const found = routes.discover(call.cwd);
  if (!found.found) return { answer: await routes.offline(call, format, 'VS Code is not running'), call };
  const rediscover = () => { const again = routes.discover(call.cwd); return again.found ? again.endpoint : undefined; };
  const agent = { id: format.agentId, name: format.agentName, ...(call.session !== undefined ? { session: call.session } : {}) };
  const online = await askServer(agent, found.endpoint, call.operations, waitMs(io.env), rediscover);
  if (online === 'unavailable') return { answer: await routes.offline(call, format, 'VS Code is not reachable'), call };
  return { answer: online, call };
}

/** Asks about each operation in turn; the first denial wins. */
async function askServer(
  agent: HookAgentIdentity, first: LightEndpoint, operations: readonly BridgeOperation[], timeoutMs: number, rediscover: () => LightEndpoint | undefined,
): Promise<HookAnswer | 'unavailable'> {
  let editedCommand: string | undefined;
  const reasons: string[] = [];
  let endpoint = first;
  for (const operation of operations) {
    let outcome = await requestDecisionLight(endpoint, agent, operation, timeoutMs);
    // A server that handed the workspace to a newer one (a newer window, or VS Code taking over from
    // the warm decider) answers `handed-over`: ask the new one.
    for (let attempt = 0; attempt < HANDOVER_RETRIES && outcome.kind === 'response' && !outcome.response.ok && outcome.response.error.code === 'handed-over'; attempt++) {
      await new Promise((done) => setTimeout(done, HANDOVER_RETRY_MS));
      const next = rediscover();
      if (!next) continue;
      endpoint = next;
      outcome = await requestDecisionLight(endpoint, agent, operation, timeoutMs);
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

function deny(reason: string): HookAnswer {
  return { verdict: 'deny', reason };
}

function waitMs(env: NodeJS.ProcessEnv): number {
  const configured = Number(env.AGENT_GUARD_HOOK_WAIT_MS);
  return Number.isFinite(configured) && configured > 0 ? configured : HOOK_WAIT_MS;
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
