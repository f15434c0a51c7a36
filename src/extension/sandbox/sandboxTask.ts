/**
 * Runs an approved command as a VS Code task: a CustomExecution whose Pseudoterminal shows the (already
 * redacted) output live, while the caller gets exit code, captured output and timing back. Closing the
 * terminal, terminating the task or cancelling the token kills the whole process tree.
 */
import * as vscode from 'vscode';
import { runSandboxed } from '../../node/sandbox';
import type { SandboxRequest, SandboxResult, SandboxTools } from '../../node/sandbox';
import { redactSecrets } from '../../engine/vault/redact';

export const SANDBOX_TASK_TYPE = 'agentGuardSandbox';

export type SandboxTaskRequest = Omit<SandboxRequest, 'signal' | 'onOutput'> & {
  /** Shown as the task and terminal name. */
  name: string;
};

export interface SandboxTaskOutcome {
  result: SandboxResult;
  /** Exactly what was written to the terminal (redacted), so callers and tests can check it. */
  terminalText: string;
}

function refusedOutcome(reason: string): SandboxTaskOutcome {
  return { result: { exitCode: null, signal: null, stdout: '', stderr: '', durationMs: 0, sandboxed: false, refused: reason, truncated: false, notes: [] }, terminalText: '' };
}

function summary(result: SandboxResult): string {
  if (result.refused) return `Agent Guard refused to run this command: ${result.refused}`;
  const status = result.killedBy ? `stopped (${result.killedBy} limit)` : result.signal ? `killed by ${result.signal}` : `exit code ${result.exitCode}`;
  const where = result.sandboxed ? 'in the sandbox' : 'UNSANDBOXED';
  return [`Agent Guard: ${status}, ${Math.round(result.durationMs)} ms, ${where}.`, ...result.notes].join('\n');
}

/** A Pseudoterminal that runs the request when the terminal opens and settles `done` when it ends. */
class SandboxPty implements vscode.Pseudoterminal {
  private readonly writeEmitter = new vscode.EventEmitter<string>();
  private readonly closeEmitter = new vscode.EventEmitter<number>();
  readonly onDidWrite = this.writeEmitter.event;
  readonly onDidClose = this.closeEmitter.event;
  private readonly abort = new AbortController();
  terminalText = '';

  constructor(private readonly request: SandboxTaskRequest, private readonly tools: SandboxTools,
    private readonly done: (outcome: SandboxTaskOutcome) => void) {}

  open(): void {
    const shown = redactSecrets(this.request.command ?? (this.request.argv ?? []).join(' '), { ...this.request.redact, ...this.request.secrets });
    this.write(`\x1b[2m$ ${shown}\x1b[0m\n`);
    void runSandboxed({ ...this.request, signal: this.abort.signal, onOutput: (_stream, text) => this.write(text) }, this.tools)
      .then((result) => {
        this.write(`\n${summary(result)}\n`);
        this.done({ result, terminalText: this.terminalText });
        this.closeEmitter.fire(result.exitCode ?? 1);
      });
  }

  /** The terminal was closed or the task terminated: kill the run. */
  close(): void {
    this.abort.abort();
  }

  cancel(): void {
    this.abort.abort();
  }

  private write(text: string): void {
    this.terminalText += text;
    this.writeEmitter.fire(text.replace(/\r?\n/g, '\r\n'));
  }
}

let taskRuns = 0;

/** Fail closed if the task system never opens the terminal (it should within milliseconds). */
const TERMINAL_OPEN_TIMEOUT_MS = 30_000;

/** Said at once: in Restricted Mode VS Code never opens a task's terminal, so waiting would only delay the same no. */
export const UNTRUSTED_TASK_REFUSAL = 'VS Code does not run tasks in an untrusted workspace (Restricted Mode), so the command was not run; trust the folder to let agents run commands.';

export async function runSandboxedTask(request: SandboxTaskRequest, token?: vscode.CancellationToken, tools: SandboxTools = {}): Promise<SandboxTaskOutcome> {
  if (!vscode.workspace.isTrusted) return refusedOutcome(UNTRUSTED_TASK_REFUSAL);
  let settle!: (outcome: SandboxTaskOutcome) => void;
  const finished = new Promise<SandboxTaskOutcome>((resolve) => { settle = resolve; });
  let pty: SandboxPty | undefined;
  const execution = new vscode.CustomExecution(async () => {
    pty = new SandboxPty(request, tools, settle);
    return pty;
  });
  // A unique run id in the definition: VS Code treats tasks with equal definitions as the same task and
  // would hand back the earlier execution instead of starting this one.
  const definition = { type: SANDBOX_TASK_TYPE, name: request.name, run: ++taskRuns };
  const task = new vscode.Task(definition, vscode.TaskScope.Workspace, request.name, 'Agent Guard', execution);
  task.presentationOptions = { reveal: vscode.TaskRevealKind.Always, panel: vscode.TaskPanelKind.Dedicated, clear: true };
  let running: vscode.TaskExecution;
  try {
    running = await vscode.tasks.executeTask(task);
  } catch (e) {
    return refusedOutcome(`The task could not be started: ${e instanceof Error ? e.message : String(e)}`);
  }
  // If the task ends before its terminal ever ran the command, settle anyway (a later settle is a no-op).
  const onEnd = vscode.tasks.onDidEndTask((e) => {
    if (e.execution === running) settle(refusedOutcome('The task ended before the command started.'));
  });
  const onCancel = token?.onCancellationRequested(() => {
    pty?.cancel();
    running.terminate();
  });
  const openGuard = setTimeout(() => {
    if (pty) return;
    running.terminate();
    settle(refusedOutcome('The task terminal did not open, so the command was not run.'));
  }, TERMINAL_OPEN_TIMEOUT_MS);
  try {
    return await finished;
  } finally {
    clearTimeout(openGuard);
    onCancel?.dispose();
    onEnd.dispose();
  }
}
