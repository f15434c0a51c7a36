/**
 * Streaming chain verification, pure: the caller feeds files in order and lines in order (the node side
 * reads them with readline), and the verifier reports the first bad entry with file, line, seq and what
 * is wrong, plus warnings (torn tail after a crash, recovery records). Memory is O(1) in the log size.
 */
import { CHAIN_OPERATIONS, GENESIS_HASH, type AuditRecord } from './auditEntry';
import { auditFileIndex, auditFileName, hashBody } from './chain';
import { recordProblem } from './validate';

/**
 * The hashed text of a line: the line as written minus its trailing `,"hash":"…"}`. Hashing the raw text
 * (not a re-serialisation) means any change to the line's bytes, even one JSON would not notice
 * (spacing, key order, number spelling), breaks the hash. A line not ending that way cannot match.
 */
function bodyOfLine(text: string, hash: string): string {
  const suffix = `,"hash":"${hash}"}`;
  return text.endsWith(suffix) ? `${text.slice(0, -suffix.length)}}` : '';
}

export type ProblemKind =
  | 'missing-anchor' | 'missing-file' | 'malformed' | 'modified' | 'deleted' | 'inserted'
  | 'broken-link' | 'head-mismatch' | 'empty' | 'downgraded' | 'replaced';

/** What is kept outside the log about it (src/node/audit/headStore.ts): its id, MAC mode and latest head. */
export interface RecordedHead {
  logId: string;
  mac: 'sha256' | 'hmac-sha256';
  seq: number;
  hash: string;
}

export interface VerifyProblem {
  kind: ProblemKind;
  file: string;
  /** 1-based line in `file` (0 when the problem is about a whole file). */
  line: number;
  seq?: number;
  message: string;
}

export interface VerifyWarning {
  kind: 'torn-tail' | 'recovered' | 'partial';
  file: string;
  line: number;
  message: string;
}

export interface VerifyReport {
  ok: boolean;
  files: number;
  entries: number;
  logId?: string;
  head?: { seq: number; hash: string; file: string };
  problem?: VerifyProblem;
  warnings: VerifyWarning[];
}

export interface VerifyOptions {
  /** HMAC key the log was written with (required when the anchor says hmac-sha256). */
  key?: string;
  /** Head kept outside the log (e.g. extension state): detects whole entries cut from the end. */
  expectedHead?: { seq: number; hash: string };
  /**
   * The head recorded outside the log: the log must carry the same id and MAC mode and contain this
   * entry (it may have grown past it). Catches a keyless rewrite of an HMAC log, a cut tail and a
   * wholesale replacement, none of which the chain alone can show.
   */
  recordedHead?: RecordedHead;
  /** Verifying one rotated file on its own: it may start with a continuation instead of the anchor. */
  allowContinuationStart?: boolean;
}

export class ChainVerifier {
  private files = 0;
  private entries = 0;
  private last: { seq: number; hash: string; file: string } | undefined;
  private file = '';
  private lineInFile = 0;
  private logId: string | undefined;
  private problem: VerifyProblem | undefined;
  private readonly warnings: VerifyWarning[] = [];

  constructor(private readonly options: VerifyOptions = {}) {}

  get failed(): boolean {
    return this.problem !== undefined;
  }

  startFile(name: string): void {
    if (this.problem) return;
    const index = auditFileIndex(name);
    const previousIndex = this.file === '' ? undefined : auditFileIndex(this.file);
    if (index !== undefined && previousIndex !== undefined && index !== previousIndex + 1) {
      this.fail('missing-file', name, 0, undefined, `${auditFileName(previousIndex + 1)} is missing between ${this.file} and ${name}`);
    }
    this.file = name;
    this.files++;
    this.lineInFile = 0;
  }

  /** One line of the current file; `terminated` is false only for a final line with no newline. */
  line(text: string, terminated = true): void {
    if (this.problem) return;
    this.lineInFile++;
    if (!terminated) {
      this.warnings.push({ kind: 'torn-tail', file: this.file, line: this.lineInFile, message: `torn last line (${text.length} chars, no newline): an unacknowledged write interrupted by a crash` });
      return;
    }
    if (text.length === 0) return this.fail('malformed', this.file, this.lineInFile, undefined, 'empty line inside the log');
    const record = this.parse(text);
    if (record) this.check(record, text);
  }

