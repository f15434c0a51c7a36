/**
 * The audit tab's pure parts: filter text → engine query, and CSV export. Unit-tested in plain node.
 */
import type { AuditRecord } from '../engine/audit/auditEntry';
import { isAuditResult, parseTimeBound, type AuditQuery } from '../engine/audit/query';
import type { AuditFilter } from './panelMessages';

/** Turns the panel's filter text into an engine query; an unparseable bound is an error, not "all". */
export function auditQueryFromFilter(filter: AuditFilter, now: number): { ok: true; query: AuditQuery } | { ok: false; message: string } {
  const query: AuditQuery = { newestFirst: true };
  const since = filter.since?.trim();
  if (since) {
    const bound = parseTimeBound(since, now);
    if (bound === undefined) return { ok: false, message: `"${since}" is not a time: use 15m, 2h, 7d or a date like 2026-01-31` };
    query.since = bound;
  }
  const result = filter.result?.trim();
  if (result) {
    if (!isAuditResult(result)) return { ok: false, message: `"${result}" is not an audit result` };
    query.results = [result];
  }
  if (filter.agent?.trim()) query.agent = filter.agent.trim();
  if (filter.operation?.trim()) query.operation = filter.operation.trim();
  return { ok: true, query };
}

const CSV_COLUMNS = ['seq', 'time', 'agent', 'operation', 'target', 'result', 'rule', 'reason', 'source', 'hash'] as const;

/** RFC 4180 quoting; a leading = + - @ is prefixed with ' so a spreadsheet never runs it as a formula. */
export function toCsv(records: readonly AuditRecord[]): string {
  const cell = (value: unknown) => {
    let text = value === undefined ? '' : String(value);
    if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
    return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return [CSV_COLUMNS.join(','), ...records.map((r) => CSV_COLUMNS.map((c) => cell(r[c])).join(','))].join('\r\n') + '\r\n';
}
