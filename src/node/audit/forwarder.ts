/**
 * Live forwarding of the audit log to a syslog collector (RFC 5424 over TCP, or TLS per RFC 5425, with
 * RFC 6587 octet-counted framing). The local hash-chained log stays the source of truth: the forwarder
 * reads it from disk after its cursor, so nothing is queued in memory but the batch on the wire, a
 * decision never waits for it, and a collector that is down only makes it fall behind.
 *
 * Delivered means: the batch was written, our side closed (FIN, or TLS close_notify then FIN), and the
 * collector closed its side without error after reading up to our close. Only then does the cursor move
 * (written to disk before the next batch). Anything less — refused, reset, timed out, closed before our
 * close was read — resends the whole batch: delivery is at least once, in order, and a duplicate is always
 * a whole entry. With rsyslog, a ruleset on a Direct queue writes each message before reading the next,
 * so its close follows the file write (docs/audit.md has the configuration).
 */
import { readFileSync } from 'node:fs';
import { isIP, connect as tcpConnect, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { frameOctetCounted, toForwardedSyslog } from '../../engine/audit';
import { readCursor, removeCursor, writeCursor, type ForwardCursor } from './forwardCursor';
import { logStart, readLogId, readRecordsFrom, type LogPosition } from './logTail';

/** How long an idle forwarder waits before it checks, with an empty connection, that its last batch settled. */
const SETTLE_MS = 1000;

export interface ForwardTarget {
  transport: 'tcp' | 'tls';
  host: string;
  port: number;
  /** TLS: the CA that signed the collector's certificate (PEM file). Without it the system CAs. */
  caFile?: string;
  /** TLS client certificate and key (PEM files), when the collector wants one. */
  certFile?: string;
  keyFile?: string;
}

export interface ForwardState {
  target: string;
  /** seq of the last entry the collector took; -1 before the first. */
  deliveredSeq: number;
  /** Entries written locally and not yet delivered. */
  behind: number;
  lastError?: string;
  lastDeliveredAt?: number;
  stopped: boolean;
}

export interface ForwarderOptions {
  dir: string;
  target: ForwardTarget;
  cursorFile: string;
  hostname: string;
  batchSize?: number;
  timeoutMs?: number;
  retryMs?: { initial: number; max: number };
  /** How often to look for new entries when nobody calls kick() (entries written by another process). */
  pollMs?: number;
  /** After a kick, how long to let more entries gather before sending (fewer, fuller batches). */
  gatherMs?: number;
  onState?: (state: ForwardState) => void;
}

export function describeTarget(target: ForwardTarget): string {
  return `${target.transport}://${target.host}:${target.port}`;
}

/** Writes `payload`, closes our side, and resolves once the peer closed cleanly after reading it. */
function deliver(target: ForwardTarget, payload: string, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let peerEnded = false;
    let settled = false;
    const finish = (error?: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      if (error) reject(error);
      else resolve();
    };
    const send = () => socket.end(payload);
    const socket: Socket = target.transport === 'tls'
      ? tlsConnect({
        host: target.host, port: target.port, ...(isIP(target.host) ? {} : { servername: target.host }),
        ...(target.caFile ? { ca: readFileSync(target.caFile) } : {}),
        ...(target.certFile ? { cert: readFileSync(target.certFile) } : {}),
        ...(target.keyFile ? { key: readFileSync(target.keyFile) } : {}),
      }, send)
      : tcpConnect({ host: target.host, port: target.port }, send);
    const timer = setTimeout(() => finish(new Error(`no clean close from the collector within ${timeoutMs} ms`)), timeoutMs);
    socket.on('data', () => { /* a collector says nothing on plain syslog; drain whatever it sends */ });
    socket.on('end', () => { peerEnded = true; });
    socket.on('error', (error) => finish(error));
    socket.on('close', (hadError) => finish(hadError || !peerEnded ? new Error('the collector closed the connection before taking the batch') : undefined));
  });
}

export class SyslogForwarder {
  private cursor: ForwardCursor | undefined;
  private position: LogPosition | undefined;
  private logId: string | undefined;
  private headSeq = -1;
  private running = false;
  private wake: (() => void) | undefined;
  private loop: Promise<void> | undefined;
  private current: ForwardState;
  private caughtUpWaiters: Array<() => void> = [];
  /** The cursor and position before the last delivered batch, until a later connection settles it. */
  private unsettled: { cursor: ForwardCursor | undefined; position: LogPosition; at: number } | undefined;

  constructor(private readonly options: ForwarderOptions) {
    this.current = { target: describeTarget(options.target), deliveredSeq: -1, behind: 0, stopped: true };
  }

  get state(): ForwardState {
    return { ...this.current };
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.update({ stopped: false });
    this.loop = this.run().catch((error: unknown) => this.update({ lastError: `forwarding stopped: ${messageOf(error)}`, stopped: true }));
  }

  /** New entries were appended (seq of the newest, when known): look now instead of at the next poll. */
  kick(headSeq?: number): void {
    if (headSeq !== undefined && headSeq > this.headSeq) {
      this.headSeq = headSeq;
      this.update({});
    }
    this.wake?.();
  }

  /** Resolves the next time every entry on disk has been delivered. */
  caughtUp(): Promise<void> {
    return new Promise((resolve) => { this.caughtUpWaiters.push(resolve); this.wake?.(); });
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    this.update({ stopped: true });
  }

  private update(change: Partial<ForwardState>): void {
    const deliveredSeq = this.cursor?.seq ?? -1;
    this.current = { ...this.current, ...change, deliveredSeq, behind: Math.max(0, this.headSeq - deliveredSeq) };
    this.options.onState?.(this.state);
  }

