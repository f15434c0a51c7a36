/**
 * Turning a request into a launch plan: validation, environment scrubbing, the limit wrapper and the
 * bubblewrap layout. Everything that can refuse does so here, before anything runs.
 */
import { chmodSync, existsSync, mkdtempSync, readdirSync, realpathSync, rmdirSync, statSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { isAbsolute, join, relative } from 'node:path';
import { ALL_PROTECTED_SETS, sandboxProtection } from '../../engine/path/protectedSets';
import { BwrapLayout, bwrapArgs } from './bwrapArgs';
import { makePlaceholders, removePlaceholders, scanProtectedPaths } from './protectedPaths';
import { RunCgroup, cgroupJoinPrefix, createRunCgroup } from './cgroup';
import { INSTALL_BWRAP_HINT, findExecutable, probeBwrap } from './tools';
import { RunEgress, egressEnv, startRunEgress, withEgressRelay } from './egress/bridge';
import { DEFAULT_LIMITS, SandboxLimits, SandboxRequest, SandboxTools } from './types';

export const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
export const DEFAULT_ENV_ALLOW_LIST = ['LANG', 'LC_ALL', 'LC_CTYPE', 'TERM', 'TZ'];

export interface LaunchPlan {
  file: string;
  args: string[];
  env: Record<string, string>;
  cwd: string;
  sandboxed: boolean;
  limits: Required<SandboxLimits>;
  cgroup: RunCgroup | undefined;
  /** The folders the command can write (the disk budget watches them). */
  writableRoots: string[];
  notes: string[];
  /** Removes what preparing made on the host (placeholder mount points); call once the run has ended. */
  cleanup: () => void;
  /** The run's egress proxy, when the request asked for per-domain network; close it once the run has ended. */
  egress?: RunEgress;
}

export type PlanResult = { ok: true; plan: LaunchPlan } | { ok: false; reason: string };

function inside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

function validate(request: SandboxRequest): string | undefined {
  const hasArgv = request.argv !== undefined && request.argv.length > 0;
  if (hasArgv === (request.command !== undefined)) return 'Give exactly one of argv or command.';
  if (request.command !== undefined && request.command.trim() === '') return 'The command is empty.';
  if (!isAbsolute(request.workspace) || !existsSync(request.workspace) || !statSync(request.workspace).isDirectory()) {
    return `The workspace "${request.workspace}" is not an existing absolute folder.`;
  }
  const workspace = realpathSync(request.workspace);
  // Binding / or the whole home folder read-write would hand the command everything the sandbox protects.
  if (workspace === '/' || workspace === realpathSync(homedir())) return `The workspace "${request.workspace}" is / or the home folder; refusing to expose it.`;
  const cwd = request.cwd ?? request.workspace;
  if (!isAbsolute(cwd) || !existsSync(cwd) || !inside(workspace, realpathSync(cwd))) return `The working directory "${cwd}" is not inside the workspace.`;
  for (const name of Object.keys(request.secrets ?? {})) if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) return `"${name}" is not a valid secret variable name.`;
  for (const bind of request.extraBinds ?? []) if (!isAbsolute(bind.path)) return `The extra bind "${bind.path}" is not absolute.`;
  return undefined;
}

/** The command's environment: a fixed PATH, HOME in the private /tmp, the allow-list, explicit vars, secrets. */
export function scrubbedEnv(request: SandboxRequest, sandboxed: boolean): Record<string, string> {
  const env: Record<string, string> = { PATH: DEFAULT_PATH, HOME: sandboxed ? '/tmp' : request.workspace, TMPDIR: '/tmp' };
  for (const name of request.envAllowList ?? DEFAULT_ENV_ALLOW_LIST) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  return { ...env, ...request.env, ...request.secrets };
}

/** RLIMIT_NPROC counts every process of the real uid, so the budget is on top of what the user already runs. */
function processesOfThisUser(): number {
  const uid = process.getuid?.();
  let count = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (statSync(`/proc/${entry}`).uid === uid) count++;
    } catch {
      // exited meanwhile
    }
  }
  return count;
}

