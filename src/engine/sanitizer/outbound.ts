/**
 * Outbound scan: content coming from an agent (commands, file edits, messages) checked for secret leaks.
 * Three detectors: provider token formats, high-entropy values assigned to secret-looking names, and
 * exact vault values in their common encodings.
 */
import { characterClasses, shannonEntropy } from './entropy';
import { sortFindings, type Finding } from './finding';
import { AnchoredMatcher } from './anchored';
import { isPlaceholder, SECRET_PATTERNS } from './secretPatterns';
import { vaultForms } from './vaultForms';

export interface OutboundOptions {
  /** Exact secret values from the vault (never logged; only searched for). */
  vaultValues?: readonly string[];
}

// A secret-looking name, then an assignment, then a value. The name keyword is matched first so the
// regex engine can skip ahead; the value is judged in code (entropy, placeholders, references).
const ASSIGNMENT = /(?:secret|token|passw(?:or)?d|passwd|pwd|api[_-]?key|apikey|access[_-]?key|private[_-]?key|credentials?|signing[_-]?key|auth(?![a-z]))[A-Za-z0-9_.-]{0,30}["'\]]?\s{0,3}(?::=|=>|[:=])\s{0,3}["'`]?([^\s"'`;,(){}[\]<>]{12,256})(?![^\s"'`;,(){}[\]<>]|\()/gi;
const BEARER = /(?<![A-Za-z0-9])bearer\s{1,3}([A-Za-z0-9_\-.=+/~]{20,2048})(?![A-Za-z0-9_\-.=+/~])/gi;
// References to where a secret lives, and URLs (a password inside a URL is the connection-string rule's job).
const REFERENCE = /^(?:process\.|env\.|os\.|self\.|this\.|config\.|settings\.|import\.|window\.|\$|[!&|~=<>]|[a-z][a-z0-9+.-]{0,20}:\/\/)/i;
const CODE_NAME = /^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+$|^[A-Za-z_$][A-Za-z_$-]*\d{0,3}$|^[A-Za-z]+(?:[/._:-][A-Za-z]+)+$|^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/;

/** `t.tokens.length-1`, `result.groups?.password`: an expression starting with a member access. */
const MEMBER_ACCESS = /^[A-Za-z_$][\w$]{0,40}\??\.[A-Za-z_$]/;
const WORD_RUN = /[a-z]{4,}/g;

/**
 * Identifiers made of words (`oauth2AuthenticationPolicy`) rather than random characters: in a random
 * base62 token, runs of 4+ lower-case letters are rare, in names they cover most of the text.
 */
function mostlyWords(value: string): boolean {
  let covered = 0;
  for (const run of value.match(WORD_RUN) ?? []) covered += run.length;
  return covered / value.length >= 0.5;
}

/** A value that looks generated rather than written by a person. */
export function looksRandom(value: string): boolean {
  if (isPlaceholder(value) || REFERENCE.test(value)) return false;
  // Identifiers and member accesses (`tokenValue = scanner.nextToken2`) are code, not secrets; generated
  // tokens of this length almost always mix in digits.
  if (CODE_NAME.test(value) || MEMBER_ACCESS.test(value) || mostlyWords(value) || /&&|\|\|/.test(value)) return false;
  const entropy = shannonEntropy(value);
  return characterClasses(value) >= 2 && entropy >= (value.length >= 20 ? 3.5 : 3.2);
}

interface Detector {
  kind: string;
  severity: Finding['severity'];
  group: number;
  accept?: (secret: string, match: string) => boolean;
}

const DETECTORS: Detector[] = [
  ...SECRET_PATTERNS.map((p) => ({ kind: p.kind, severity: p.severity, group: p.group ?? 0, accept: p.accept })),
  { kind: 'secret-assignment', severity: 'high', group: 1, accept: looksRandom },
  { kind: 'bearer-token', severity: 'high', group: 1, accept: looksRandom },
];

const MATCHER = new AnchoredMatcher([
  ...SECRET_PATTERNS,
  { regex: ASSIGNMENT, lead: 0, caseless: true, anchors: ['secret', 'token', 'passw', 'pwd', 'api', 'access', 'private', 'credential', 'signing', 'auth'] },
  { regex: BEARER, lead: 0, caseless: true, anchors: ['bearer'] },
]);

function scanFormats(text: string, findings: Finding[]): void {
  for (const { pattern, start, match } of MATCHER.matchAll(text)) {
    const detector = DETECTORS[pattern];
    const secret = detector ? match[detector.group] : undefined;
    if (!detector || secret === undefined || secret.length === 0) continue;
    if (detector.accept && !detector.accept(secret, match[0])) continue;
    const at = start + (detector.group === 0 ? 0 : match[0].lastIndexOf(secret));
    findings.push({ category: 'secret', severity: detector.severity, start: at, end: at + secret.length, kind: detector.kind });
  }
}

function scanVault(text: string, values: readonly string[], findings: Finding[]): void {
  for (const value of values) {
    for (const { form, encoding } of vaultForms(value)) {
      for (let at = text.indexOf(form); at !== -1; at = text.indexOf(form, at + form.length)) {
        findings.push({ category: 'vault-value', severity: 'critical', start: at, end: at + form.length, kind: encoding === 'raw' ? 'vault-value' : `vault-value-${encoding}` });
      }
    }
  }
}

/** Drops findings wholly inside another finding (a JWT inside a bearer header is reported once). */
function dropContained(findings: Finding[]): Finding[] {
  const sorted = sortFindings(findings);
  const kept: Finding[] = [];
  let reach = -1;
  for (const finding of sorted) {
    if (finding.end <= reach) continue;
    kept.push(finding);
    reach = Math.max(reach, finding.end);
  }
  return kept;
}

export function scanOutbound(text: string, options: OutboundOptions = {}): Finding[] {
  const findings: Finding[] = [];
  if (options.vaultValues && options.vaultValues.length > 0) scanVault(text, options.vaultValues, findings);
  scanFormats(text, findings);
  return dropContained(findings);
}
