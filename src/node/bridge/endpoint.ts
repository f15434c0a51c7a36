/**
 * The one place that decides, per platform, where the hook bridge lives and what it listens on.
 * Pure: `platform` and `env` come in as parameters, so both branches are unit-tested on Linux.
 *
 * - POSIX: a Unix socket `<key>.sock` in a 0700 directory under $XDG_RUNTIME_DIR (or the tmp dir);
 *   the directory's owner and mode are what keeps other users out, so they are checked.
 * - Windows: a named pipe `\\.\pipe\agent-guard-<128 random bits, new per server start>`, with the
 *   token and discovery files in %LOCALAPPDATA%\agent-guard. Pipes do not live in a directory, so the
 *   name must be unguessable (nobody can create it before us) and libuv creates the first instance
 *   with FILE_FLAG_FIRST_PIPE_INSTANCE (a name somebody else holds fails to listen). Windows has no
 *   POSIX owner/mode bits; the files inherit the per-user ACL of %LOCALAPPDATA%.
 */
import * as path from 'node:path';

export type BridgeTransport = 'unix-socket' | 'named-pipe';

export interface BridgeLocation {
  transport: BridgeTransport;
  /** Holds the token and discovery files (and, on POSIX, the socket). */
  dir: string;
  /** Whether owner and mode bits of `dir` and its files mean anything here (POSIX only). */
  checksOwnerAndMode: boolean;
}

/** What the POSIX default needs from the machine when $XDG_RUNTIME_DIR is unset. */
export interface PosixFallback {
  tmpdir: string;
  uid: number | undefined;
}

export const PIPE_PREFIX = '\\\\.\\pipe\\agent-guard-';
/** 128 random bits as lowercase hex: the only pipe names a client will connect to. */
const PIPE_NAME = /^\\\\\.\\pipe\\agent-guard-[0-9a-f]{32}$/;

/**
 * Where the bridge lives for this user, or an error saying why there is no safe place. Windows
 * needs %LOCALAPPDATA% (always set for a logged-in user); without it there is no per-user private
 * folder to trust, so the bridge is refused rather than placed somewhere shared.
 */
export function bridgeLocation(platform: NodeJS.Platform, env: NodeJS.ProcessEnv, fallback: PosixFallback): BridgeLocation {
  if (platform === 'win32') {
    const local = env.LOCALAPPDATA;
    if (!local || !path.win32.isAbsolute(local) || local.startsWith('\\\\')) {
      throw new Error('%LOCALAPPDATA% is not set to a local absolute folder, so the hook bridge has no private place for its token');
    }
    return { transport: 'named-pipe', dir: path.win32.join(local, 'agent-guard'), checksOwnerAndMode: false };
  }
  const xdg = env.XDG_RUNTIME_DIR;
  const dir = xdg && path.posix.isAbsolute(xdg)
    ? path.posix.join(xdg, 'agent-guard')
    : path.posix.join(fallback.tmpdir, `agent-guard-${fallback.uid ?? 'user'}`);
  return { transport: 'unix-socket', dir, checksOwnerAndMode: true };
}

/** The address the server listens on: the socket beside the token (POSIX) or a fresh pipe name (Windows). */
export function bridgeEndpoint(location: BridgeLocation, key: string, pipeId: string): string {
  if (location.transport === 'unix-socket') return path.posix.join(location.dir, `${key}.sock`);
  if (!/^[0-9a-f]{32}$/.test(pipeId)) throw new Error('a bridge pipe id must be 128 bits of lowercase hex');
  return `${PIPE_PREFIX}${pipeId}`;
}

/**
 * Why a client must not connect to `endpoint` read from a discovery file, or undefined. A socket must
 * sit in the private directory itself; a pipe must have exactly the shape our server creates, so a
 * discovery file can never send the hook to another pipe (or a file, or a remote `\\host\pipe\…`).
 */
export function endpointProblem(location: BridgeLocation, endpoint: string): string | undefined {
  if (location.transport === 'unix-socket') {
    return path.posix.dirname(endpoint) === location.dir ? undefined : 'the bridge discovery file points outside the private directory';
  }
  return PIPE_NAME.test(endpoint) ? undefined : 'the bridge discovery file names a pipe Agent Guard does not create';
}

/**
 * The text hashed into a workspace's key. Windows paths are case-insensitive, and VS Code reports
 * `c:\…` where an agent's hook may send `C:\…`: both must find the same bridge.
 */
export function workspaceKeyInput(realPath: string, platform: NodeJS.Platform): string {
  return platform === 'win32' ? realPath.toLowerCase() : realPath;
}
