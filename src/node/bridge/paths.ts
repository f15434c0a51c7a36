/**
 * Where the bridge lives (decided per platform in endpoint.ts): a private directory holding, per
 * workspace, a token file (0600), a discovery file the CLI reads to find the server, and on POSIX the
 * socket itself (0600). On POSIX anything not owned by us or readable by others is refused, because a
 * directory in /tmp can be pre-created by another user to plant a fake socket. On Windows the folder
 * is %LOCALAPPDATA%\agent-guard, whose ACL is inherited from the user's profile; owner and mode bits
 * do not exist there, so only "a real directory / a regular file, no links" is checked.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { bridgeEndpoint, bridgeLocation, workspaceKeyInput, type BridgeLocation, type BridgeTransport } from './endpoint';
import { hasRuntimeDir, publishBridgeDir, readPublishedBridgeDir } from './publishedBridgeDir';

export interface BridgePaths {
  transport: BridgeTransport;
  dir: string;
  /** What the server listens on: a Unix socket path, or on Windows a `\\.\pipe\…` name. */
  endpoint: string;
  tokenPath: string;
  discoveryPath: string;
}

function currentUid(): number | undefined {
  return typeof process.getuid === 'function' ? process.getuid() : undefined;
}

/**
 * This machine's bridge location; throws when there is no safe one (Windows without %LOCALAPPDATA%).
 * On POSIX without XDG_RUNTIME_DIR the directory is not a fixed name in /tmp (another user could make
 * it first and so stop the bridge) but a fresh `mkdtemp` one, published in a user-only file
 * (publishedBridgeDir.ts). `create`: the server makes and publishes one when none is published yet.
 */
export function currentLocation(env: NodeJS.ProcessEnv = process.env, create = false): BridgeLocation {
  const location = bridgeLocation(process.platform, env, { tmpdir: os.tmpdir(), uid: currentUid() });
  if (location.transport !== 'unix-socket' || hasRuntimeDir(env)) return location;
  const published = create ? publishBridgeDir(env, os.tmpdir(), currentUid()) : readPublishedBridgeDir(env);
  return { ...location, dir: published ?? location.dir };
}

/** A stable short key per workspace folder, so the socket path stays under the ~100-byte Unix limit. */
export function workspaceKey(workspace: string): string {
  let resolved = path.resolve(workspace);
  try {
    resolved = fs.realpathSync(resolved);
  } catch {
    // A workspace that does not exist yet still gets a key from its resolved path.
  }
  return createHash('sha256').update(workspaceKeyInput(resolved, process.platform)).digest('hex').slice(0, 16);
}

/** `pipeId` names this server start's pipe on Windows (random; see endpoint.ts); unused on POSIX. */
export function bridgePaths(location: BridgeLocation, workspace: string, pipeId: string): BridgePaths {
  const key = workspaceKey(workspace);
  return {
    transport: location.transport,
    dir: location.dir,
    endpoint: bridgeEndpoint(location, key, pipeId),
    tokenPath: path.join(location.dir, `${key}.token`),
    discoveryPath: path.join(location.dir, `${key}.json`),
  };
}

/** Creates the directory (0700 on POSIX) if needed and verifies it can be trusted; throws otherwise. */
export function ensurePrivateDir(location: BridgeLocation): void {
  fs.mkdirSync(location.dir, { recursive: true, mode: 0o700 });
  const problem = privateDirProblem(location.dir, location.checksOwnerAndMode);
  if (problem) throw new Error(problem);
}

/**
 * Why `dir` cannot be trusted, or undefined when it is a real directory (not a link) and, where
 * owner and mode exist (`ownerAndMode`, POSIX), owned by us with mode 0700.
 */
export function privateDirProblem(dir: string, ownerAndMode = true): string | undefined {
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(dir);
  } catch {
    return `${dir} does not exist`;
  }
  if (!stat.isDirectory()) return `${dir} is not a directory (symlinks are refused)`;
  if (!ownerAndMode) return undefined;
  const uid = currentUid();
  if (uid !== undefined && stat.uid !== uid) return `${dir} belongs to another user`;
  if ((stat.mode & 0o077) !== 0) return `${dir} is accessible to other users (mode ${(stat.mode & 0o777).toString(8)})`;
  return undefined;
}

/** Verifies a file inside the private dir is a regular file (and on POSIX ours, unreadable by others). */
export function privateFileProblem(file: string, ownerAndMode = true): string | undefined {
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(file);
  } catch {
    return `${file} does not exist`;
  }
  if (!stat.isFile()) return `${file} is not a regular file`;
  if (!ownerAndMode) return undefined;
  const uid = currentUid();
  if (uid !== undefined && stat.uid !== uid) return `${file} belongs to another user`;
  if ((stat.mode & 0o077) !== 0) return `${file} is readable by other users`;
  return undefined;
}

/**
 * Writes a file atomically (temp file + rename), so readers never see half a token or discovery.
 * Mode 0600 on POSIX; on Windows the mode only toggles read-only and the folder's ACL applies.
 */
export function writePrivateFile(file: string, content: string): void {
  const temp = `${file}.${process.pid}.${Date.now()}.tmp`;
  fs.writeFileSync(temp, content, { mode: 0o600, flag: 'wx' });
  fs.renameSync(temp, file);
}

/** The workspace folders to try for `cwd`: itself, then each ancestor (a hook may run in a subfolder). */
export function candidateWorkspaces(cwd: string): string[] {
  const out: string[] = [];
  let current = path.resolve(cwd);
  for (;;) {
    out.push(current);
    const parent = path.dirname(current);
    if (parent === current) return out;
    current = parent;
  }
}

/**
 * Whether `pid` is a live process we may signal. A process of another user (EPERM) does not count:
 * the pid of our extension host was reused, so the server that wrote a discovery file is gone.
 */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Removes the file sets (discovery, token, socket) that windows which are gone left behind: a window
 * killed before it could clean up leaves one set per workspace it served. A set counts as dead when its
 * discovery file names a process that no longer exists; anything unreadable is left alone.
 */
export function removeDeadSets(dir: string): string[] {
  const removed: string[] = [];
  for (const name of fs.readdirSync(dir)) {
    const match = /^([0-9a-f]{16})\.json$/.exec(name);
    if (!match) continue;
    const pid = discoveryPid(path.join(dir, name));
    if (pid === undefined || processAlive(pid)) continue;
    for (const file of [name, `${match[1]}.token`, `${match[1]}.sock`]) fs.rmSync(path.join(dir, file), { force: true });
    removed.push(match[1]!);
  }
  return removed;
}

function discoveryPid(file: string): number | undefined {
  try {
    const pid = (JSON.parse(fs.readFileSync(file, 'utf8')) as { pid?: unknown }).pid;
    return typeof pid === 'number' && Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}
