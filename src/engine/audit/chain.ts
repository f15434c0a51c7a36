/**
 * Canonical serialisation and hashing of audit records. The hash covers every field but `hash`, in a
 * fixed key order (details keys sorted), so the same record always hashes the same whatever produced it.
 * With a key the hash is an HMAC: then nobody without the key can rewrite the chain consistently.
 */
import { createHash, createHmac } from 'node:crypto';
import type { AuditDetails, AuditRecord } from './auditEntry';

export type UnhashedRecord = Omit<AuditRecord, 'hash'>;

function sortedDetails(details: AuditDetails): AuditDetails {
  const out: AuditDetails = {};
  for (const key of Object.keys(details).sort()) out[key] = details[key] ?? null;
  return out;
}

/** The exact text that is hashed. Optional fields are left out when absent. */
export function canonicalBody(record: UnhashedRecord): string {
  const ordered: Record<string, unknown> = {
    seq: record.seq,
    time: record.time,
    agent: record.agent,
    operation: record.operation,
    target: record.target,
    result: record.result,
  };
  if (record.rule !== undefined) ordered.rule = record.rule;
  if (record.reason !== undefined) ordered.reason = record.reason;
  ordered.source = record.source;
  if (record.details !== undefined) ordered.details = sortedDetails(record.details);
  ordered.prevHash = record.prevHash;
  return JSON.stringify(ordered);
}

export function hashBody(body: string, key?: string): string {
  return key === undefined ? createHash('sha256').update(body).digest('hex') : createHmac('sha256', key).update(body).digest('hex');
}

/** The JSON line (without newline) for a record: the canonical body with the hash as last field. */
export function sealRecord(record: UnhashedRecord, key?: string): { record: AuditRecord; line: string } {
  const body = canonicalBody(record);
  const hash = hashBody(body, key);
  return { record: { ...record, hash }, line: `${body.slice(0, -1)},"hash":"${hash}"}` };
}

/** UTF-8 byte length without allocating, for rotation accounting. */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

export function auditFileName(index: number): string {
  return `audit-${String(index).padStart(6, '0')}.jsonl`;
}

export function auditFileIndex(name: string): number | undefined {
  const match = /^audit-(\d{6,})\.jsonl$/.exec(name);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}
