/**
 * `runSandboxed`: runs one approved command under bubblewrap with resource limits, redacts secrets from its
 * output as it streams, and always settles with a result (never throws): refused, completed or killed.
 */
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { StringDecoder } from 'node:string_decoder';
import { StreamingRedactor } from '../../engine/vault/redact';
import { DiskWatch } from './diskWatch';
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

  /** `cut`: the run was stopped at the output cap, so an unfinished secret at the end is withheld too. */
  end(cut: boolean): void {
    this.deliver(this.redactor.push(this.decoder.end()) + this.redactor.flush(cut));
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

/** Never throws: anything unexpected while preparing becomes a refusal in plain words (fail closed). */
export async function runSandboxed(request: SandboxRequest, tools: SandboxTools = {}): Promise<SandboxResult> {
  if (request.signal?.aborted) return { ...refused('Cancelled before it started.'), killedBy: 'cancel' };
  let planned: Awaited<ReturnType<typeof planLaunch>>;
  try {
    planned = await planLaunch(request, tools);
  } catch (e) {
    return refused(`The sandbox could not be prepared: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (!planned.ok) return refused(planned.reason);
  try {
    return await new Run(planned.plan, request).start();
  } finally {
    planned.plan.cleanup();
    await planned.plan.egress?.close();
    await planned.plan.cgroup?.dispose();
  }
}

/** One running command: output capture, the limits watched from outside, and the final result. */
class Run {
  private readonly started = performance.now();
  private readonly streams: Record<'stdout' | 'stderr', CapturedStream>;
  private killedBy: KilledBy | undefined;
  private outputBytes = 0;
  private truncated = false;
  private pid: number | undefined;
  private exited = false;
  private disk: DiskWatch | undefined;
  private readonly notes: string[];

  constructor(private readonly plan: LaunchPlan, private readonly request: SandboxRequest) {
    this.notes = [...plan.notes];
    // Injected secrets and every other known vault value: a file written by an earlier run may hold one.
    const secrets = { ...request.redact, ...request.secrets };
    // A throwing listener must not take the host down (this runs inside a stream 'data' handler).
    const emit = (stream: 'stdout' | 'stderr') => (text: string) => {
      try {
        request.onOutput?.(stream, text);
      } catch {
        // the listener's problem; capture continues
      }
    };
    this.streams = { stdout: new CapturedStream(secrets, emit('stdout')), stderr: new CapturedStream(secrets, emit('stderr')) };
  }

  start(): Promise<SandboxResult> {
    const { plan } = this;
    try {
      this.disk = new DiskWatch(plan.writableRoots, plan.limits.diskBytes);
    } catch (e) {
      this.notes.push(`The disk limit is NOT enforced: the writable folders could not be measured (${e instanceof Error ? e.message : String(e)}).`);
    }
    const child = spawn(plan.file, plan.args, { cwd: plan.cwd, env: plan.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    this.pid = child.pid;
    child.stdout.on('data', (chunk: Buffer) => this.onData('stdout', chunk));
    child.stderr.on('data', (chunk: Buffer) => this.onData('stderr', chunk));
    const timer = setTimeout(() => this.kill('timeout'), plan.limits.timeoutMs);
    const poll = setInterval(() => this.watch((reason) => this.kill(reason)), EVENT_POLL_MS);
    const onAbort = () => this.kill('cancel');
    this.request.signal?.addEventListener('abort', onAbort, { once: true });
    return new Promise<SandboxResult>((resolve) => {
      const finish = (code: number | null, sig: NodeJS.Signals | null, spawnError?: string) => {
        if (this.exited) return;
        this.exited = true;
        clearTimeout(timer);
        clearInterval(poll);
        this.request.signal?.removeEventListener('abort', onAbort);
        resolve(this.result(code, sig, spawnError));
      };
      child.on('error', (e) => finish(null, null, e.message));
      child.on('close', (code, sig) => finish(code, sig));
    });
  }

  private onData(which: 'stdout' | 'stderr', chunk: Buffer): void {
    const room = this.plan.limits.outputBytes - this.outputBytes;
    this.outputBytes += chunk.length;
    this.streams[which].push(chunk, room);
    if (this.outputBytes > this.plan.limits.outputBytes) {
      this.truncated = true;
      this.kill('output');
    }
  }

  private kill(reason: KilledBy): void {
    this.killedBy ??= reason;
    killTree(this.plan, this.pid, !this.exited);
  }

  /** The limits only visible from outside: cgroup events and the disk budget. */
  private watch(kill: (reason: KilledBy) => void, final = false): void {
    watchCgroup(this.plan, kill);
    if (this.killedBy === undefined && this.disk?.exceeded(final)) {
      kill('disk');
      this.notes.push(`The run added ${this.disk.measured} bytes to the writable folders, past the disk limit of ${this.disk.limitBytes} bytes; what it wrote is left in place.`);
    }
  }

  private result(code: number | null, sig: NodeJS.Signals | null, spawnError?: string): SandboxResult {
    this.watch((reason) => { this.killedBy ??= reason; }, true);
    // Leftovers that detached from the main process still die with the run (the main pid is reaped: not it).
    killTree(this.plan, this.pid, false);
    this.streams.stdout.end(this.truncated);
    this.streams.stderr.end(this.truncated);
    const exit = decodeExit(this.plan, code, sig);
    const notes = spawnError ? [...this.notes, `The command could not be started: ${spawnError}`] : this.notes;
    return { ...exit, stdout: this.streams.stdout.text, stderr: this.streams.stderr.text, durationMs: performance.now() - this.started,
      sandboxed: this.plan.sandboxed, killedBy: this.killedBy ?? killedBySignal(exit.signal), truncated: this.truncated, notes };
  }
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
function killTree(plan: LaunchPlan, pid: number | undefined, mainAlive: boolean): void {
  if (pid !== undefined) {
    for (const target of mainAlive ? [-pid, pid] : [-pid]) {
      try {
        process.kill(target, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
  plan.cgroup?.killAll();
}
