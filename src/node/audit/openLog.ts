/**
 * Opens (or creates) the audit log in a directory and returns an AuditLog ready to append.
 *
 * Crash recovery: if the last file ends in a torn line (a write cut short by power loss or kill -9; it
 * was never acknowledged, since acknowledgement waits for fdatasync of the whole line), the torn bytes
 * are copied to `<file>.torn-<time>` for the record, the file is truncated back to its last complete
 * line, and a chained `audit.recover` entry says so. The chain then continues from the last good entry.
 * A last line that is complete but not a valid record is not a crash artifact: opening fails and the
 * caller must treat the audit log as unavailable until a developer looks (run `audit verify`).
 */
import { randomUUID } from 'node:crypto';
import { mkdir, open, stat, unlink, writeFile } from 'node:fs/promises';
import {
  AuditLog, auditFileIndex, auditRecordSchema, CHAIN_OPERATIONS, type AuditHead, type AuditLogOptions, type AuditRecord,
} from '../../engine/audit';
import { AuditLogDamagedError } from './damaged';
import { FileAuditSink, syncDirectory } from './fileSink';
import { checkRecordedHead, keepHeads } from './headCheck';
import type { AuditHeadStore } from './headStore';
import { filePath, listAuditFiles } from './files';
import { readLinesBackward, readLinesForward } from './lines';
import { lockAuditDir } from './lock';

export { AuditLogDamagedError };

export interface OpenedAuditLog {
  log: AuditLog;
  sink: FileAuditSink;
  dir: string;
  /** Set when a torn tail was set aside on open. */
  recovered?: { file: string; bytes: number; savedAs: string };
  close(): Promise<void>;
}

export type OpenAuditOptions = Omit<AuditLogOptions, 'sink' | 'onDurable'> & {
  /** Where the log's id, MAC mode and head are kept outside it; checked on open, updated on every write. */
  headStore?: AuditHeadStore;
  /** A head could not be recorded (the log itself is fine). */
  onHeadStoreError?(error: unknown): void;
};


function parseRecord(text: string, where: string): AuditRecord {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new AuditLogDamagedError(`audit log damaged: the last line of ${where} is not JSON; run 'agent-guard audit verify'`);
  }
  const parsed = auditRecordSchema.safeParse(json);
  if (!parsed.success) throw new AuditLogDamagedError(`audit log damaged: the last line of ${where} is not an audit record; run 'agent-guard audit verify'`);
  return parsed.data;
}

async function lastCompleteLine(path: string): Promise<{ text?: string; tornBytes: number }> {
  let tornBytes = 0;
  for await (const line of readLinesBackward(path)) {
    if (!line.terminated) {
      tornBytes = Buffer.byteLength(line.text, 'utf8');
      continue;
    }
    return { text: line.text, tornBytes };
  }
  return { tornBytes };
}

/** Moves a torn tail aside: copy its bytes to a side file, then truncate the log file to its last newline. */
async function setTornTailAside(dir: string, name: string, tornBytes: number, now: number): Promise<string> {
  const path = filePath(dir, name);
  const savedAs = `${name}.torn-${now}`;
  const handle = await open(path, 'r+');
  try {
    const size = (await handle.stat()).size;
    const torn = Buffer.alloc(tornBytes);
    await handle.read(torn, 0, tornBytes, size - tornBytes);
    await writeFile(filePath(dir, savedAs), torn, { flag: 'wx' });
    await handle.truncate(size - tornBytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await syncDirectory(dir);
  return savedAs;
}

async function readAnchor(dir: string, firstFile: string): Promise<{ logId: string; mac: 'sha256' | 'hmac-sha256' }> {
  for await (const line of readLinesForward(filePath(dir, firstFile))) {
    const record = parseRecord(line.text, firstFile);
    const mac = record.details?.mac === 'hmac-sha256' ? 'hmac-sha256' : 'sha256';
    return { logId: record.operation === CHAIN_OPERATIONS.anchor ? record.target : `unanchored:${record.target}`, mac };
  }
  throw new AuditLogDamagedError(`audit log damaged: ${firstFile} is empty`);
}

/** Opens the log for writing: takes the single-writer lock, then creates or recovers the chain. */
export async function openAuditLog(dir: string, options: OpenAuditOptions): Promise<OpenedAuditLog> {
  await mkdir(dir, { recursive: true });
  const release = await lockAuditDir(dir);
  try {
    const opened = await openLocked(dir, options);
    return { ...opened, close: async () => { await opened.close(); await release(); } };
  } catch (error) {
    await release();
    throw error;
  }
}

async function openLocked(dir: string, options: OpenAuditOptions): Promise<OpenedAuditLog> {
  let files = await listAuditFiles(dir);
  const recorded = await options.headStore?.read();
  const mac = options.key === undefined ? 'sha256' : 'hmac-sha256';
  if (files.length === 0) {
    if (recorded) throw new AuditLogDamagedError(`audit log damaged: it held log ${recorded.logId} up to seq ${recorded.seq} (recorded in ${options.headStore?.where}) and is gone; if you deleted it on purpose, delete that file too`);
    const sink = await FileAuditSink.open(dir);
    const logId = randomUUID();
    const keeper = keepHeads(options, logId, mac);
    const log = await AuditLog.create({ ...options, sink, onDurable: keeper.onDurable }, logId);
    return { log, sink, dir, close: async () => { await keeper.settled(); await sink.close(); } };
  }
  let recovered: OpenedAuditLog['recovered'];
  let last = files[files.length - 1] as string;
  let tail = await lastCompleteLine(filePath(dir, last));
  if (tail.tornBytes > 0) {
    const savedAs = await setTornTailAside(dir, last, tail.tornBytes, options.now());
    recovered = { file: last, bytes: tail.tornBytes, savedAs };
  }
  if (tail.text === undefined && files.length > 1) {
    // The crash hit while opening a new file: drop the empty file and continue in the previous one.
    await unlink(filePath(dir, last));
    files = files.slice(0, -1);
    last = files[files.length - 1] as string;
    tail = await lastCompleteLine(filePath(dir, last));
  }
  if (tail.text === undefined) throw new AuditLogDamagedError(`audit log damaged: ${last} holds no complete entry`);
  const record = parseRecord(tail.text, last);
  const anchor = await readAnchor(dir, files[0] as string);
  await checkRecordedHead(dir, { ...anchor, seq: record.seq, hash: record.hash }, recorded, options);
  const head: AuditHead = {
    logId: anchor.logId,
    seq: record.seq,
    hash: record.hash,
    fileIndex: auditFileIndex(last) ?? 1,
    fileBytes: (await stat(filePath(dir, last))).size,
  };
  const sink = await FileAuditSink.open(dir, last);
  const keeper = keepHeads(options, anchor.logId, anchor.mac);
  keeper.onDurable?.(head);
  const log = AuditLog.resume({ ...options, sink, onDurable: keeper.onDurable }, head);
  if (recovered) {
    await log.recordRecovery(`Recovered after a crash: a torn, unacknowledged last line (${recovered.bytes} bytes) of ${recovered.file} was moved to ${recovered.savedAs}`, {
      file: recovered.file, bytes: recovered.bytes, savedAs: recovered.savedAs,
    });
  }
  return { log, sink, dir, recovered, close: async () => { await keeper.settled(); await sink.close(); } };
}
