/**
 * The run's disk budget for the folders it can write. RLIMIT_FSIZE caps each file; nothing in the kernel
 * caps their sum for a bind-mounted host folder, so the runner watches from outside:
 *
 * - cheap and often: `statfs` of each filesystem holding a writable folder. Its growth since the start is
 *   an upper bound of what the run added, unless something else freed space meanwhile;
 * - exact but only when that bound passes the limit: a walk summing the space of every file changed since
 *   the run started (`ctime`), so another process filling the same disk does not kill the run by itself.
 *
 * The run is stopped when both exceed the limit. Between two looks it can write at full speed, so it can
 * overshoot by what it writes in one poll interval (and each file stays under RLIMIT_FSIZE).
 */
import { Dirent, lstatSync, readdirSync, statfsSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Exact walks are costly in big trees: at most one per this many milliseconds while the run lasts. */
const MIN_WALK_INTERVAL_MS = 1000;
/** Filesystem timestamps can lag the wall clock by a tick; count a file changed slightly before the start. */
const CTIME_SLACK_MS = 1000;

interface Filesystem {
  root: string;
  freeBytesAtStart: number;
}

function freeBytes(path: string): number {
  const stats = statfsSync(path);
  return stats.bfree * stats.bsize;
}

export class DiskWatch {
  private readonly filesystems: Filesystem[] = [];
  private readonly since = Date.now() - CTIME_SLACK_MS;
  private lastWalk = -Infinity;
  /** Bytes the last exact walk counted. */
  measured = 0;

  constructor(private readonly roots: readonly string[], readonly limitBytes: number) {
    const devices = new Set<number>();
    for (const root of roots) {
      const device = statSync(root).dev;
      if (devices.has(device)) continue;
      devices.add(device);
      this.filesystems.push({ root, freeBytesAtStart: freeBytes(root) });
    }
  }

  /** Growth of the watched filesystems since the start (all writers on them, not only this run). */
  private filesystemGrowth(): number {
    let growth = 0;
    for (const fs of this.filesystems) {
      try {
        growth += Math.max(0, fs.freeBytesAtStart - freeBytes(fs.root));
      } catch {
        // the folder vanished; nothing more to count there
      }
    }
    return growth;
  }

  /** True once the run has added more than the limit. `final` skips the walk rate limit (the run is over). */
  exceeded(final = false): boolean {
    if (this.filesystemGrowth() <= this.limitBytes) return false;
    const now = Date.now();
    if (!final && now - this.lastWalk < MIN_WALK_INTERVAL_MS) return false;
    this.lastWalk = now;
    this.measured = changedBytes(this.roots, this.since);
    return this.measured > this.limitBytes;
  }
}

/** Space held by files changed since `since` under the roots; hard links counted once, symlinks not followed. */
export function changedBytes(roots: readonly string[], since: number): number {
  const seen = new Set<string>();
  const queue = [...roots];
  let total = 0;
  while (queue.length > 0) {
    const dir = queue.pop() as string;
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) queue.push(path);
      try {
        const stats = lstatSync(path);
        const id = `${stats.dev}:${stats.ino}`;
        if (stats.ctimeMs < since || seen.has(id)) continue;
        seen.add(id);
        total += stats.blocks * 512;
      } catch {
        // removed meanwhile
      }
    }
  }
  return total;
}
