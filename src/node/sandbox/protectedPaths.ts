/**
 * Which paths inside the sandbox's writable folders must be bound read-only: the engine's protected globs
 * expanded over the real tree (bounded), plus empty read-only placeholders where a protected path does not
 * exist yet, so a command can neither change nor create it.
 *
 * A placeholder needs a mount point, and in a folder bound from the host that mount point is a real
 * directory on the host. It is an empty directory (git does not see empty directories), made just before
 * the run and removed just after; see `removePlaceholders`.
 */
import { Dirent, lstatSync, mkdirSync, readdirSync, realpathSync, rmdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, isAbsolute, join, relative, sep } from 'node:path';
import { CompiledGlob, compileGlob, globMatches } from '../../engine/path/globs';
import type { SandboxProtection } from '../../engine/path/protectedSets';

/** Beyond this many files and folders the run is refused: an incomplete list would leave protected paths writable. */
export const DEFAULT_MAX_SCANNED_ENTRIES = 200_000;
/** bwrap makes one mount per bound path; more than this is refused rather than slowing every run. */
export const MAX_PROTECTED_MOUNTS = 4096;
/**
 * Dependency trees are not walked: nothing in them is run by git or read by the editor or an agent as
 * configuration, and they are where the entry count explodes.
 */
const NOT_WALKED = new Set(['node_modules']);

export interface ProtectedMounts {
  /** Folders on the way to a protected path, bound writable over themselves (mount points cannot be renamed). */
  pinned: string[];
  /** Existing paths to bind read-only over themselves. */
  readOnly: string[];
  /** Missing paths to cover with an empty read-only directory. */
  placeholders: string[];
  scannedEntries: number;
}

export type ProtectedScan = { ok: true; mounts: ProtectedMounts } | { ok: false; reason: string };

function inside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

class Matcher {
  private readonly globs: CompiledGlob[];
  private readonly except: CompiledGlob[];

  constructor(protection: SandboxProtection, private readonly workspace: string) {
    const options = { home: homedir(), nocase: false };
    this.globs = protection.globs.map((glob) => compileGlob(glob, options));
    this.except = protection.except.map((glob) => compileGlob(glob, options));
  }

  matches(path: string): boolean {
    const rel = inside(this.workspace, path) ? relative(this.workspace, path).split(sep).join('/') : undefined;
    const forms = { absolute: path, relative: rel };
    return this.globs.some((g) => globMatches(g, forms)) && !this.except.some((g) => globMatches(g, forms));
  }
}

/** A protected symlink is bound at its target, when the target is somewhere the command could write. */
function boundPath(path: string, entry: Dirent, roots: readonly string[]): string | undefined {
  if (!entry.isSymbolicLink()) return path;
  try {
    const real = realpathSync(path);
    return roots.some((root) => inside(root, real)) ? real : undefined;
  } catch {
    return undefined; // dangling: creating through it is covered by the placeholder pass when it is a literal path
  }
}

function exists(path: string): { dir: boolean } | undefined {
  try {
    return { dir: lstatSync(path).isDirectory() };
  } catch {
    return undefined;
  }
}

/**
 * How to keep a missing `root/literal` from being created: bind its deepest existing folder read-only, or,
 * when that folder must stay writable (the root itself, a repository's `.git`), mount an empty read-only
 * placeholder at the first missing name. Nothing to do when an existing component is read-only or a file.
 */
function coverMissing(root: string, literal: string, readOnly: ReadonlySet<string>): { readOnly?: string; placeholder?: string } {
  let current = root;
  for (const part of literal.split('/')) {
    const parent = current;
    current = join(current, part);
    if (readOnly.has(current)) return {};
    const found = exists(current);
    if (!found) return parent === root || basename(parent) === '.git' ? { placeholder: current } : { readOnly: parent };
    if (!found.dir) return {};
  }
  return {};
}

