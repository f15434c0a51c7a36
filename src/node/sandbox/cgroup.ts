/**
 * Per-run cgroups for the limits rlimits cannot express: the number of processes (RLIMIT_NPROC does not
 * bind uid 0, and in a container the sandbox's uid maps to root outside) and a memory limit that is
 * detectable (the kernel records an OOM kill). Works with cgroup v1 (pids + memory hierarchies) and with a
 * delegated cgroup v2 subtree; when neither is writable the runner falls back to rlimits and says so.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = '/sys/fs/cgroup';
let counter = 0;

export interface CgroupEvents {
  oomKilled: boolean;
  pidsLimitHit: boolean;
}

export interface RunCgroup {
  /** `cgroup.procs` files the wrapper writes its pid into before exec-ing the command. */
  procsFiles: string[];
  memory: boolean;
  pids: boolean;
  events(): CgroupEvents;
  /** SIGKILLs every process in the group, repeating until it is empty (a fork bomb races the killer). */
  killAll(): void;
  /** Kills leftovers and removes the groups; retries briefly because exiting processes linger a moment. */
  dispose(): Promise<void>;
}

function read(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

function counterIn(file: string, key: string): number {
  const m = new RegExp(`^${key}\\s+(\\d+)`, 'm').exec(read(file));
  return m?.[1] ? Number(m[1]) : 0;
}

function ownPaths(): Map<string, string> {
  const paths = new Map<string, string>();
  for (const line of read('/proc/self/cgroup').split('\n')) {
    const [, controllers, path] = line.split(':');
    if (controllers === undefined || path === undefined) continue;
    for (const c of controllers.split(',')) paths.set(c === '' ? 'unified' : c, path);
  }
  return paths;
}

const swept = new Set<string>();

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Groups left by a runner that died mid-run (e.g. VS Code was killed): empty them and remove them, once per parent. */
function sweepStale(parent: string): void {
  if (swept.has(parent)) return;
  swept.add(parent);
  let entries: string[] = [];
  try {
    entries = readdirSync(parent);
  } catch {
    return;
  }
  for (const entry of entries) {
    const owner = /^agent-guard-(\d+)-\d+$/.exec(entry)?.[1];
    if (owner === undefined || alive(Number(owner))) continue;
    const dir = join(parent, entry);
    killAll([{ dir, kind: 'pids' }]);
    removeDir(dir);
  }
}

function makeDir(parent: string): string | undefined {
  sweepStale(parent);
  const dir = join(parent, `agent-guard-${process.pid}-${++counter}`);
  try {
    mkdirSync(dir);
    return dir;
  } catch {
    return undefined;
  }
}

function tryWrite(file: string, value: string): boolean {
  try {
    writeFileSync(file, value);
    return true;
  } catch {
    return false;
  }
}

interface Group {
  dir: string;
  kind: 'memory' | 'pids' | 'v2';
}

function v1Groups(limits: { memoryBytes?: number; maxProcesses?: number }): Group[] {
  const paths = ownPaths();
  const groups: Group[] = [];
  const memPath = paths.get('memory');
  if (limits.memoryBytes !== undefined && memPath !== undefined && existsSync(join(ROOT, 'memory', 'memory.limit_in_bytes'))) {
    const dir = makeDir(join(ROOT, 'memory', memPath));
    if (dir && tryWrite(join(dir, 'memory.limit_in_bytes'), String(limits.memoryBytes))) {
      tryWrite(join(dir, 'memory.memsw.limit_in_bytes'), String(limits.memoryBytes)); // no escape into swap, where supported
      groups.push({ dir, kind: 'memory' });
    } else if (dir) removeDir(dir);
  }
  const pidsPath = paths.get('pids');
  if (limits.maxProcesses !== undefined && pidsPath !== undefined && existsSync(join(ROOT, 'pids'))) {
    const dir = makeDir(join(ROOT, 'pids', pidsPath));
    if (dir && tryWrite(join(dir, 'pids.max'), String(limits.maxProcesses))) groups.push({ dir, kind: 'pids' });
    else if (dir) removeDir(dir);
  }
  return groups;
}

function v2Group(limits: { memoryBytes?: number; maxProcesses?: number }): Group | undefined {
  const path = ownPaths().get('unified');
  const mount = existsSync(join(ROOT, 'cgroup.controllers')) ? ROOT : join(ROOT, 'unified');
  if (path === undefined || !existsSync(join(mount, 'cgroup.controllers'))) return undefined;
  const parent = join(mount, path);
  const enabled = read(join(parent, 'cgroup.subtree_control')).split(/\s+/);
  if (!enabled.includes('memory') && !enabled.includes('pids')) return undefined;
  const dir = makeDir(parent);
  if (!dir) return undefined;
  if (limits.memoryBytes !== undefined) tryWrite(join(dir, 'memory.max'), String(limits.memoryBytes));
  if (limits.maxProcesses !== undefined) tryWrite(join(dir, 'pids.max'), String(limits.maxProcesses));
  return { dir, kind: 'v2' };
}

function removeDir(dir: string): boolean {
  try {
    rmdirSync(dir);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ENOENT';
  }
}

async function removeGroups(groups: readonly Group[], killAll: () => void): Promise<void> {
  for (let attempt = 0; attempt < 400; attempt++) {
    killAll();
    if (groups.map((g) => removeDir(g.dir)).every(Boolean)) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

function pidsIn(dir: string): number[] {
  return read(join(dir, 'cgroup.procs')).split('\n').filter(Boolean).map(Number);
}

function killAll(groups: readonly Group[]): void {
  for (let round = 0; round < 50; round++) {
    const pids = groups.flatMap((g) => pidsIn(g.dir));
    if (pids.length === 0) return;
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
}

/** A cgroup set-up for one run, or undefined when no cgroup is writable here. */
export function createRunCgroup(limits: { memoryBytes?: number; maxProcesses?: number }): RunCgroup | undefined {
  const groups: Group[] = v1Groups(limits);
  if (groups.length === 0) {
    const v2 = v2Group(limits);
    if (v2) groups.push(v2);
  }
  if (groups.length === 0) return undefined;
  const has = (file: string) => groups.some((g) => existsSync(join(g.dir, file)));
  return {
    procsFiles: groups.map((g) => join(g.dir, 'cgroup.procs')),
    memory: has('memory.limit_in_bytes') || has('memory.max'),
    pids: has('pids.max'),
    events: () => ({
      oomKilled: groups.some((g) => counterIn(join(g.dir, g.kind === 'v2' ? 'memory.events' : 'memory.oom_control'), 'oom_kill') > 0),
      pidsLimitHit: groups.some((g) => counterIn(join(g.dir, 'pids.events'), 'max') > 0),
    }),
    killAll: () => killAll(groups),
    dispose: () => removeGroups(groups, () => killAll(groups)),
  };

}

/** Joins the cgroups, then execs the command; a shell so the join happens before the first fork. */
export function cgroupJoinPrefix(procsFiles: readonly string[]): string[] {
  if (procsFiles.length === 0) return [];
  const script = 'while [ "$#" -gt 0 ] && [ "$1" != -- ]; do echo $$ > "$1" || { echo "agent-guard: cannot join the sandbox cgroup" >&2; exit 125; }; shift; done; shift; exec "$@"';
  return ['/bin/sh', '-c', script, 'agent-guard-cgroup', ...procsFiles, '--'];
}
