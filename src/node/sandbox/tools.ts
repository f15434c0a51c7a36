/** Finding and probing the sandbox's tools once per process: bubblewrap and prlimit. */
import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { baseBwrapArgs } from './bwrapArgs';

export const INSTALL_BWRAP_HINT =
  'Install bubblewrap: `sudo apt install bubblewrap` (Debian/Ubuntu), `sudo dnf install bubblewrap` (Fedora), ' +
  '`sudo pacman -S bubblewrap` (Arch). Inside a container, user namespaces (or running as root) must be allowed.';

export function findExecutable(name: string): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/bin', '/usr/local/bin', '/bin'];
  for (const dir of dirs) {
    if (!dir) continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here; keep looking
    }
  }
  return undefined;
}

export interface BwrapProbe {
  usable: boolean;
  /** Whether `--unshare-user` works, so the command runs as a non-root uid with no capabilities. */
  userNamespace: boolean;
  /** Why it is unusable, in plain words (bwrap's own message, trimmed). */
  reason?: string;
}

function tryRun(file: string, args: string[]): Promise<{ ok: boolean; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(file, args, { stdio: ['ignore', 'ignore', 'pipe'], env: {} });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString('utf8'); });
    child.on('error', (e) => resolve({ ok: false, stderr: e.message }));
    child.on('close', (code) => resolve({ ok: code === 0, stderr: stderr.trim().slice(0, 500) }));
  });
}

const probes = new Map<string, Promise<BwrapProbe>>();

/** Runs `true` in a minimal sandbox, first with a user namespace, then without. Cached per bwrap path. */
export function probeBwrap(bwrapPath: string): Promise<BwrapProbe> {
  let probe = probes.get(bwrapPath);
  if (!probe) {
    probe = (async () => {
      const withUser = await tryRun(bwrapPath, [...baseBwrapArgs({ userNamespace: true }), '--', '/bin/true']);
      if (withUser.ok) return { usable: true, userNamespace: true };
      const withoutUser = await tryRun(bwrapPath, [...baseBwrapArgs({ userNamespace: false }), '--', '/bin/true']);
      if (withoutUser.ok) return { usable: true, userNamespace: false };
      return { usable: false, userNamespace: false, reason: withoutUser.stderr || withUser.stderr || 'bwrap failed to start' };
    })();
    probes.set(bwrapPath, probe);
  }
  return probe;
}
