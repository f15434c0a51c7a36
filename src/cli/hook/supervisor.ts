/**
 * Out-of-memory guard for `agent-guard hook`. V8 aborts an out-of-memory process (SIGABRT, exit 134)
 * before any JavaScript handler runs, and agents read that differently: Codex and Gemini CLI let the
 * tool run (docs/hooks.md). So the hook runs its real work in a child process with a bounded heap and
 * this parent only watches: a child that answered (exit 0 or 2) is passed through unchanged; a child
 * that died any other way (a signal, an abort, an unexpected code) becomes the agent's denial with exit 2.
 * The child's output is held until it exits, so a half-written answer never reaches the agent.
 */
import { spawn } from 'node:child_process';
import { EXIT_BLOCK, failClosedAnswer } from './failClosed';
import type { HookAgentName } from './formats';

/** Set in the child's environment: the child does the work instead of supervising again. */
export const SUPERVISED_ENV = 'AGENT_GUARD_HOOK_SUPERVISED';
/** A hook run needs a few MB; a bound this size turns a runaway allocation into a quick, caught death. */
export const HOOK_HEAP_MB = 256;

export interface SupervisorOutput {
  write(text: string): void;
  error(text: string): void;
}

export interface ChildOutcome {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** What the agent sees for a finished child: its own answer when it answered, a denial otherwise. */
export function answerForChild(agent: HookAgentName, child: ChildOutcome): { stdout: string; stderr: string; exitCode: number } {
  if (child.signal === null && (child.code === 0 || child.code === EXIT_BLOCK)) {
    return { stdout: child.stdout, stderr: child.stderr, exitCode: child.code };
  }
  const how = child.signal !== null ? `killed by ${child.signal}` : `exit ${child.code ?? 'unknown'}`;
  const fault = child.code === 134 || child.signal === 'SIGABRT' ? `it ran out of memory or aborted, ${how}` : `it crashed, ${how}`;
  const answer = failClosedAnswer(agent, fault);
  return { stdout: answer.stdout, stderr: answer.stderr, exitCode: answer.exitCode };
}

/** Runs this same hook command as a supervised child (stdin inherited) and resolves with the exit code to use. */
export function superviseHook(agent: HookAgentName, proc: NodeJS.Process, out: SupervisorOutput): Promise<number> {
  const script = proc.argv[1] ?? '';
  const args = [...proc.execArgv, `--max-old-space-size=${HOOK_HEAP_MB}`, script, ...proc.argv.slice(2)];
  return new Promise((resolve) => {
    let finished = false;
    const finish = (outcome: ChildOutcome): void => {
      if (finished) return;
      finished = true;
      const answer = answerForChild(agent, outcome);
      if (answer.stdout) out.write(answer.stdout);
      if (answer.stderr) out.error(answer.stderr);
      resolve(answer.exitCode);
    };
    let stdout = '';
    let stderr = '';
    const child = spawn(proc.execPath, args, { env: { ...proc.env, [SUPERVISED_ENV]: '1' }, stdio: ['inherit', 'pipe', 'pipe'] });
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => { stdout += chunk; });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => { stderr += chunk; });
    child.on('error', () => finish({ code: null, signal: 'SIGKILL', stdout: '', stderr: '' }));
    child.on('close', (code, signal) => finish({ code, signal, stdout, stderr }));
  });
}
