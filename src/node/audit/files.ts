/** Which files make up an audit log directory, in chain order. */
import { readdir, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { auditFileIndex } from '../../engine/audit';

export async function listAuditFiles(dir: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return names
    .filter((name) => auditFileIndex(name) !== undefined)
    .sort((a, b) => (auditFileIndex(a) ?? 0) - (auditFileIndex(b) ?? 0));
}

/** A directory means the whole log; a file means just that file. Returns [dir, file names]. */
export async function resolveAuditPath(path: string): Promise<{ dir: string; files: string[]; single: boolean }> {
  const info = await stat(path);
  if (info.isDirectory()) return { dir: path, files: await listAuditFiles(path), single: false };
  return { dir: dirname(path), files: [basename(path)], single: true };
}

export const filePath = (dir: string, name: string): string => join(dir, name);
