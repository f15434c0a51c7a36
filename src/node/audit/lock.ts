/**
 * One writer per log: two writers appending to the same chain would interleave seq numbers and break it
 * silently. `audit.lock` holds the writer's pid; a lock whose pid is no longer alive (the writer crashed
 * or was killed) is taken over. Readers (verify, tail, export) never take the lock.
 */
import { open, readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const LOCK_FILE = 'audit.lock';

export class AuditLogLockedError extends Error {}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the lock or throws AuditLogLockedError; returns the release function. */
export async function lockAuditDir(dir: string): Promise<() => Promise<void>> {
  const path = join(dir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(path, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      return async () => {
        await unlink(path).catch(() => undefined);
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = Number((await readFile(path, 'utf8').catch(() => '')).trim());
    if (Number.isInteger(holder) && holder > 0 && alive(holder)) {
      throw new AuditLogLockedError(`the audit log in ${dir} is being written by process ${holder}; one writer per log`);
    }
    // Stale (its writer is gone) or unreadable: clear it and try once more.
    await writeFile(path, '').catch(() => undefined);
    await unlink(path).catch(() => undefined);
  }
  throw new AuditLogLockedError(`could not take the lock on the audit log in ${dir}`);
}
