/**
 * The hook process never crashes into an allow. Every agent treats exit code 2 as "block this tool
 * call" (Claude Code, Codex and Gemini CLI show stderr as the reason; Copilot CLI blocks on any
 * failure), so on an internal fault the hook prints that agent's denial on stdout, the reason on stderr,
 * and exits 2. Covered: exceptions, unhandled rejections, and a promise that never settles (the event
 * loop empties and node would otherwise exit 0 with no answer, which agents read as "no objection").
 * Not covered in-process: V8 out-of-memory aborts the process (signal SIGABRT) before any JS runs; the
 * agent's own failure handling decides then (docs/hooks.md).
 */
import { HOOK_FORMATS, type HookAgentName } from './formats';

export const EXIT_BLOCK = 2;

export interface FailClosedOutput {
  write(text: string): void;
  error(text: string): void;
  exit(code: number): never;
}

export function failClosedAnswer(agent: HookAgentName, fault: string): { stdout: string; stderr: string; exitCode: number } {
  const reason = `the hook failed (${fault}), so the tool call is blocked`;
  const rendered = HOOK_FORMATS[agent].render({ verdict: 'deny', reason });
  return { stdout: rendered.stdout, stderr: `Agent Guard: ${reason}\n`, exitCode: EXIT_BLOCK };
}

function describeFault(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return `internal error: ${text.slice(0, 200)}`;
}

/**
 * Installs the process-level guard for one hook run. Returns `answered`, which the hook calls once it
 * has printed its real answer; after that only a later crash is reported (its output is already out).
 */
export function guardHookProcess(agent: HookAgentName, proc: NodeJS.Process, out: FailClosedOutput): { answered(): void } {
  let done = false;
  const fail = (fault: string): void => {
    if (done) return;
    done = true;
    const answer = failClosedAnswer(agent, fault);
    out.write(answer.stdout);
    out.error(answer.stderr);
    out.exit(answer.exitCode);
  };
  proc.on('uncaughtException', (error) => fail(describeFault(error)));
  proc.on('unhandledRejection', (error) => fail(describeFault(error)));
  proc.on('beforeExit', () => fail('it stopped without an answer'));
  return { answered: () => { done = true; } };
}

declare const AGENT_GUARD_PRODUCTION: boolean | undefined;

/** Test builds only (tsx, `npm run build`): AGENT_GUARD_HOOK_FAULT injects a fault into the hook run. */
export async function injectFault(env: NodeJS.ProcessEnv): Promise<void> {
  if (typeof AGENT_GUARD_PRODUCTION !== 'undefined' && AGENT_GUARD_PRODUCTION) return;
  const fault = env.AGENT_GUARD_HOOK_FAULT;
  if (fault === 'throw') throw new Error('injected fault');
  if (fault === 'reject') {
    void Promise.reject(new Error('injected rejection'));
    await new Promise(() => undefined);
  }
  if (fault === 'hang') await new Promise(() => undefined);
}

/**
 * Test builds only: AGENT_GUARD_HOOK_FAULT=oom exhausts the heap where the engine runs (the in-process
 * decision, which runs in a supervised child; see supervisor.ts), =kill has that process die of SIGKILL.
 * The tiny entry's fast path holds only a size-capped input and a small answer, so it is not where an
 * out-of-memory abort can happen.
 */
export function injectEngineFault(env: NodeJS.ProcessEnv): void {
  if (typeof AGENT_GUARD_PRODUCTION !== 'undefined' && AGENT_GUARD_PRODUCTION) return;
  if (env.AGENT_GUARD_HOOK_FAULT === 'kill') process.kill(process.pid, 'SIGKILL');
  if (env.AGENT_GUARD_HOOK_FAULT !== 'oom') return;
  const hoard: string[] = [];
  for (;;) hoard.push('x'.repeat(1024 * 1024) + String(hoard.length));
}

/** A fault already described for the agent (e.g. the supervised child died); shown without "internal error". */
export class HookFault extends Error {}
