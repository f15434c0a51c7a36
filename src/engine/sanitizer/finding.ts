/**
 * What the sanitizer reports. A finding names a span of the scanned text and what it looks like; it never
 * carries the matched text itself, so findings can cross any boundary (webview, CLI, audit) without leaking.
 */

/**
 * Inbound findings are advice for a decision, so a flood of identical ones adds nothing: after this many
 * of one kind the rest are dropped (outbound findings are never capped, since they drive redaction).
 */
export const MAX_FINDINGS_PER_KIND = 100;

export type ScanDirection = 'inbound' | 'outbound';

/** Inbound categories are kinds of prompt injection; outbound ones are kinds of secret leak. */
export type FindingCategory =
  | 'instruction-override'
  | 'role-tag'
  | 'tool-spoofing'
  | 'credential-request'
  | 'jailbreak'
  | 'hidden-text'
  | 'encoded-payload'
  | 'secret'
  | 'vault-value';

export type FindingSeverity = 'low' | 'medium' | 'high' | 'critical';
export const SEVERITY_ORDER: readonly FindingSeverity[] = ['low', 'medium', 'high', 'critical'];

export interface Finding {
  category: FindingCategory;
  severity: FindingSeverity;
  /** UTF-16 offsets into the scanned text, end exclusive. */
  start: number;
  end: number;
  /** Stable machine name of the detector, e.g. `github-token`, `zero-width`, `ignore-previous`. */
  kind: string;
  /** Structural injection findings only: which signals fired, where, and a plain sentence saying why. */
  explanation?: FindingExplanation;
}

/** One signal of the structural detector. `label` is a fixed name (never matched text). */
export interface SignalHit {
  signal: 'addressee' | 'fake-voice' | 'order' | 'risk' | 'override' | 'concealment' | 'position';
  label: string;
  start: number;
  end: number;
}

export interface FindingExplanation {
  signals: SignalHit[];
  reason: string;
}

/** Sorts by position, then longer span first, so callers can walk findings in reading order. */
export function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort((a, b) => a.start - b.start || b.end - a.end);
}

export function highestSeverity(findings: readonly Finding[]): FindingSeverity | undefined {
  let best = -1;
  for (const finding of findings) best = Math.max(best, SEVERITY_ORDER.indexOf(finding.severity));
  return best < 0 ? undefined : SEVERITY_ORDER[best];
}
