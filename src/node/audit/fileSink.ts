/**
 * The audit log's file sink with group commit. Durability promise: a `write` resolves only after its
 * line (and every line before it) was written and `fdatasync`ed; lines arriving while a sync is in
 * flight are batched into the next write + sync. New files are created exclusively and the directory
 * is fsynced so the file itself survives a crash. After any I/O error the sink is broken and rejects
 * every later write: the caller must treat the audit log as unavailable (fail closed), never as written.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { AuditSink } from '../../engine/audit';

interface Pending {
  line: string;
  newFile?: string;
  resolve: () => void;
  reject: (error: Error) => void;
}

export class FileAuditSink implements AuditSink {
  private handle: FileHandle | undefined;
  private queue: Pending[] = [];
  private flushing: Promise<void> | undefined;
  private broken: Error | undefined;
  /** Number of write+sync rounds so far (group commits), for benchmarks and tests. */
  commits = 0;

  private constructor(private readonly dir: string, private currentName: string | undefined) {}

  /** A sink that appends to `file` (which must exist) in `dir`, or opens nothing until the first newFile. */
  static async open(dir: string, file?: string): Promise<FileAuditSink> {
    const sink = new FileAuditSink(dir, file);
    if (file !== undefined) sink.handle = await open(join(dir, file), 'a');
    return sink;
  }

  get file(): string | undefined {
    return this.currentName;
  }

  write(line: string, options?: { newFile?: string }): Promise<void> {
    if (this.broken) return Promise.reject(this.broken);
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ line, newFile: options?.newFile, resolve, reject });
      this.flushing ??= this.flushLoop();
    });
  }

  /** Waits for everything queued, then closes the file. */
  async close(): Promise<void> {
    while (this.flushing) await this.flushing;
    await this.handle?.close();
    this.handle = undefined;
  }

  private async flushLoop(): Promise<void> {
    // Yield once so appends made in the same tick join this batch.
    await new Promise<void>((resolve) => setImmediate(resolve));
    try {
      while (this.queue.length > 0 && !this.broken) {
        const batch = this.queue;
        this.queue = [];
        await this.commit(batch);
      }
    } finally {
      this.flushing = undefined;
      if (this.queue.length > 0) this.flushing = this.flushLoop();
    }
  }

  private async commit(batch: Pending[]): Promise<void> {
    try {
      let chunk: string[] = [];
      for (const item of batch) {
        if (item.newFile !== undefined) {
          await this.writeAndSync(chunk);
          chunk = [];
          await this.switchTo(item.newFile);
        }
        chunk.push(item.line);
      }
      await this.writeAndSync(chunk);
      this.commits++;
      for (const item of batch) item.resolve();
    } catch (error) {
      this.broken = new Error(`audit log write failed: ${error instanceof Error ? error.message : String(error)}`);
      for (const item of [...batch, ...this.queue]) item.reject(this.broken);
      this.queue = [];
    }
  }

  private async writeAndSync(lines: string[]): Promise<void> {
    if (lines.length === 0) return;
    if (!this.handle) throw new Error('no audit file is open');
    const data = Buffer.from(lines.join('\n') + '\n', 'utf8');
    let offset = 0;
    while (offset < data.length) offset += (await this.handle.write(data, offset)).bytesWritten;
    await this.handle.datasync();
  }

  private async switchTo(name: string): Promise<void> {
    await this.handle?.close();
    this.handle = await open(join(this.dir, name), 'wx');
    this.currentName = name;
    await syncDirectory(this.dir);
  }
}

/** Makes a newly created or renamed directory entry durable. */
export async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
