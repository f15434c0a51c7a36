/**
 * Reads audit records from a position in the log (file name + byte offset) onwards, across rotations,
 * for the forwarder: complete lines only (a line still being written is left for the next read), and a
 * line that is not a valid record stops the read with the reason, so damage is reported, never skipped.
 */
import { open } from 'node:fs/promises';
import { isAuditRecord, type AuditRecord } from '../../engine/audit';
import { filePath, listAuditFiles } from './files';

export interface LogPosition {
  file: string;
  offset: number;
}

export interface TailRead {
  records: Array<{ record: AuditRecord; next: LogPosition }>;
  /** Where the next read starts. */
  position: LogPosition;
  /** Set when a line could not be read as a record: nothing after it is returned. */
  problem?: string;
}

const CHUNK = 1024 * 1024;

async function readChunk(path: string, offset: number): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    // Only what is there: most reads are a few new lines, and a zero-filled MiB per read adds up.
    const size = Math.min(CHUNK, Math.max(0, (await handle.stat()).size - offset));
    const buffer = Buffer.allocUnsafe(size);
    const { bytesRead } = size === 0 ? { bytesRead: 0 } : await handle.read(buffer, 0, size, offset);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** The first position of the log, or undefined while it has no file. */
export async function logStart(dir: string): Promise<LogPosition | undefined> {
  const [first] = await listAuditFiles(dir);
  return first === undefined ? undefined : { file: first, offset: 0 };
}

/** Up to `max` records from `position`; moves on to the next file once a file is read to its end. */
export async function readRecordsFrom(dir: string, position: LogPosition, max: number): Promise<TailRead> {
  const files = await listAuditFiles(dir);
  if (!files.includes(position.file)) return { records: [], position, problem: `${position.file} is no longer in the log folder` };
  let current = position;
  const records: TailRead['records'] = [];
  while (records.length < max) {
    const chunk = await readChunk(filePath(dir, current.file), current.offset);
    let start = 0;
    for (let nl = chunk.indexOf(0x0a); nl !== -1 && records.length < max; nl = chunk.indexOf(0x0a, start)) {
      const text = chunk.subarray(start, nl).toString('utf8');
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        value = undefined;
      }
      if (!isAuditRecord(value)) return { records, position: current, problem: `${current.file} at byte ${current.offset}: not a valid audit record` };
      current = { file: current.file, offset: current.offset + nl + 1 - start };
      start = nl + 1;
      records.push({ record: value, next: current });
    }
    if (records.length >= max) break;
    const nextFile = files[files.indexOf(current.file) + 1];
    // Only a file read to its end (no partial line left) hands over to the next one.
    const atEnd = chunk.length < CHUNK;
    if (atEnd && start === chunk.length && nextFile !== undefined) current = { file: nextFile, offset: 0 };
    else if (atEnd && nextFile !== undefined) return { records, position: current, problem: `${current.file} ends in a torn line at byte ${current.offset}` };
    else if (atEnd || start === 0) break;
  }
  return { records, position: current };
}

/** The log's id: the target of its anchor record (the first line of the first file). */
export async function readLogId(dir: string): Promise<string | undefined> {
  const start = await logStart(dir);
  if (!start) return undefined;
  const read = await readRecordsFrom(dir, start, 1);
  const anchor = read.records[0]?.record;
  return anchor?.seq === 0 ? anchor.target : undefined;
}