interface RlimitOptions {
  memoryByCgroup: boolean;
  pidsByCgroup: boolean;
}

function rlimitArgs(prlimit: string | undefined, limits: Required<SandboxLimits>, options: RlimitOptions, notes: string[]): string[] {
  if (!prlimit) {
    notes.push('prlimit (util-linux) is missing: CPU, memory, file-size and process rlimits are not applied.');
    return [];
  }
  const args = [prlimit, `--cpu=${limits.cpuSeconds}:${limits.cpuSeconds + 1}`, `--fsize=${limits.fileSizeBytes}`, '--core=0'];
  if (!options.pidsByCgroup) {
    if (process.getuid?.() === 0) notes.push('No writable pids cgroup and the host user is root: the process limit is NOT enforced.');
    else args.push(`--nproc=${processesOfThisUser() + limits.maxProcesses}`);
  }
  // RLIMIT_AS also caps virtual reservations (JITs, Go), so it is only the fallback when no memory cgroup exists.
  if (!options.memoryByCgroup) {
    args.push(`--as=${limits.memoryBytes}`);
    notes.push('Memory is limited by RLIMIT_AS: an allocation beyond it fails inside the command, which is not reported as a kill.');
  }
  return [...args, '--'];
}

async function chooseSandbox(request: SandboxRequest, tools: SandboxTools, notes: string[]): Promise<{ bwrap?: string; userNamespace: boolean } | string> {
  const bwrap = tools.bwrapPath === undefined ? findExecutable('bwrap') : tools.bwrapPath ?? undefined;
  const probe = bwrap ? await probeBwrap(bwrap) : { usable: false, userNamespace: false, reason: 'bwrap was not found on this machine' };
  if (bwrap && probe.usable) {
    if (!probe.userNamespace) notes.push('User namespaces are unavailable: the command runs with the host uid inside the sandbox.');
    return { bwrap, userNamespace: probe.userNamespace };
  }
  const why = `bubblewrap is not usable: ${probe.reason ?? 'unknown reason'}.`;
  if (request.required) return `The policy requires a sandbox (sandbox.required) and ${why} ${INSTALL_BWRAP_HINT}`;
  notes.push(`UNSANDBOXED: ${why} The command ran with a scrubbed environment and resource limits only.`);
  return { userNamespace: false };
}

/** The folders a command could write: the workspace unless read-only, and writable extra binds. */
function writableRoots(request: SandboxRequest): string[] {
  return [...(request.workspaceWritable !== false ? [request.workspace] : []), ...(request.extraBinds ?? []).filter((b) => b.writable).map((b) => b.path)];
}

type Protected = { ok: true; mounts: NonNullable<BwrapLayout['protectedMounts']>; cleanup: () => void } | { ok: false; reason: string };

/** Protected paths inside the writable folders become read-only; missing ones get placeholders made here. */
function protectPaths(request: SandboxRequest, roots: string[]): Protected {
  const scan = scanProtectedPaths(roots, request.workspace, request.protection ?? sandboxProtection(ALL_PROTECTED_SETS));
  if (!scan.ok) return scan;
  for (const path of scan.mounts.placeholders) request.onOwnWrite?.(path);
  const placeholders = makePlaceholders(scan.mounts.placeholders);
  if (placeholders.error) return { ok: false, reason: placeholders.error };
  const emptyDir = mkdtempSync(join(tmpdir(), 'agent-guard-empty-'));
  chmodSync(emptyDir, 0o555);
  const cleanup = () => {
    for (const path of placeholders.made) request.onOwnWrite?.(path);
    removePlaceholders(placeholders.made);
    try {
      rmdirSync(emptyDir);
    } catch {
      // already gone
    }
  };
  return { ok: true, mounts: { ...scan.mounts, emptyDir }, cleanup };
}

