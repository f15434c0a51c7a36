/**
 * `runSandboxed`: runs one approved command under bubblewrap with resource limits, redacts secrets from its
 * output as it streams, and always settles with a result (never throws): refused, completed or killed.
 */
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { StringDecoder } from 'node:string_decoder';
import { StreamingRedactor } from '../../engine/vault/redact';
import { LaunchPlan, planLaunch } from './prepare';
import { KilledBy, SandboxRequest, SandboxResult, SandboxTools } from './types';

const EVENT_POLL_MS = 50;

/** Captures one output stream: decode UTF-8 across chunks, redact across chunks, keep within the cap. */
class CapturedStream {
  private readonly decoder = new StringDecoder('utf8');
  private readonly redactor: StreamingRedactor;
  text = '';

  constructor(secrets: Record<string, string>, private readonly emit: (text: string) => void) {
    this.redactor = new StreamingRedactor(secrets);
  }

  push(chunk: Buffer, room: number): void {
    this.deliver(this.redactor.push(this.decoder.write(chunk.subarray(0, Math.max(0, room)))));
  }

  end(): void {
    this.deliver(this.redactor.push(this.decoder.end()) + this.redactor.flush());
  }

  private deliver(text: string): void {
    if (text.length === 0) return;
    this.text += text;
    this.emit(text);
  }
}

function refused(reason: string): SandboxResult {
  return { exitCode: null, signal: null, stdout: '', stderr: '', durationMs: 0, sandboxed: false, refused: reason, truncated: false, notes: [] };
}

/** bwrap reports a command killed by signal N as exit code 128+N. */
function decodeExit(plan: LaunchPlan, code: number | null, signal: NodeJS.Signals | null): { exitCode: number | null; signal: NodeJS.Signals | null } {
  if (signal || code === null || !plan.sandboxed || code <= 128 || code > 128 + 64) return { exitCode: code, signal };
  const name = Object.entries(constants.signals).find(([, n]) => n === code - 128)?.[0];
  return name ? { exitCode: null, signal: name as NodeJS.Signals } : { exitCode: code, signal };
}

function killedBySignal(signal: NodeJS.Signals | null): KilledBy | undefined {
  if (signal === 'SIGXCPU') return 'cpu';
  if (signal === 'SIGXFSZ') return 'fileSize';
  return undefined;
}

export async function runSandboxed(request: SandboxRequest, tools: SandboxTools = {}): Promise<SandboxResult> {
  if (request.signal?.aborted) return { ...refused('Cancelled before it started.'), killedBy: 'cancel' };
  const planned = await planLaunch(request, tools);
  if (!planned.ok) return refused(planned.reason);
  try {
    return await execute(planned.plan, request);
  } finally {
    await planned.plan.cgroup?.dispose();
  }
}

function execute(plan: LaunchPlan, request: SandboxRequest): Promise<SandboxResult> {
  const started = performance.now();
  const secrets = request.secrets ?? {};
  return new Promise<SandboxResult>((resolve) => {
    let killedBy: KilledBy | undefined;
    let outputBytes = 0;
    let truncated = false;
    const child = spawn(plan.file, plan.args, { cwd: plan.cwd, env: plan.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const streams = {
      stdout: new CapturedStream(secrets, (t) => request.onOutput?.('stdout', t)),
      stderr: new CapturedStream(secrets, (t) => request.onOutput?.('stderr', t)),
    };
    const kill = (reason: KilledBy) => {
      killedBy ??= reason;
      killTree(plan, child.pid);
    };
    const onData = (which: 'stdout' | 'stderr') => (chunk: Buffer) => {
      const room = plan.limits.outputBytes - outputBytes;
      outputBytes += chunk.length;
      streams[which].push(chunk, room);
      if (outputBytes > plan.limits.outputBytes) {
        truncated = true;
        kill('output');
      }
    };
    child.stdout.on('data', onData('stdout'));
    child.stderr.on('data', onData('stderr'));
    const timer = setTimeout(() => kill('timeout'), plan.limits.timeoutMs);
    const poll = plan.cgroup ? setInterval(() => watchCgroup(plan, kill), EVENT_POLL_MS) : undefined;
    const onAbort = () => kill('cancel');
    request.signal?.addEventListener('abort', onAbort, { once: true });
    const finish = (code: number | null, sig: NodeJS.Signals | null, spawnError?: string) => {
      clearTimeout(timer);
      if (poll) clearInterval(poll);
      request.signal?.removeEventListener('abort', onAbort);
      watchCgroup(plan, (reason) => { killedBy ??= reason; });
      killTree(plan, child.pid); // leftovers that detached from the main process still die with the run
      streams.stdout.end();
      streams.stderr.end();
      const exit = decodeExit(plan, code, sig);
      const notes = spawnError ? [...plan.notes, `The command could not be started: ${spawnError}`] : plan.notes;
      resolve({ ...exit, stdout: streams.stdout.text, stderr: streams.stderr.text, durationMs: performance.now() - started,
        sandboxed: plan.sandboxed, killedBy: killedBy ?? killedBySignal(exit.signal), truncated, notes });
    };
    child.on('error', (e) => finish(null, null, e.message));
    child.on('close', (code, sig) => finish(code, sig));
  });
}

function watchCgroup(plan: LaunchPlan, kill: (reason: KilledBy) => void): void {
  const events = plan.cgroup?.events();
  if (events?.oomKilled) kill('memory');
  // A fork refused at the limit is a runaway (or a fork bomb): stop the whole run rather than let it spin.
  else if (events?.pidsLimitHit) kill('pids');
}

/**
 * Kills everything the run started. Under bwrap, killing bwrap tears down its PID namespace (and
 * --die-with-parent covers the inner init); the process group covers the unsandboxed case; the cgroup
 * catches processes that escaped both (setsid, double fork).
 */
function killTree(plan: LaunchPlan, pid: number | undefined): void {
  if (pid !== undefined) {
    for (const target of [-pid, pid]) {
      try {
        process.kill(target, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
  plan.cgroup?.killAll();
}
