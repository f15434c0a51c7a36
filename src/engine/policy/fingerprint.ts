/**
 * A stable fingerprint of the effective policy: SHA-256 of its canonical JSON (object keys sorted), so
 * two machines that enforce the same rules print the same value whatever order or files they came from.
 * The list of layer origins (file paths) is left out: it differs per machine and changes no decision.
 */
import { createHash } from 'node:crypto';
import type { EffectivePolicy } from './merge';

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.keys(value).sort().filter((key) => (value as Record<string, unknown>)[key] !== undefined)
      .map((key) => [key, canonical((value as Record<string, unknown>)[key])]));
  }
  return value;
}

/** `sha256:` and 16 bytes of hex: short enough for every audit entry, long enough to tell policies apart. */
export function policyFingerprint(policy: EffectivePolicy): string {
  const { layers: _origins, ...decisive } = policy;
  return `sha256:${createHash('sha256').update(JSON.stringify(canonical(decisive))).digest('hex').slice(0, 32)}`;
}