  private async sleep(ms: number): Promise<void> {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => { clearTimeout(timer); resolve(); };
    });
    this.wake = undefined;
  }

  /** Where to start: after the cursor when it belongs to this log and target and still points at it. */
  private async resume(): Promise<boolean> {
    this.logId = await readLogId(this.options.dir);
    const start = await logStart(this.options.dir);
    if (!this.logId || !start) return false;
    const saved = await this.settledCursor(await readCursor(this.options.cursorFile));
    const usable = saved && saved.logId === this.logId && saved.target === this.current.target;
    this.cursor = usable ? saved : undefined;
    this.position = usable ? { file: saved.file, offset: saved.offset } : start;
    if (usable) {
      // The saved offset is a hint: the entry found there must follow the delivered one, or we scan from the start.
      const next = await readRecordsFrom(this.options.dir, this.position, 1);
      const first = next.records[0]?.record;
      if (next.problem || (first && first.prevHash !== saved.hash)) this.position = start;
    }
    this.headSeq = Math.max(this.headSeq, this.cursor?.seq ?? -1);
    this.update({});
    return true;
  }

  private async run(): Promise<void> {
    const { batchSize = 500, timeoutMs = 15_000, retryMs = { initial: 250, max: 10_000 }, pollMs = 1000, gatherMs = 25 } = this.options;
    let retry = retryMs.initial;
    while (this.running) {
      if (!this.position && !(await this.resume())) {
        await this.sleep(pollMs);
        continue;
      }
      const read = await readRecordsFrom(this.options.dir, this.position as LogPosition, batchSize);
      if (read.problem) this.update({ lastError: read.problem });
      const batch = this.continuing(read.records);
      if (batch.length === 0 && this.unsettled) {
        // Idle with a batch not yet settled: after a pause, an empty connection shows whether the collector that took it is still there.
        const wait = this.unsettled.at + SETTLE_MS - Date.now();
        if (wait > 0) await this.sleep(Math.min(wait, pollMs));
        else await deliver(this.options.target, '', timeoutMs).then(() => this.settle(), (error: unknown) => this.rewind(error));
        continue;
      }
      if (batch.length === 0) {
        for (const waiter of this.caughtUpWaiters.splice(0)) waiter();
        await this.sleep(read.problem ? retry : pollMs);
        if (!read.problem && this.running) await new Promise((done) => setTimeout(done, gatherMs));
        continue;
      }
      const payload = batch.map(({ record }) => frameOctetCounted(toForwardedSyslog(record, { hostname: this.options.hostname, logId: this.logId ?? '-' }))).join('');
      try {
        await deliver(this.options.target, payload, timeoutMs);
      } catch (error) {
        await this.rewind(error);
        await this.sleep(retry);
        retry = Math.min(retry * 2, retryMs.max);
        continue;
      }
      retry = retryMs.initial;
      // This connection succeeding settles the batch before it (saved now); this batch stays unsettled until the next one.
      await this.settle();
      this.unsettled = { cursor: this.cursor, position: this.position as LogPosition, at: Date.now() };
      const last = batch[batch.length - 1]!;
      this.cursor = { version: 1, logId: this.logId ?? '-', seq: last.record.seq, hash: last.record.hash, file: last.next.file, offset: last.next.offset, target: this.current.target };
      this.position = last.next;
      this.headSeq = Math.max(this.headSeq, last.record.seq);
      const before = this.unsettled.cursor;
      await writeCursor(this.options.cursorFile, { ...this.cursor, settledAt: before ? pointOf(before) : null });
      this.update({ lastError: undefined, lastDeliveredAt: Date.now() });
    }
  }

  /**
   * A collector killed right after reading a batch closes the connection as cleanly as one that wrote it
   * (the kernel sends the FIN), so the last batch is only settled once a later connection succeeds, and
   * only a settled cursor is saved. On a failure the forwarder steps back before the unsettled batch and
   * sends it again; a forwarder stopped or killed before settling resends it after a restart: duplicates,
   * never a loss.
   */
  private async settle(): Promise<void> {
    if (!this.unsettled) return;
    this.unsettled = undefined;
    if (this.cursor) await writeCursor(this.options.cursorFile, this.cursor);
  }

  private async rewind(error: unknown): Promise<void> {
    this.update({ lastError: `${this.current.target}: ${messageOf(error)}` });
    const unsettled = this.unsettled;
    if (!unsettled) return;
    this.unsettled = undefined;
    this.cursor = unsettled.cursor;
    this.position = unsettled.position;
    if (unsettled.cursor) await writeCursor(this.options.cursorFile, unsettled.cursor);
    else await removeCursor(this.options.cursorFile);
    this.update({});
  }

  /** A saved cursor whose last batch was not settled: trusted if the collector answers now, else its settled point. */
  private async settledCursor(saved: ForwardCursor | undefined): Promise<ForwardCursor | undefined> {
    if (!saved || saved.settledAt === undefined) return saved;
    const { settledAt, ...latest } = saved;
    const alive = await deliver(this.options.target, '', this.options.timeoutMs ?? 15_000).then(() => true, () => false);
    if (alive) return latest;
    return settledAt ? { ...latest, ...settledAt } : undefined;
  }

  /** Skips what was already delivered (a position reached by scanning from the start). */
  private continuing(records: Awaited<ReturnType<typeof readRecordsFrom>>['records']): typeof records {
    const after = this.cursor?.seq ?? -1;
    const fresh = records.filter(({ record }) => record.seq > after);
    if (fresh.length < records.length && fresh.length === 0) {
      const last = records[records.length - 1];
      if (last) this.position = last.next;
    }
    return fresh;
  }
}

function pointOf(cursor: ForwardCursor): { seq: number; hash: string; file: string; offset: number } {
  return { seq: cursor.seq, hash: cursor.hash, file: cursor.file, offset: cursor.offset };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
