/**
 * Audit records as RFC 5424 syslog messages, pure: the human-readable export line, the forwarded line a
 * collector can check (its message is the record exactly as stored, so the collector can recompute each
 * hash and follow the chain), RFC 6587 octet-counted framing for TCP/TLS, and the collector-side check
 * of a file of forwarded lines (`agent-guard audit verify --syslog FILE`).
 */
import { canonicalBody, hashBody, utf8Length } from './chain';
import type { AuditRecord, AuditResult } from './auditEntry';
import { recordProblem } from './validate';

/** RFC 5424 severity per result: what a SIEM should page on. */
const SEVERITY: Record<AuditResult, number> = {
  allowed: 6, asked: 6, approved: 6, executed: 6, recorded: 6, resumed: 5, reviewed: 6, vault: 5,
  'policy-changed': 5, rejected: 5, denied: 4, failed: 4, anomaly: 4, paused: 2,
};

/** Facility 13: log audit. */
const FACILITY = 13;
const ENTERPRISE_ID = 'agentguard@32473';

function sdEscape(value: string): string {
  return value.replace(/[\\"\]]/g, (c) => `\\${c}`);
}

function printableAscii(value: string, max: number): string {
  const cleaned = value.replace(/[^\x21-\x7e]/g, '_').slice(0, max);
  return cleaned.length === 0 ? '-' : cleaned;
}

function header(record: AuditRecord, hostname: string): string {
  return `<${FACILITY * 8 + SEVERITY[record.result]}>1 ${record.time} ${printableAscii(hostname, 255)} agent-guard - ${printableAscii(record.result, 32)}`;
}

function structuredData(params: Array<[string, string | undefined]>): string {
  return `[${ENTERPRISE_ID}${params.filter(([, v]) => v !== undefined).map(([k, v]) => ` ${k}="${sdEscape(v ?? '')}"`).join('')}]`;
}

/** One RFC 5424 line for people: `<PRI>1 TIME HOST APP PROCID MSGID [SD] MSG`. */
export function toSyslogLine(record: AuditRecord, hostname = '-'): string {
  const sd = structuredData([
    ['seq', String(record.seq)], ['agent', record.agent], ['operation', record.operation], ['result', record.result],
    ['source', record.source], ['rule', record.rule], ['hash', record.hash],
  ]);
  const message = `${record.operation} ${record.target}${record.reason ? `: ${record.reason}` : ''}`.replace(/[\r\n]+/g, ' ');
  return `${header(record, hostname)} ${sd} ${message}`;
}

export interface ForwardContext {
  hostname: string;
  /** The id of the local log (its anchor record's target): one chain per machine and log. */
  logId: string;
}

/**
 * The forwarded message: structured data a SIEM can index (log id, seq, hash, previous hash, agent,
 * decision, rule ids, policy fingerprint when the entry carries one), and as MSG the record exactly as
 * the local log stores it (JSON, one line: JSON escapes every line break).
 */
export function toForwardedSyslog(record: AuditRecord, context: ForwardContext): string {
  const policy = record.details?.policyFingerprint;
  const sd = structuredData([
    ['log', context.logId], ['seq', String(record.seq)], ['hash', record.hash], ['prev', record.prevHash],
    ['agent', record.agent], ['result', record.result], ['rule', record.rule],
    ['policy', typeof policy === 'string' ? policy : undefined],
  ]);
  return `${header(record, context.hostname)} ${sd} ${JSON.stringify(record)}`;
}

/** RFC 6587 octet counting: `LENGTH SP MESSAGE`, LENGTH in bytes. */
export function frameOctetCounted(message: string): string {
  return `${utf8Length(message)} ${message}`;
}

export interface SyslogChainReport {
  ok: boolean;
  /** Per log id: entries seen (duplicates not counted), first and last seq. */
  logs: Array<{ logId: string; hostname: string; entries: number; firstSeq: number; lastSeq: number }>;
  /** Whole entries received more than once (at-least-once delivery); not an error. */
  duplicates: Array<{ logId: string; seq: number; line: number }>;
  /** Missing seq ranges: entries that never arrived. */
  gaps: Array<{ logId: string; fromSeq: number; toSeq: number; line: number }>;
  /** What cannot be explained by loss or duplication: a changed entry, a broken link, an unreadable line. */
  problems: Array<{ line: number; message: string }>;
}

const FORWARDED = /^<\d{1,3}>1 \S+ (\S+) agent-guard - \S+ \[agentguard@32473((?: [a-z]+="(?:[^"\\\]]|\\.)*")*)\] (\{.*\})$/;

interface LogState { hostname: string; bySeq: Map<number, string>; lastSeq: number; lastHash: string; entries: number; firstSeq: number }

function parseForwarded(line: string): { hostname: string; params: Map<string, string>; record: unknown } | string {
  const match = FORWARDED.exec(line);
  if (!match) return 'not a forwarded Agent Guard syslog line';
  const params = new Map<string, string>();
  for (const [, key, value] of (match[2] ?? '').matchAll(/ ([a-z]+)="((?:[^"\\\]]|\\.)*)"/g)) params.set(key ?? '', (value ?? '').replace(/\\(.)/g, '$1'));
  try {
    return { hostname: match[1] ?? '-', params, record: JSON.parse(match[3] ?? '') };
  } catch {
    return 'its message is not the JSON record';
  }
}

