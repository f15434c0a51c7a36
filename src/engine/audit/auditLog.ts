/**
 * The audit log's chain logic, pure: it assigns seq, links each record to the previous hash, redacts
 * secrets before anything is hashed, rotates by size (first line of each new file is a continuation
 * record naming the previous file) and hands finished lines to a sink. Durability is the sink's job: a
 * returned promise resolves only once the sink says the line is on disk.
 */
import { scanOutbound } from '../sanitizer/outbound';
import { redact as redactSecrets } from '../sanitizer/redact';
import { redactSecrets as redactVaultForms } from '../vault/redact';
import {
  CHAIN_OPERATIONS, GENESIS_HASH, GUARD_AGENT,
  type AuditDetails, type AuditEntryInput, type AuditRecord,
} from './auditEntry';
import { auditFileName, sealRecord, utf8Length, type UnhashedRecord } from './chain';
import { entryInputProblem } from './validate';

/** Where lines go. `write` resolves when the line is durable (see src/node/audit/fileSink.ts). */
export interface AuditSink {
  /** `newFile`: close the current file and start this one before writing the line. */
  write(line: string, options?: { newFile?: string }): Promise<void>;
}

/** Everything needed to continue a chain: kept by the sink's owner, recovered from disk on open. */
export interface AuditHead {
  logId: string;
  seq: number;
  hash: string;
  fileIndex: number;
  fileBytes: number;
}

export interface AuditLogOptions {
  sink: AuditSink;
  now: () => number;
  /** Exact vault values to redact (read on every append, so rotations and additions apply at once). */
  vaultValues?: () => readonly string[];
  /** Start a new file once the current one would exceed this many bytes. */
  maxFileBytes?: number;
  /** HMAC key: when set, hashes are HMAC-SHA256 and verifying needs the same key. */
  key?: string;
  /** Told each record's seq and hash once the sink made it durable (to keep the head outside the log). */
  onDurable?(head: { seq: number; hash: string }): void;
}

export const DEFAULT_MAX_FILE_BYTES = 8 * 1024 * 1024;
/** Long fields are cut: an audit entry describes an operation, it does not archive its payload. */
export const MAX_FIELD_CHARS = 4096;

export class AuditLog {
  private state: AuditHead;

  private constructor(private readonly options: AuditLogOptions, head: AuditHead) {
    this.state = head;
  }

  /** A new log: its anchor record (seq 0, genesis prevHash, naming the log id) opens the first file. */
  static async create(options: AuditLogOptions, logId: string): Promise<AuditLog> {
    const log = new AuditLog(options, { logId, seq: -1, hash: GENESIS_HASH, fileIndex: 1, fileBytes: 0 });
    await log.writeRecord(log.chainRecord(CHAIN_OPERATIONS.anchor, logId, 'Audit log created; this record anchors the chain', { mac: options.key ? 'hmac-sha256' : 'sha256' }), auditFileName(1));
    return log;
  }

  /** Continues an existing chain from its last good record (see src/node/audit/openLog.ts). */
  static resume(options: AuditLogOptions, head: AuditHead): AuditLog {
    return new AuditLog(options, { ...head });
  }

  get head(): Readonly<AuditHead> {
    return this.state;
  }

  get currentFile(): string {
    return auditFileName(this.state.fileIndex);
  }

  /**
   * Validates, redacts, chains and writes one entry. The chain position is fixed synchronously (so
   * concurrent appends keep call order); the promise resolves once the sink made the line durable.
   */
  append(entry: AuditEntryInput): Promise<AuditRecord> {
    const problem = entryInputProblem(entry);
    if (problem !== undefined) return Promise.reject(new Error(`invalid audit entry: ${problem}`));
    const input = entry;
    const clean = this.redactorFor(input);
    const record: UnhashedRecord = {
      seq: this.state.seq + 1,
      time: toIso(input.time ?? this.options.now()),
      agent: clean(input.agent),
      operation: clean(input.operation),
      target: clean(input.target),
      result: input.result,
      ...(input.rule !== undefined ? { rule: clean(input.rule) } : {}),
      ...(input.reason !== undefined ? { reason: clean(input.reason) } : {}),
      source: input.source,
      ...(input.details !== undefined ? { details: cleanDetails(input.details, clean) } : {}),
      prevHash: this.state.hash,
    };
    return this.writeRecord(record);
  }