/**
 * Walks the writable roots breadth first. A matching path is bound whole (folders included) and not entered;
 * every folder holding a `.git` folder is a repository root that gets the git placeholders too.
 */
export function scanProtectedPaths(roots: readonly string[], workspace: string, protection: SandboxProtection,
  maxEntries = DEFAULT_MAX_SCANNED_ENTRIES): ProtectedScan {
  const matcher = new Matcher(protection, workspace);
  const readOnly = new Set<string>();
  const repositories = new Set<string>();
  const queue = [...roots];
  let scanned = 0;
  while (queue.length > 0) {
    const dir = queue.shift() as string;
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      continue; // unreadable here means unreadable inside the sandbox too
    }
    scanned += entries.length;
    if (scanned > maxEntries) {
      return { ok: false, reason: `The workspace has more than ${maxEntries} files and folders (outside node_modules), so the sandbox cannot list every protected path in it (git hooks, editor and agent configuration) to keep them read-only; the command was not run.` };
    }
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (matcher.matches(path)) {
        const bound = boundPath(path, entry, roots);
        if (bound) readOnly.add(bound);
        continue;
      }
      if (entry.name === '.git' && entry.isDirectory()) repositories.add(dir);
      if (entry.isDirectory() && !NOT_WALKED.has(entry.name)) queue.push(path);
    }
  }
  const placeholders = new Set<string>();
  const cover = (root: string, literal: string) => {
    const how = coverMissing(root, literal, readOnly);
    if (how.readOnly) readOnly.add(how.readOnly);
    if (how.placeholder) placeholders.add(how.placeholder);
  };
  for (const root of roots) for (const literal of protection.placeholders) cover(root, literal);
  for (const repo of repositories) for (const literal of protection.placeholders.filter((p) => p.startsWith('.git/'))) cover(repo, literal);
  const covered = [...readOnly, ...placeholders];
  // A folder holding a read-only path is bound over itself, so that it is a mount point inside the sandbox
  // and cannot be renamed away (mv .git .old; mkdir .git) with the protected path riding along.
  const pinned = new Set<string>();
  for (const path of covered) {
    const root = roots.find((r) => inside(r, path));
    for (let dir = dirname(path); root !== undefined && dir !== root && inside(root, dir); dir = dirname(dir)) pinned.add(dir);
  }
  const byDepth = (a: string, b: string) => a.split(sep).length - b.split(sep).length;
  const mounts = { pinned: [...pinned].sort(byDepth), readOnly: dropNested([...readOnly]), placeholders: [...placeholders], scannedEntries: scanned };
  if (mounts.pinned.length + mounts.readOnly.length + mounts.placeholders.length > MAX_PROTECTED_MOUNTS) {
    return { ok: false, reason: `The workspace holds more than ${MAX_PROTECTED_MOUNTS} protected paths to keep read-only in the sandbox; the command was not run.` };
  }
  return { ok: true, mounts };
}

/** A path inside another read-only path is already covered (a parent bound after the walk). */
function dropNested(paths: string[]): string[] {
  return paths.filter((path) => !paths.some((other) => other !== path && inside(other, path)));
}

/** Makes the placeholders' mount points; returns the ones made here (so only those are removed afterwards). */
export function makePlaceholders(paths: readonly string[]): { made: string[]; error?: string } {
  const made: string[] = [];
  for (const path of paths) {
    try {
      mkdirSync(path);
      made.push(path);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') continue; // appeared meanwhile: bwrap binds over it
      removePlaceholders(made);
      return { made: [], error: `The sandbox could not prepare a read-only placeholder at ${path}: ${(e as Error).message}` };
    }
  }
  return { made };
}

/** rmdir only: a placeholder that something on the host filled meanwhile is left alone, with its content. */
export function removePlaceholders(paths: readonly string[]): void {
  for (const path of [...paths].reverse()) {
    try {
      rmdirSync(path);
    } catch {
      // not empty (a host process wrote into it) or already gone
    }
  }
}
