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
