/**
 * Filtering and export formats for audit records, pure. The node side streams records through these
 * (src/node/audit/query.ts) so a query never holds the whole history in memory.
 */
import { AUDIT_RESULTS, type AuditRecord, type AuditResult } from './auditEntry';

export interface AuditQuery {
  /** Inclusive bounds, epoch ms. */
  since?: number;
  until?: number;
  results?: readonly AuditResult[];
  agent?: string;
  /** Exact operation, or a prefix when it ends with `*` (e.g. `vault.*`). */
  operation?: string;
  limit?: number;
  newestFirst?: boolean;
}

export function isAuditResult(value: string): value is AuditResult {
  return (AUDIT_RESULTS as readonly string[]).includes(value);
}

/** `2026-01-31`, ISO timestamps, epoch ms, or relative `15m` / `2h` / `7d` before `now`. */
export function parseTimeBound(text: string, now: number): number | undefined {
  const relative = /^(\d{1,6})([smhd])$/.exec(text.trim());
  if (relative) {
    const unit = { s: 1e3, m: 60e3, h: 3600e3, d: 86400e3 }[relative[2] as 's' | 'm' | 'h' | 'd'];
    return now - Number(relative[1]) * unit;
  }
  if (/^\d{10,}$/.test(text)) return Number(text);
  const parsed = Date.parse(text);
  return Number.isNaN(parsed) ? undefined : parsed;
}

export function matchesQuery(record: AuditRecord, query: AuditQuery): boolean {
  if (query.since !== undefined || query.until !== undefined) {
    const time = Date.parse(record.time);
    if (query.since !== undefined && time < query.since) return false;
    if (query.until !== undefined && time > query.until) return false;
  }
  if (query.results && query.results.length > 0 && !query.results.includes(record.result)) return false;
  if (query.agent !== undefined && record.agent !== query.agent) return false;
  if (query.operation !== undefined) {
    const op = query.operation;
    if (op.endsWith('*') ? !record.operation.startsWith(op.slice(0, -1)) : record.operation !== op) return false;
  }
  return true;
}

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

/** One RFC 5424 line: `<PRI>1 TIME HOST APP PROCID MSGID [SD] MSG`. */
export function toSyslogLine(record: AuditRecord, hostname = '-'): string {
  const pri = FACILITY * 8 + SEVERITY[record.result];
  const params: Array<[string, string | undefined]> = [
    ['seq', String(record.seq)], ['agent', record.agent], ['operation', record.operation], ['result', record.result],
    ['source', record.source], ['rule', record.rule], ['hash', record.hash],
  ];
  const sd = `[${ENTERPRISE_ID}${params.filter(([, v]) => v !== undefined).map(([k, v]) => ` ${k}="${sdEscape(v ?? '')}"`).join('')}]`;
  const message = `${record.operation} ${record.target}${record.reason ? `: ${record.reason}` : ''}`.replace(/[\r\n]+/g, ' ');
  return `<${pri}>1 ${record.time} ${printableAscii(hostname, 255)} agent-guard - ${printableAscii(record.result, 32)} ${sd} ${message}`;
}
