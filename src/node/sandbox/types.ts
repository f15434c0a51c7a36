/** The contract of the sandbox runner: what a caller asks for and what it gets back. */
import type { SandboxProtection } from '../../engine/path/protectedSets';
import type { EgressHostLists } from './egress/hosts';
import type { EgressEvent } from './egress/proxy';

export type { EgressEvent } from './egress/proxy';

/**
 * Per-domain network: the command gets no network except the egress proxy, which lets through only the
 * allowed hosts (and refuses anything resolving to a private, loopback or link-local address).
 */
export interface EgressRequest extends EgressHostLists {
  /** Name resolution for the proxy; the system resolver when absent (tests inject one). */
  lookup?: (host: string) => Promise<string[]>;
}

export interface SandboxLimits {
  /** Address-space or cgroup memory limit, bytes. */
  memoryBytes?: number;
  /** CPU seconds per process (RLIMIT_CPU). */
  cpuSeconds?: number;
  /** Processes and threads at once (pids cgroup where writable; RLIMIT_NPROC otherwise). */
  maxProcesses?: number;
  /** Largest file the command may write (RLIMIT_FSIZE), bytes. */
  fileSizeBytes?: number;
  /** Wall-clock limit, milliseconds. */
  timeoutMs?: number;
  /** Captured stdout+stderr, bytes; the command is killed when it produces more. */
  outputBytes?: number;
  /**
   * Disk space the run may add in total, bytes: growth of the writable folders (watched while it runs) plus
   * the private /tmp (a tmpfs of this size). The command is killed when the folders grow past it.
   */
  diskBytes?: number;
}

export const DEFAULT_LIMITS: Required<SandboxLimits> = {
  memoryBytes: 2 * 1024 ** 3,
  cpuSeconds: 300,
  maxProcesses: 256,
  fileSizeBytes: 1024 ** 3,
  timeoutMs: 5 * 60_000,
  outputBytes: 4 * 1024 ** 2,
  diskBytes: 4 * 1024 ** 3,
};

export interface ExtraBind {
  path: string;
  writable?: boolean;
}

export interface SandboxRequest {
  /** Program and arguments, run directly. Exactly one of `argv` and `command` is given. */
  argv?: string[];
  /** A shell command line, run with `/bin/sh -c`. */
  command?: string;
  /** Absolute workspace folder: the only writable place (unless `workspaceWritable` is false). */
  workspace: string;
  /** Working directory inside the workspace; defaults to the workspace. */
  cwd?: string;
  /** Names of host environment variables passed through; everything else is scrubbed. */
  envAllowList?: string[];
  /** Extra environment variables set explicitly (not secrets: these are not redacted). */
  env?: Record<string, string>;
  /** Vault secrets injected as environment variables inside the sandbox and redacted from output. */
  secrets?: Record<string, string>;
  /**
   * Further known secret values (name -> value) redacted from output but not injected: every vault value,
   * since an earlier run may have written one into a file that this run prints.
   */
  redact?: Record<string, string>;
  /** What stays read-only inside the sandbox; defaults to every protected set on (fail closed). */
  protection?: SandboxProtection;
  limits?: SandboxLimits;
  /** Network access; off by default (`--unshare-net`). Ignored when `egress` is given. */
  network?: boolean;
  /** Per-domain egress through the filtering proxy; wins over `network` (fail closed). */
  egress?: EgressRequest;
  /** Every request through the egress proxy, allowed or denied (wire it to the audit log). */
  onEgress?: (event: EgressEvent) => void;
  /** Told each path the runner itself creates or removes in a host folder (placeholders), before it does. */
  onOwnWrite?: (path: string) => void;
  workspaceWritable?: boolean;
  extraBinds?: ExtraBind[];
  /** Policy `sandbox.required`: refuse rather than run without bubblewrap. */
  required?: boolean;
  /** Cancellation: aborting kills the whole process tree. */
  signal?: AbortSignal;
  /** Live, already-redacted output, e.g. for a terminal. */
  onOutput?: (stream: 'stdout' | 'stderr', text: string) => void;
}

export type KilledBy = 'timeout' | 'memory' | 'cpu' | 'pids' | 'output' | 'fileSize' | 'disk' | 'cancel';

export interface SandboxResult {
  /** Null when the command never ran (refused) or died by a signal. */
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  /** Redacted and capped. */
  stdout: string;
  stderr: string;
  durationMs: number;
  /** True only when the command really ran inside bubblewrap. */
  sandboxed: boolean;
  killedBy?: KilledBy;
  /** Set when the runner refused to start the command; says why in plain words. */
  refused?: string;
  /** True when output beyond the cap was dropped. */
  truncated: boolean;
  /** Plain-words notes about what was and was not enforced (e.g. a limit unavailable here). */
  notes: string[];
}

/** Where to find the tools; overridable so tests can simulate a machine without bubblewrap. */
export interface SandboxTools {
  bwrapPath?: string | null;
  prlimitPath?: string | null;
  /** socat, the in-sandbox relay to the egress proxy; null simulates a machine without it. */
  socatPath?: string | null;
  /** Disable cgroup use (e.g. to test the rlimit-only path). */
  cgroups?: boolean;
}
