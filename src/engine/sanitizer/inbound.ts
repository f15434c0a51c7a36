/**
 * Inbound scan: content going to an agent (files read through Agent Guard, command output, fetched text)
 * checked for prompt injection. Findings carry category, severity and span; the caller decides per policy
 * whether to annotate, ask or block.
 *
 * Not crying wolf: a phrase that is quoted (in "...", '...', `...`, “...”) inside a passage that is
 * visibly *about* prompt injection (mentions attacks, examples, detection...) is treated as discussion
 * and not reported. Hidden text and encoded payloads are always reported: nobody discusses by hiding.
 */
import { MAX_FINDINGS_PER_KIND, sortFindings, type Finding } from './finding';
import { scanHiddenText } from './hiddenText';
import { AnchoredMatcher } from './anchored';
import { INJECTION_PATTERNS } from './injectionPatterns';
import { scanStructural } from './structural/detector';
import { decodePasses } from './decode';

import { isDiscussion } from './discussion';

const PHRASES = new AnchoredMatcher(INJECTION_PATTERNS.map((p) => ({
  regex: p.regex, lead: p.lead, caseless: true, ...(p.wordStart ? { anchors: [], wordAnchors: p.anchors } : { anchors: p.anchors }),
})));

export { MAX_FINDINGS_PER_KIND } from './finding';

function scanPhrases(text: string, out: Finding[], allowDiscussion: boolean): void {
  const perKind = new Map<string, number>();
  for (const { pattern, start: rawStart, end, match } of PHRASES.matchAll(text)) {
    const found = INJECTION_PATTERNS[pattern];
    if (!found) continue;
    const seen = perKind.get(found.kind) ?? 0;
    if (seen >= MAX_FINDINGS_PER_KIND) continue;
    perKind.set(found.kind, seen + 1);
    // Leading separators matched by line-anchored patterns are not part of the phrase.
    const start = rawStart + (match[0].length - match[0].trimStart().length);
    if (allowDiscussion && isDiscussion(text, start, end)) continue;
    const signals = [{ signal: 'override' as const, label: found.kind, start, end }];
    out.push({ category: found.category, severity: found.severity, start, end, kind: found.kind, explanation: { signals, reason: `matches the known injection phrasing "${found.kind}"` } });
  }
}

/** True when the text contains injection phrasing (used on decoded payloads and hidden passages). */
export function hasInjectionPhrase(text: string, unseen = false): boolean {
  const found: Finding[] = [];
  scanPhrases(text, found, false);
  return found.length > 0 || scanStructural(text, unseen).some((f) => f.severity !== 'low');
}

/** Why a decoded text was flagged: its own structural reason when there is one. */
function decodedReason(encoding: string, decoded: string): string {
  const inner = scanStructural(decoded, encoding === 'file-name')[0]?.explanation?.reason;
  return `decoded ${encoding} text ${inner ? `that ${inner}` : 'carries injection phrasing'}`;
}

function scanDecoded(text: string, out: Finding[]): void {
  for (const { encoding, start, end, text: decoded } of decodePasses(text)) {
    // A file name read as words was written for no human reader: naming the agent there speaks to it.
    if (!hasInjectionPhrase(decoded, encoding === 'file-name')) continue;
    const signals = [{ signal: 'position' as const, label: encoding, start, end }];
    out.push({ category: 'encoded-payload', severity: 'high', start, end, kind: `decoded-${encoding}`, explanation: { signals, reason: decodedReason(encoding, decoded) } });
  }
}

function mostlyPrintable(decoded: string): boolean {
  if (decoded.length === 0) return false;
  let printable = 0;
  for (let i = 0; i < decoded.length; i++) {
    const code = decoded.charCodeAt(i);
    if ((code >= 0x20 && code < 0x7f) || code === 0x0a || code === 0x0d || code === 0x09) printable++;
  }
  return printable / decoded.length >= 0.9;
}

function decodeBase64(blob: string): string | undefined {
  const clean = blob.replace(/=+$/, '');
  const padded = clean + '='.repeat((4 - (clean.length % 4)) % 4);
  try {
    return atob(padded);
  } catch {
    return undefined;
  }
}

function decodeHex(blob: string): string {
  let out = '';
  for (let i = 0; i + 1 < blob.length; i += 2) out += String.fromCharCode(parseInt(blob.slice(i, i + 2), 16));
  return out;
}

const MIN_BLOB = 32;
const MAX_BLOB = 8192;

/** Character classes of the base64 alphabet, as a lookup table for the run scanner. */
const BASE64_CHAR = new Uint8Array(128);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/') BASE64_CHAR[c.charCodeAt(0)] = 1;
const isHex = (blob: string): boolean => /^(?:[0-9A-Fa-f]{2})+$/.test(blob);

function checkBlob(text: string, start: number, end: number, out: Finding[]): void {
  const blob = text.slice(start, Math.min(end, start + MAX_BLOB));
  const hex = isHex(blob);
  const decoded = hex ? decodeHex(blob) : decodeBase64(blob);
  if (decoded !== undefined && mostlyPrintable(decoded) && hasInjectionPhrase(decoded)) {
    out.push({ category: 'encoded-payload', severity: 'high', start, end, kind: hex ? 'hex-instructions' : 'base64-instructions' });
  }
}

/**
 * One pass finds runs of base64 characters (hex is a subset) of at least MIN_BLOB characters, with
 * optional '=' padding; each run is decoded (its first MAX_BLOB characters) and checked for injection.
 */
function scanEncoded(text: string, out: Finding[]): void {
  let runStart = -1;
  for (let i = 0; i <= text.length; i++) {
    const code = i < text.length ? text.charCodeAt(i) : 0;
    if (code < 128 && BASE64_CHAR[code] === 1) {
      if (runStart < 0) runStart = i;
      continue;
    }
    if (runStart >= 0 && i - runStart >= MIN_BLOB) {
      let end = i;
      while (end < text.length && end - i < 2 && text.charCodeAt(end) === 61) end++; // '=' padding
      checkBlob(text, runStart, end, out);
    }
    runStart = -1;
  }
}

export function scanInbound(text: string): Finding[] {
  const findings: Finding[] = [];
  scanPhrases(text, findings, true);
  scanHiddenText(text, hasInjectionPhrase, findings);
  scanEncoded(text, findings);
  const phrases = findings.filter((f) => f.category !== 'hidden-text' && f.category !== 'encoded-payload');
  // Where a known phrase already names the span, it is the more precise finding; the sentence adds nothing.
  for (const finding of scanStructural(text)) {
    if (!phrases.some((p) => p.start < finding.end && finding.start < p.end)) findings.push(finding);
  }
  scanDecoded(text, findings);
  return sortFindings(capPerKind(findings));
}

/** Keeps the first MAX_FINDINGS_PER_KIND findings of each kind (hidden characters can number millions). */
function capPerKind(findings: Finding[]): Finding[] {
  const counts = new Map<string, number>();
  return findings.filter((f) => {
    const n = (counts.get(f.kind) ?? 0) + 1;
    counts.set(f.kind, n);
    return n <= MAX_FINDINGS_PER_KIND;
  });
}