export async function planLaunch(request: SandboxRequest, tools: SandboxTools = {}): Promise<PlanResult> {
  const invalid = validate(request);
  if (invalid) return { ok: false, reason: invalid };
  const notes: string[] = [];
  const choice = await chooseSandbox(request, tools, notes);
  if (typeof choice === 'string') return { ok: false, reason: choice };
  const roots = writableRoots(request);
  const protection: Protected = choice.bwrap ? protectPaths(request, roots) : { ok: true, mounts: { pinned: [], readOnly: [], placeholders: [], emptyDir: '' }, cleanup: () => undefined };
  if (!protection.ok) return protection;
  let egress: RunEgress | undefined;
  try {
    egress = await prepareEgress(request, tools, Boolean(choice.bwrap), notes);
    return { ok: true, plan: { ...assemble(request, tools, choice, roots, protection, notes, egress), ...(egress ? { egress } : {}) } };
  } catch (e) {
    protection.cleanup();
    await egress?.close();
    throw e;
  }
}

/** The egress proxy for a sandboxed run that asked for per-domain network, or undefined (then: no network). */
async function prepareEgress(request: SandboxRequest, tools: SandboxTools, sandboxed: boolean, notes: string[]): Promise<RunEgress | undefined> {
  if (!request.egress) return undefined;
  if (!sandboxed) {
    notes.push('Per-domain egress is NOT enforced without bubblewrap: the command can reach any host.');
    return undefined;
  }
  const socat = tools.socatPath === undefined ? findExecutable('socat') : tools.socatPath ?? undefined;
  if (!socat) {
    notes.push('socat is missing, so the command ran with no network at all (install socat for per-domain egress).');
    return undefined;
  }
  const listener = request.onEgress;
  const egress = await startRunEgress(request.egress, (event) => {
    try {
      listener?.(event);
    } catch {
      // the listener's problem; the proxy keeps deciding
    }
  });
  return Object.assign(egress, { socat });
}

function assemble(request: SandboxRequest, tools: SandboxTools, choice: { bwrap?: string; userNamespace: boolean }, roots: string[],
  protection: Extract<Protected, { ok: true }>, notes: string[], egress?: RunEgress & { socat?: string }): LaunchPlan {
  if (!choice.bwrap) notes.push('Protected files (git hooks, editor and agent configuration) are NOT read-only without bubblewrap.');
  const limits = { ...DEFAULT_LIMITS, ...request.limits };
  const cgroup = tools.cgroups === false ? undefined : createRunCgroup(limits);
  const asked = request.argv ?? ['/bin/sh', '-c', request.command as string];
  const command = egress?.socat ? withEgressRelay(egress.socat, asked) : asked;
  // Per-domain egress wins over `network` (fail closed): asked for both, the command gets the proxy only.
  const network = request.egress ? false : request.network === true;
  const cwd = request.cwd ?? request.workspace;
  const sandboxArgs = choice.bwrap
    ? [choice.bwrap, ...bwrapArgs({ userNamespace: choice.userNamespace, network, workspace: request.workspace,
      workspaceWritable: request.workspaceWritable !== false, cwd, extraBinds: request.extraBinds ?? [], protectedMounts: protection.mounts,
      tmpBytes: limits.diskBytes, ...(egress ? { egressSockets: { http: egress.hostSocket, socks: egress.hostSocksSocket } } : {}) }), '--']
    : [];
  if (!choice.bwrap && request.network !== true) notes.push('Network is NOT blocked without bubblewrap.');
  const prlimit = tools.prlimitPath === undefined ? findExecutable('prlimit') : tools.prlimitPath ?? undefined;
  const full = [...cgroupJoinPrefix(cgroup?.procsFiles ?? []), ...rlimitArgs(prlimit, limits, { memoryByCgroup: cgroup?.memory === true, pidsByCgroup: cgroup?.pids === true }, notes), ...sandboxArgs, ...command];
  const [file, ...args] = full as [string, ...string[]];
  const env = { ...scrubbedEnv(request, Boolean(choice.bwrap)), ...(egress ? egressEnv() : {}) };
  return { file, args, env, cwd, sandboxed: Boolean(choice.bwrap), limits, cgroup,
    writableRoots: roots, notes, cleanup: protection.cleanup };
}
