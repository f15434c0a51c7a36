/**
 * Hand-written checks equivalent to the zod schemas in auditEntry.ts, for the two hot paths (append and
 * verify run per entry, 100k+ times; zod costs ~3 µs per record there). The unit tests hold both to the
 * same verdicts on valid and invalid samples. Boundaries (bridge, webview) keep using the zod schemas.
 */
import { AUDIT_RESULTS, AUDIT_SOURCES, type AuditEntryInput, type AuditRecord } from './auditEntry';

const RESULTS = new Set<string>(AUDIT_RESULTS);
const SOURCES = new Set<string>(AUDIT_SOURCES);
const RECORD_KEYS = new Set(['seq', 'time', 'agent', 'operation', 'target', 'result', 'rule', 'reason', 'source', 'details', 'prevHash', 'hash']);
const HASH = /^[0-9a-f]{64}$/;

function detailsProblem(details: unknown): string | undefined {
  if (typeof details !== 'object' || details === null || Array.isArray(details)) return 'details: expected an object';
  for (const [key, value] of Object.entries(details)) {
    if (key.length > 64) return `details.${key.slice(0, 20)}…: key too long`;
    if (value !== null && typeof value !== 'string' && typeof value !== 'boolean' && (typeof value !== 'number' || !Number.isFinite(value))) {
      return `details.${key}: expected string, number, boolean or null`;
    }
  }
  return undefined;
}

function commonProblem(o: Record<string, unknown>, nonEmptyNames: boolean): string | undefined {
  for (const key of ['agent', 'operation'] as const) {
    if (typeof o[key] !== 'string' || (nonEmptyNames && (o[key] as string).length === 0)) return `${key}: expected a${nonEmptyNames ? ' non-empty' : ''} string`;
  }
  if (typeof o.target !== 'string') return 'target: expected a string';
  if (typeof o.result !== 'string' || !RESULTS.has(o.result)) return 'result: not a known result';
  if (typeof o.source !== 'string' || !SOURCES.has(o.source)) return 'source: not a known source';
  for (const key of ['rule', 'reason'] as const) if (o[key] !== undefined && typeof o[key] !== 'string') return `${key}: expected a string`;
  return o.details === undefined ? undefined : detailsProblem(o.details);
}

/** Undefined when `value` is a valid AuditEntryInput, else the first problem in words. */
export function entryInputProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'expected an object';
  const o = value as Record<string, unknown>;
  if (o.time !== undefined) {
    const ok = typeof o.time === 'number' ? Number.isFinite(o.time) : typeof o.time === 'string' && !Number.isNaN(Date.parse(o.time));
    if (!ok) return 'time: not an ISO 8601 time or epoch ms';
  }
  return commonProblem(o, true);
}

/** Undefined when `value` is a valid AuditRecord (no unknown keys), else the first problem in words. */
export function recordProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'expected an object';
  const o = value as Record<string, unknown>;
  for (const key of Object.keys(o)) if (!RECORD_KEYS.has(key)) return `${key}: unknown field`;
  if (typeof o.seq !== 'number' || !Number.isSafeInteger(o.seq) || o.seq < 0) return 'seq: expected a whole number';
  if (typeof o.time !== 'string' || o.time.length === 0) return 'time: expected a string';
  if (typeof o.prevHash !== 'string' || !HASH.test(o.prevHash)) return 'prevHash: expected 64 hex digits';
  if (typeof o.hash !== 'string' || !HASH.test(o.hash)) return 'hash: expected 64 hex digits';
  return commonProblem(o, false);
}

export function isAuditRecord(value: unknown): value is AuditRecord {
  return recordProblem(value) === undefined;
}

export function isEntryInput(value: unknown): value is AuditEntryInput {
  return entryInputProblem(value) === undefined;
}
