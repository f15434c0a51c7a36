/**
 * Where the bridge lives: a 0700 directory owned by the current user under $XDG_RUNTIME_DIR (or the
 * tmp dir), holding per workspace a socket (0600), a token file (0600) and a discovery file the CLI
 * reads to find them. Anything not owned by us or readable by others is refused, because a directory
 * in /tmp can be pre-created by another user to plant a fake socket.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface BridgePaths {
  dir: string;
  socketPath: string;
  tokenPath: string;
  discoveryPath: string;
}

function currentUid(): number | undefined {
  return typeof process.getuid === 'function' ? process.getuid() : undefined;
}

export function runtimeBaseDir(env: NodeJS.ProcessEnv = process.env): string {
  const xdg = env.XDG_RUNTIME_DIR;
  if (xdg && path.isAbsolute(xdg)) return path.join(xdg, 'agent-guard');
  return path.join(os.tmpdir(), `agent-guard-${currentUid() ?? 'user'}`);
}

/** A stable short key per workspace folder, so the socket path stays under the ~100-byte Unix limit. */
export function workspaceKey(workspace: string): string {
  let resolved = path.resolve(workspace);
  try {
    resolved = fs.realpathSync(resolved);
  } catch {
    // A workspace that does not exist yet still gets a key from its resolved path.
  }
  return createHash('sha256').update(resolved).digest('hex').slice(0, 16);
}

export function bridgePaths(workspace: string, env: NodeJS.ProcessEnv = process.env): BridgePaths {
  const dir = runtimeBaseDir(env);
  const key = workspaceKey(workspace);
  return {
    dir,
    socketPath: path.join(dir, `${key}.sock`),
    tokenPath: path.join(dir, `${key}.token`),
    discoveryPath: path.join(dir, `${key}.json`),
  };
}

/** Creates the directory 0700 if needed and verifies it is ours and private; throws otherwise. */
export function ensurePrivateDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const problem = privateDirProblem(dir);
  if (problem) throw new Error(problem);
}

/** Why `dir` cannot be trusted, or undefined when it is a real directory owned by us with mode 0700. */
export function privateDirProblem(dir: string): string | undefined {
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(dir);
  } catch {
    return `${dir} does not exist`;
  }
  if (!stat.isDirectory()) return `${dir} is not a directory (symlinks are refused)`;
  const uid = currentUid();
  if (uid !== undefined && stat.uid !== uid) return `${dir} belongs to another user`;
  if ((stat.mode & 0o077) !== 0) return `${dir} is accessible to other users (mode ${(stat.mode & 0o777).toString(8)})`;
  return undefined;
}

/** Verifies a file inside the private dir is a regular file of ours that nobody else can read. */
export function privateFileProblem(file: string): string | undefined {
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(file);
  } catch {
    return `${file} does not exist`;
  }
  if (!stat.isFile()) return `${file} is not a regular file`;
  const uid = currentUid();
  if (uid !== undefined && stat.uid !== uid) return `${file} belongs to another user`;
  if ((stat.mode & 0o077) !== 0) return `${file} is readable by other users`;
  return undefined;
}

/** Writes a 0600 file atomically (temp file + rename), so readers never see half a token or discovery. */
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
