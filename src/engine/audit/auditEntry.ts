/**
 * The audit entry: what every engineer writes (`AuditEntryInput`) and what lands in the log
 * (`AuditRecord`: the entry plus its place in the hash chain). Zod schemas validate records read back
 * from disk; unknown keys are rejected so nothing can be smuggled into a line without breaking it.
 */
import { z } from 'zod';

export const AUDIT_RESULTS = [
  'allowed', 'asked', 'denied', 'approved', 'rejected', 'executed', 'failed',
  'paused', 'resumed', 'anomaly', 'reviewed', 'vault', 'policy-changed', 'recorded',
] as const;
export type AuditResult = (typeof AUDIT_RESULTS)[number];

export const AUDIT_SOURCES = ['api', 'lm-tool', 'hook', 'terminal-watcher', 'file-watcher', 'ui', 'system', 'cli'] as const;
export type AuditSource = (typeof AUDIT_SOURCES)[number];

const detailValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);

/** Free-form but flat details; well-known keys: exitCode, durationMs, sandboxed, risk, anomalyId. */
export const auditDetailsSchema = z.record(z.string().max(64), detailValue);
export type AuditDetails = z.infer<typeof auditDetailsSchema>;

export const auditEntryInputSchema = z.object({
  /** Epoch ms or ISO 8601; the log's clock when omitted. */
  time: z.union([z.number().finite(), z.string().refine((text) => !Number.isNaN(Date.parse(text)), 'not an ISO 8601 time')]).optional(),
  agent: z.string().min(1),
  operation: z.string().min(1),
  target: z.string(),
  result: z.enum(AUDIT_RESULTS),
  rule: z.string().optional(),
  reason: z.string().optional(),
  source: z.enum(AUDIT_SOURCES),
  details: auditDetailsSchema.optional(),
});
export type AuditEntryInput = z.infer<typeof auditEntryInputSchema>;

const HASH = z.string().regex(/^[0-9a-f]{64}$/);

export const auditRecordSchema = z.strictObject({
  seq: z.number().int().nonnegative(),
  time: z.string().min(1),
  agent: z.string(),
  operation: z.string(),
  target: z.string(),
  result: z.enum(AUDIT_RESULTS),
  rule: z.string().optional(),
  reason: z.string().optional(),
  source: z.enum(AUDIT_SOURCES),
  details: auditDetailsSchema.optional(),
  prevHash: HASH,
  hash: HASH,
});
export type AuditRecord = z.infer<typeof auditRecordSchema>;

/** Operations the log writes about itself to keep the chain anchored and continuous. */
export const CHAIN_OPERATIONS = {
  anchor: 'audit.anchor',
  continuation: 'audit.continue',
  recovery: 'audit.recover',
} as const;

export const GENESIS_HASH = '0'.repeat(64);
export const GUARD_AGENT = 'agent-guard';