  finish(): VerifyReport {
    if (!this.problem && this.entries === 0) this.fail('empty', this.file, 0, undefined, 'no audit entries found');
    const expected = this.options.expectedHead;
    if (!this.problem && expected && this.last && (this.last.seq !== expected.seq || this.last.hash !== expected.hash)) {
      this.fail('head-mismatch', this.last.file, this.lineInFile, this.last.seq, `log ends at seq ${this.last.seq} but the recorded head is seq ${expected.seq}: entries were cut from the end or rewritten`);
    }
    const recorded = this.options.recordedHead;
    if (!this.problem && recorded && this.last && this.last.seq < recorded.seq) {
      this.fail('head-mismatch', this.last.file, this.lineInFile, this.last.seq, `log ends at seq ${this.last.seq} but the recorded head is seq ${recorded.seq}: entries were cut from the end`);
    }
    if (recorded && this.problem?.kind === 'empty') {
      this.problem = { ...this.problem, kind: 'replaced', message: `no audit entries found, but a log ${recorded.logId} up to seq ${recorded.seq} was recorded here: it was deleted` };
    }
    return {
      ok: this.problem === undefined, files: this.files, entries: this.entries, logId: this.logId,
      head: this.last, problem: this.problem, warnings: this.warnings,
    };
  }

  private parse(text: string): AuditRecord | undefined {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      this.fail('malformed', this.file, this.lineInFile, undefined, 'line is not valid JSON');
      return undefined;
    }
    const problem = recordProblem(json);
    if (problem !== undefined) {
      const seq = typeof (json as { seq?: unknown })?.seq === 'number' ? (json as { seq: number }).seq : undefined;
      this.fail('malformed', this.file, this.lineInFile, seq, `line is not an audit record (${problem})`);
      return undefined;
    }
    return json as AuditRecord;
  }

  private check(record: AuditRecord, text: string): void {
    const { file, lineInFile: line } = this;
    if (this.last === undefined && this.options.allowContinuationStart && record.operation === CHAIN_OPERATIONS.continuation) {
      this.warnings.push({ kind: 'partial', file, line, message: `verified from a continuation of ${record.target}; earlier files were not checked` });
    } else if (this.last === undefined) {
      if (record.operation !== CHAIN_OPERATIONS.anchor || record.seq !== 0 || record.prevHash !== GENESIS_HASH) {
        const what = record.operation === CHAIN_OPERATIONS.continuation ? `a continuation of ${record.target}, which is missing` : `seq ${record.seq}`;
        return this.fail('missing-anchor', file, line, record.seq, `the log does not start with its anchor record but with ${what}: the first entries or files were deleted`);
      }
      const recorded = this.options.recordedHead;
      const mac = record.details?.mac === 'hmac-sha256' ? 'hmac-sha256' : 'sha256';
      if (recorded && recorded.mac !== mac) {
        return this.fail('downgraded', file, line, record.seq, `the log was created with ${recorded.mac} but its anchor now says ${mac}: it was rewritten without the key`);
      }
      if (recorded && recorded.logId !== record.target) {
        return this.fail('replaced', file, line, record.seq, `the log id is ${record.target} but the recorded log is ${recorded.logId}: the whole log was replaced`);
      }
      if (record.details?.mac === 'hmac-sha256' && this.options.key === undefined) {
        return this.fail('modified', file, line, record.seq, 'this log is HMAC-protected; verifying it needs the key');
      }
      this.logId = record.target;
    } else if (line === 1 && (record.operation !== CHAIN_OPERATIONS.continuation || record.target !== this.last.file)) {
      return this.fail('broken-link', file, line, record.seq, `${file} does not start with a continuation of ${this.last.file}`);
    }
    if (hashBody(bodyOfLine(text, record.hash), this.options.key) !== record.hash) {
      return this.fail('modified', file, line, record.seq, `entry seq ${record.seq} was modified (its hash does not match its content)`);
    }
    if (this.last !== undefined) {
      const expected = this.last.seq + 1;
      if (record.seq > expected) return this.fail('deleted', file, line, record.seq, `expected seq ${expected} but found ${record.seq}: ${record.seq - expected} entr${record.seq - expected === 1 ? 'y was' : 'ies were'} deleted (or entries reordered)`);
      if (record.seq < expected) return this.fail('inserted', file, line, record.seq, `found seq ${record.seq} after seq ${this.last.seq}: an entry was inserted, duplicated or moved`);
      if (record.prevHash !== this.last.hash) return this.fail('broken-link', file, line, record.seq, `entry seq ${record.seq} does not link to the entry before it: an entry was replaced or inserted`);
    }
    const recorded = this.options.recordedHead;
    if (recorded && record.seq === recorded.seq && record.hash !== recorded.hash) {
      return this.fail('head-mismatch', file, line, record.seq, `entry seq ${record.seq} differs from the recorded head: the log was rewritten from there on`);
    }
    if (record.operation === CHAIN_OPERATIONS.recovery) {
      this.warnings.push({ kind: 'recovered', file, line, message: record.reason ?? 'the writer recovered from a crash here' });
    }
    this.entries++;
    this.last = { seq: record.seq, hash: record.hash, file };
  }

  private fail(kind: ProblemKind, file: string, line: number, seq: number | undefined, message: string): void {
    this.problem ??= { kind, file, line, ...(seq !== undefined ? { seq } : {}), message };
  }
}
