/**
 * The forwarder's cursor: the last entry the collector took (see forwarder.ts for what "took" means),
 * kept in a user-only file beside the log so forwarding resumes after a restart or a crash. Written to a
 * temporary file and renamed. It is deliberately not fsynced: a cursor lost or emptied by a power cut is
 * read as an older one or as none, and then entries are sent again, which only duplicates them (the
 * collector's check reports duplicates), never skips one; an fsync per batch would compete with the
 * audit log's own fdatasync on the decision path.
 */
import { open, readFile, rename, rm } from 'node:fs/promises';
import { z } from 'zod';

const pointSchema = z.strictObject({
  seq: z.number().int().nonnegative(),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  file: z.string().regex(/^audit-\d{6,}\.jsonl$/),
  offset: z.number().int().nonnegative(),
});

const cursorSchema = z.strictObject({
  version: z.literal(1),
  /** The log these positions belong to (its anchor's target); another log id means start over. */
  logId: z.string().min(1),
  /** Seq and hash of the last entry delivered. */
  seq: z.number().int().nonnegative(),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  /** Where the next entry starts: file name and byte offset, a hint checked against `hash` on use. */
  file: z.string().regex(/^audit-\d{6,}\.jsonl$/),
  offset: z.number().int().nonnegative(),
  /** Which collector it was delivered to: a changed target starts over. */
  target: z.string(),
  /**
   * Present while the last batch is not settled (see forwarder.ts): where delivery stood before it, or
   * null for "before the first entry". A forwarder that restarts checks the collector before it trusts
   * `seq`, and falls back to this point if the collector is gone.
   */
  settledAt: pointSchema.nullable().optional(),
});
export type ForwardCursor = z.infer<typeof cursorSchema>;

export async function readCursor(file: string): Promise<ForwardCursor | undefined> {
  try {
    const parsed = cursorSchema.safeParse(JSON.parse(await readFile(file, 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export async function writeCursor(file: string, cursor: ForwardCursor): Promise<void> {
  const temporary = `${file}.tmp`;
  const handle = await open(temporary, 'w', 0o600);
  try {
    await handle.writeFile(`${JSON.stringify(cursor)}\n`);
  } finally {
    await handle.close();
  }
  await rename(temporary, file);
}

export async function removeCursor(file: string): Promise<void> {
  await rm(file, { force: true });
}
