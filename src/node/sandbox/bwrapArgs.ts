/**
 * The bubblewrap command line: read-only system, private /tmp and /dev and /proc, new namespaces, the
 * workspace bound at its own path. The environment is NOT passed with --setenv: secrets on a command line
 * are visible in /proc/<pid>/cmdline to every local user, so the runner hands bwrap an already-scrubbed
 * environment instead (readable only by the same user, like any process environment).
 */
import { lstatSync, readlinkSync } from 'node:fs';
import { SANDBOX_PROXY_SOCKET, SANDBOX_SOCKS_SOCKET } from './egress/bridge';
import { ExtraBind } from './types';

/** The uid the command sees when the host user is root: not root inside, so it holds no capabilities. */
export const SANDBOX_UID_WHEN_ROOT = 1000;

const TOP_LEVEL_SYSTEM = ['/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32'];
const ETC_FILES = [
  '/etc/passwd', '/etc/group', '/etc/nsswitch.conf', '/etc/ld.so.cache', '/etc/ld.so.conf', '/etc/ld.so.conf.d',
  '/etc/localtime', '/etc/alternatives', '/etc/mime.types', '/etc/os-release', '/etc/protocols', '/etc/services',
];
const ETC_NETWORK_FILES = ['/etc/resolv.conf', '/etc/hosts', '/etc/host.conf', '/etc/gai.conf', '/etc/ssl', '/etc/ca-certificates', '/etc/pki'];

function systemBinds(): string[] {
  const args = ['--ro-bind', '/usr', '/usr'];
  for (const dir of TOP_LEVEL_SYSTEM) {
    try {
      const stat = lstatSync(dir);
      // Merged-/usr systems have /bin -> usr/bin: recreate the symlink rather than bind a second copy.
      if (stat.isSymbolicLink()) args.push('--symlink', readlinkSync(dir), dir);
      else if (stat.isDirectory()) args.push('--ro-bind', dir, dir);
    } catch {
      // absent on this distribution
    }
  }
  return args;
}

export function baseBwrapArgs(options: { userNamespace: boolean; network?: boolean; tmpBytes?: number; networkFiles?: boolean }): string[] {
  const args = [...systemBinds()];
  for (const file of [...ETC_FILES, ...(options.network || options.networkFiles ? ETC_NETWORK_FILES : [])]) args.push('--ro-bind-try', file, file);
  args.push('--proc', '/proc', '--dev', '/dev', ...(options.tmpBytes !== undefined ? ['--size', String(options.tmpBytes)] : []), '--tmpfs', '/tmp');
  args.push('--unshare-pid', '--unshare-ipc', '--unshare-uts', '--unshare-cgroup-try');
  if (!options.network) args.push('--unshare-net');
  if (options.userNamespace) {
    const uid = process.getuid?.() ?? SANDBOX_UID_WHEN_ROOT;
    const gid = process.getgid?.() ?? SANDBOX_UID_WHEN_ROOT;
    args.push('--unshare-user', '--uid', String(uid === 0 ? SANDBOX_UID_WHEN_ROOT : uid), '--gid', String(gid === 0 ? SANDBOX_UID_WHEN_ROOT : gid));
  }
  args.push('--die-with-parent', '--new-session', '--hostname', 'agent-guard-sandbox');
  return args;
}

export interface BwrapLayout {
  userNamespace: boolean;
  network: boolean;
  workspace: string;
  workspaceWritable: boolean;
  cwd: string;
  extraBinds: readonly ExtraBind[];
  /** Protected paths inside the writable folders (see protectedPaths.ts) and the empty folder placeholders show. */
  protectedMounts?: { pinned: readonly string[]; readOnly: readonly string[]; placeholders: readonly string[]; emptyDir: string };
  /** Size of the private /tmp, bytes (counts towards the run's disk budget). */
  tmpBytes?: number;
  /** Host paths of the egress proxy sockets: bound in, with the CA certificates, while the network stays unshared. */
  egressSockets?: { http: string; socks: string };
}

export function bwrapArgs(layout: BwrapLayout): string[] {
  const egress = layout.egressSockets !== undefined;
  const args = baseBwrapArgs({ userNamespace: layout.userNamespace, network: layout.network && !egress, tmpBytes: layout.tmpBytes, networkFiles: egress });
  if (layout.egressSockets) args.push('--ro-bind', layout.egressSockets.http, SANDBOX_PROXY_SOCKET, '--ro-bind', layout.egressSockets.socks, SANDBOX_SOCKS_SOCKET);
  args.push(layout.workspaceWritable ? '--bind' : '--ro-bind', layout.workspace, layout.workspace);
  for (const bind of layout.extraBinds) args.push(bind.writable ? '--bind' : '--ro-bind', bind.path, bind.path);
  const mounts = layout.protectedMounts;
  if (mounts) {
    // Later mounts cover earlier ones: pin the folders first, then bind the protected paths read-only inside them.
    for (const dir of mounts.pinned) args.push('--bind', dir, dir);
    for (const path of mounts.readOnly) args.push('--ro-bind', path, path);
    for (const path of mounts.placeholders) args.push('--ro-bind', mounts.emptyDir, path);
  }
  // The sandbox root is bwrap's own tmpfs: make it read-only so /etc, / and friends cannot be written either.
  args.push('--remount-ro', '/', '--chdir', layout.cwd);
  return args;
}