  /**
   * Redaction for one entry. Fast path: one outbound scan over all text fields joined by NUL (no
   * pattern crosses a NUL); only when it finds something is each field redacted on its own.
   */
  private redactorFor(input: AuditEntryInput): (text: string) => string {
    const values = this.options.vaultValues?.() ?? [];
    const texts = [input.agent, input.operation, input.target, input.rule ?? '', input.reason ?? ''];
    for (const value of Object.values(input.details ?? {})) if (typeof value === 'string') texts.push(value);
    const joined = texts.join('\u0000');
    // Hex and base64 forms wrapped over lines (xxd -p, base64) only occur in text with a line break.
    const wrapped = values.length > 0 && /[\r\n]/.test(joined) ? wrappedVaultRedactor(values) : undefined;
    const dirty = wrapped !== undefined || scanOutbound(joined, { vaultValues: values }).length > 0;
    if (!dirty) return truncate;
    return (text) => truncate(redactSecrets(wrapped ? wrapped(text) : text, { vaultValues: values }));
  }

  /** Records that a torn tail was set aside on open, so the gap is part of the evidence. */
  recordRecovery(reason: string, details: AuditDetails): Promise<AuditRecord> {
    return this.writeRecord(this.chainRecord(CHAIN_OPERATIONS.recovery, this.currentFile, reason, details));
  }

  private chainRecord(operation: string, target: string, reason: string, details: AuditDetails): UnhashedRecord {
    return {
      seq: this.state.seq + 1, time: toIso(this.options.now()), agent: GUARD_AGENT, operation, target,
      result: 'recorded', reason, source: 'system', details, prevHash: this.state.hash,
    };
  }

  /** `mayRotate` is false right after a continuation: a record always goes into the file just opened. */
  private writeRecord(record: UnhashedRecord, firstFile?: string, mayRotate = true): Promise<AuditRecord> {
    const maxBytes = this.options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
    const sealed = sealRecord(record, this.options.key);
    const bytes = utf8Length(sealed.line) + 1;
    if (mayRotate && firstFile === undefined && this.state.fileBytes > 0 && this.state.fileBytes + bytes > maxBytes) {
      return this.rotateThenWrite(record);
    }
    this.state = { ...this.state, seq: record.seq, hash: sealed.record.hash, fileBytes: this.state.fileBytes + bytes };
    const written = this.options.sink.write(sealed.line, firstFile !== undefined ? { newFile: firstFile } : undefined);
    return written.then(() => {
      this.options.onDurable?.({ seq: sealed.record.seq, hash: sealed.record.hash });
      return sealed.record;
    });
  }

  /** Opens the next file with a continuation record, then writes the record after it. */
  private rotateThenWrite(record: UnhashedRecord): Promise<AuditRecord> {
    const previous = this.currentFile;
    const continuation = this.chainRecord(CHAIN_OPERATIONS.continuation, previous, `Continues the chain from ${previous}`, { previousFile: previous });
    const sealed = sealRecord(continuation, this.options.key);
    const nextIndex = this.state.fileIndex + 1;
    this.state = { ...this.state, seq: continuation.seq, hash: sealed.record.hash, fileIndex: nextIndex, fileBytes: utf8Length(sealed.line) + 1 };
    const opened = this.options.sink.write(sealed.line, { newFile: auditFileName(nextIndex) });
    const written = this.writeRecord({ ...record, seq: continuation.seq + 1, prevHash: sealed.record.hash }, undefined, false);
    return Promise.all([opened, written]).then(([, written]) => written);
  }
}

/** Details are a few facts about the operation; more keys than this are dropped (and counted). */
export const MAX_DETAIL_KEYS = 32;

function cleanDetails(details: AuditDetails, clean: (text: string) => string): AuditDetails {
  const out: AuditDetails = {};
  const entries = Object.entries(details);
  for (const [key, value] of entries.slice(0, MAX_DETAIL_KEYS)) out[key] = typeof value === 'string' ? clean(value) : value;
  if (entries.length > MAX_DETAIL_KEYS) out.droppedDetails = entries.length - MAX_DETAIL_KEYS;
  return out;
}

function truncate(text: string): string {
  return text.length <= MAX_FIELD_CHARS ? text : `${text.slice(0, MAX_FIELD_CHARS)}…[truncated ${text.length - MAX_FIELD_CHARS} chars]`;
}

function toIso(time: number | string): string {
  return new Date(typeof time === 'number' ? time : Date.parse(time)).toISOString();
}

/**
 * The vault redactor (which also matches encoded forms wrapped over lines) over nameless values: each is
 * keyed by its index, and the markers are then written as the audit log's usual `[REDACTED:vault-value]`.
 */
function wrappedVaultRedactor(values: readonly string[]): (text: string) => string {
  const keyed = Object.fromEntries(values.map((value, i) => [`vault-value-${i}`, value]));
  return (text) => redactVaultForms(text, keyed).replace(/\[REDACTED:vault-value-\d+\]/g, '[REDACTED:vault-value]');
}
