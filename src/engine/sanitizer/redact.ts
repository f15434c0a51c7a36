/** Replaces each finding's span with `[REDACTED:<kind>]`; overlapping spans merge under the first kind. */
import { scanOutbound, type OutboundOptions } from './outbound';
import { sortFindings, type Finding } from './finding';

export function applyRedactions(text: string, findings: readonly Finding[]): string {
  const sorted = sortFindings([...findings]);
  let out = '';
  let cursor = 0;
  for (const finding of sorted) {
    if (finding.end <= cursor) continue;
    if (finding.start >= cursor) {
      out += text.slice(cursor, finding.start) + `[REDACTED:${finding.kind}]`;
    }
    cursor = Math.max(cursor, finding.end);
  }
  return out + text.slice(cursor);
}

/** Outbound scan + redaction in one call: what goes into logs, audit entries and the webview. */
export function redact(text: string, options: OutboundOptions = {}): string {
  const findings = scanOutbound(text, options);
  return findings.length === 0 ? text : applyRedactions(text, findings);
}