function macOfAnchor(record: AuditRecord): string | undefined {
  const mac = record.seq === 0 ? record.details?.mac : undefined;
  return typeof mac === 'string' ? mac : undefined;
}

/** Why `hash` is not the record's hash, or undefined when it is (or cannot be checked: an HMAC log and no key). */
function checkHash(unhashed: Omit<AuditRecord, 'hash'>, hash: string, key: string | undefined, mac: string | undefined): string | undefined {
  if (key === undefined && mac === 'hmac-sha256') return undefined;
  if (hashBody(canonicalBody(unhashed), key) === hash) return undefined;
  return key === undefined
    ? `seq ${unhashed.seq}: the hash does not match the record (changed, or an HMAC log: give its key)`
    : `seq ${unhashed.seq}: the hash does not match the record (changed, or another key)`;
}

/**
 * Checks forwarded lines in arrival order, per log: each record's hash is recomputed (with `key` for an
 * HMAC log; without it only the links are checked), each record must link to the previous one, the
 * structured data must agree with the record. A repeat of an entry already seen is a duplicate; a seq
 * beyond the next expected one is a gap.
 */
export function verifySyslogLines(lines: readonly string[], key?: string): SyslogChainReport {
  const report: SyslogChainReport = { ok: true, logs: [], duplicates: [], gaps: [], problems: [] };
  const logs = new Map<string, LogState>();
  /** What each log's anchor says its hashes are: an HMAC log's hashes can only be checked with its key. */
  const macOf = new Map<string, string | undefined>();
  lines.forEach((text, index) => {
    const line = index + 1;
    if (text.trim() === '') return;
    const parsed = parseForwarded(text);
    if (typeof parsed === 'string') return void report.problems.push({ line, message: parsed });
    const shape = recordProblem(parsed.record);
    if (shape) return void report.problems.push({ line, message: `not an audit record: ${shape}` });
    const record = parsed.record as AuditRecord;
    const logId = parsed.params.get('log') ?? '-';
    if (parsed.params.get('seq') !== String(record.seq) || parsed.params.get('hash') !== record.hash || parsed.params.get('prev') !== record.prevHash) {
      return void report.problems.push({ line, message: 'the structured data does not match the record' });
    }
    const { hash, ...unhashed } = record;
    const hashProblem = checkHash(unhashed, hash, key, macOf.get(logId) ?? macOfAnchor(record));
    if (hashProblem) return void report.problems.push({ line, message: hashProblem });
    if (record.seq === 0) macOf.set(logId, macOfAnchor(record));
    let log = logs.get(logId);
    if (!log) {
      log = { hostname: parsed.hostname, bySeq: new Map(), lastSeq: record.seq - 1, lastHash: record.prevHash, entries: 0, firstSeq: record.seq };
      logs.set(logId, log);
    }
    const seen = log.bySeq.get(record.seq);
    if (seen !== undefined) {
      if (seen === hash) report.duplicates.push({ logId, seq: record.seq, line });
      else report.problems.push({ line, message: `seq ${record.seq} of log ${logId} arrived twice with different contents` });
      return;
    }
    if (record.seq > log.lastSeq + 1) {
      report.gaps.push({ logId, fromSeq: log.lastSeq + 1, toSeq: record.seq - 1, line });
    } else if (record.seq < log.lastSeq + 1) {
      report.problems.push({ line, message: `seq ${record.seq} of log ${logId} arrived after seq ${log.lastSeq} (out of order)` });
      return;
    } else if (record.prevHash !== log.lastHash) {
      report.problems.push({ line, message: `seq ${record.seq} of log ${logId} does not link to seq ${log.lastSeq} (previous hash differs)` });
    }
    log.bySeq.set(record.seq, hash);
    log.lastSeq = record.seq;
    log.lastHash = hash;
    log.entries += 1;
  });
  for (const [logId, log] of logs) report.logs.push({ logId, hostname: log.hostname, entries: log.entries, firstSeq: log.firstSeq, lastSeq: log.lastSeq });
  report.ok = report.problems.length === 0 && report.gaps.length === 0;
  return report;
}
