/**
 * Provider token formats for the outbound scan. Every quantifier is bounded and every pattern that starts
 * with a token-class run is guarded by a lookbehind on the same class, so a match can only start at the
 * beginning of a run: the scan stays linear on adversarial input (long runs, repeated prefixes).
 * `anchors` are literal substrings (lower-case when `caseless`) of every match; the regex is tried only
 * near them (anchored.ts), which is what keeps ordinary source text fast.
 */
import type { FindingSeverity } from './finding';

export interface SecretPattern {
  kind: string;
  regex: RegExp;
  anchors: readonly string[];
  /** How far before its anchor a match can begin (see anchored.ts); 0 = matches begin at an anchor. */
  lead: number;
  /** Anchors are matched against the lower-cased text. */
  caseless?: boolean;
  severity: FindingSeverity;
  /** Capture group holding the secret itself (redaction covers only that); 0 = whole match. */
  group?: number;
  /** Extra check on the secret text (placeholders, entropy); `match` is the whole matched text. */
  accept?: (secret: string, match: string) => boolean;
}

const B = '(?<![A-Za-z0-9_\\-])';
const E = '(?![A-Za-z0-9_\\-])';
const re = (source: string, flags = 'g'): RegExp => new RegExp(source, flags);

/** Obvious stand-ins that docs and examples use instead of a real password. */
const PLACEHOLDER = /^(?:\$\{?[A-Za-z_]|\$\(|<[^>]*>$|\{\{|%[A-Za-z_]|\*+$|x+$|\.+$|(?:my|your|the|some)?_?(?:pass(?:word)?|secret|pwd|changeme|example|redacted|placeholder|dummy|test|token|foo|bar|baz|qux)s?$)/i;

export function isPlaceholder(value: string): boolean {
  return PLACEHOLDER.test(value);
}

export const SECRET_PATTERNS: readonly SecretPattern[] = [
  {
    // AWS documents its examples with keys ending in EXAMPLE; those are not secrets.
    kind: 'aws-access-key-id', regex: re(`${B}(?:AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}${E}`), anchors: ['AKIA', 'ASIA', 'ABIA', 'ACCA'], lead: 0, severity: 'high',
    accept: (secret) => !secret.endsWith('EXAMPLE'),
  },
  {
    kind: 'aws-secret-access-key', severity: 'critical', group: 1, caseless: true, anchors: ['aws'], lead: 0,
    regex: re(`(?<![A-Za-z0-9])aws[A-Za-z0-9_.\\-]{0,20}?(?:secret|sk)[A-Za-z0-9_.\\-]{0,20}?["']?\\s{0,3}[:=]{1,2}>?\\s{0,3}["']?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+])`, 'gi'),
  },
  { kind: 'gcp-api-key', regex: re(`${B}AIza[0-9A-Za-z_\\-]{35}${E}`), anchors: ['AIza'], lead: 0, severity: 'high' },
  { kind: 'gcp-oauth-token', regex: re(`${B}ya29\\.[0-9A-Za-z_\\-]{30,1024}${E}`), anchors: ['ya29.'], lead: 0, severity: 'high' },
  {
    kind: 'azure-storage-key', severity: 'critical', group: 1, anchors: ['AccountKey='], lead: 0,
    regex: re('AccountKey=([A-Za-z0-9+/]{86}==)'),
  },
  {
    kind: 'azure-sas-signature', severity: 'high', group: 1, anchors: ['sv='], lead: 1,
    regex: re('[?&]sv=\\d{4}-\\d\\d-\\d\\d[^\\s"\']{0,400}?[?&]sig=([A-Za-z0-9%+/=]{40,120})'),
  },
  { kind: 'github-token', regex: re(`${B}gh[pousr]_[A-Za-z0-9]{36,251}${E}`), anchors: ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_'], lead: 0, severity: 'critical' },
  { kind: 'github-fine-grained-token', regex: re(`${B}github_pat_[A-Za-z0-9_]{82}${E}`), anchors: ['github_pat_'], lead: 0, severity: 'critical' },
  { kind: 'gitlab-token', regex: re(`${B}gl(?:pat|dt|rt|cbt|ptt|oas)-[A-Za-z0-9_\\-]{20,64}${E}`), anchors: ['glpat-', 'gldt-', 'glrt-', 'glcbt-', 'glptt-', 'gloas-'], lead: 0, severity: 'critical' },
  { kind: 'slack-token', regex: re(`${B}xox[abposre]-[A-Za-z0-9\\-]{10,250}${E}`), anchors: ['xox'], lead: 0, severity: 'high' },
  {
    kind: 'slack-webhook', severity: 'high', anchors: ['hooks.slack.com'], lead: 8,
    regex: re('https://hooks\\.slack\\.com/(?:services|workflows)/T[A-Z0-9]{8,12}/[AB][A-Z0-9]{8,12}/[A-Za-z0-9]{20,40}'),
  },
  { kind: 'stripe-key', regex: re(`${B}(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{24,247}${E}`), anchors: ['sk_live_', 'sk_test_', 'rk_live_', 'rk_test_'], lead: 0, severity: 'critical' },
  { kind: 'stripe-webhook-secret', regex: re(`${B}whsec_[A-Za-z0-9]{32,64}${E}`), anchors: ['whsec_'], lead: 0, severity: 'high' },
  { kind: 'anthropic-key', regex: re(`${B}sk-ant-(?:api|admin)\\d{2}-[A-Za-z0-9_\\-]{80,120}${E}`), anchors: ['sk-ant-'], lead: 0, severity: 'critical' },
  {
    kind: 'openai-key', severity: 'critical', anchors: ['sk-'], lead: 0,
    regex: re(`${B}sk-(?:(?:proj|svcacct|admin)-[A-Za-z0-9_\\-]{40,250}|[A-Za-z0-9_\\-]{20,74}T3BlbkFJ[A-Za-z0-9_\\-]{20,74})${E}`),
  },
  { kind: 'huggingface-token', regex: re(`${B}hf_[A-Za-z]{34}${E}`), anchors: ['hf_'], lead: 0, severity: 'high' },
  { kind: 'npm-token', regex: re(`${B}npm_[A-Za-z0-9]{36}${E}`), anchors: ['npm_'], lead: 0, severity: 'critical' },
  {
    kind: 'npmrc-auth-token', severity: 'critical', group: 1, anchors: ['_authtoken', '_auth', '_password'], lead: 1, caseless: true,
    regex: re('(?:^|[:\\s])(?:_authToken|_auth|_password)\\s{0,3}=\\s{0,3}["\']?([A-Za-z0-9+/=_\\-.]{16,200})', 'gi'),
    accept: (secret) => !isPlaceholder(secret),
  },
  { kind: 'pypi-token', regex: re(`${B}pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_\\-]{50,250}${E}`), anchors: ['pypi-AgEIcHlwaS5vcmc'], lead: 0, severity: 'critical' },
  { kind: 'sendgrid-key', regex: re(`${B}SG\\.[A-Za-z0-9_\\-]{22}\\.[A-Za-z0-9_\\-]{43}${E}`), anchors: ['SG.'], lead: 0, severity: 'high' },
  { kind: 'twilio-key', regex: re(`${B}SK[0-9a-f]{32}${E}`), anchors: ['SK'], lead: 0, severity: 'medium' },
  { kind: 'digitalocean-token', regex: re(`${B}do[opr]_v1_[a-f0-9]{64}${E}`), anchors: ['dop_v1_', 'doo_v1_', 'dor_v1_'], lead: 0, severity: 'high' },
  { kind: 'shopify-token', regex: re(`${B}shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}${E}`), anchors: ['shpat_', 'shpca_', 'shppa_', 'shpss_'], lead: 0, severity: 'high' },
  {
    kind: 'private-key', severity: 'critical', anchors: ['-----BEGIN '], lead: 0,
    // A header followed by key material (base64, PEM headers, JSON-escaped newlines); a header that a doc
    // merely mentions ("should contain -----BEGIN PRIVATE KEY----- ...") is not a key.
    regex: re('-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP |SSH2 )?PRIVATE KEY(?: BLOCK)?-----(?:[A-Za-z0-9+/=\\s\\\\:,.]|-(?!----)){40,16384}(?:-----END [A-Z0-9 ]{0,20}PRIVATE KEY(?: BLOCK)?-----)?'),
  },
  {
    kind: 'jwt', severity: 'high', anchors: ['eyJ'], lead: 0,
    regex: re(`${B}eyJ[A-Za-z0-9_\\-]{8,4096}\\.eyJ[A-Za-z0-9_\\-]{8,8192}\\.[A-Za-z0-9_\\-]{16,1024}${E}`),
  },
  {
    // scheme://user:password@host — the password alone is the secret; the rest stays readable.
    kind: 'connection-string-password', severity: 'high', group: 1, anchors: ['://'], lead: 22,
    regex: re('(?<![A-Za-z0-9+.\\-])[A-Za-z][A-Za-z0-9+.\\-]{1,20}://[^\\s:/@\'"`<>]{0,128}:([^\\s/@\'"`<>]{3,128})@(?:[A-Za-z0-9\\-_]{1,63}\\.){0,8}[A-Za-z0-9\\-_\\[]{1,63}'),
    // Documentation hosts (RFC 2606: example.com/.org/.net) carry example credentials, not secrets.
    accept: (secret, match) => !isPlaceholder(secret) && !/@(?:[\w-]+\.)*example\.(?:com|org|net)$/i.test(match),
  },
  {
    kind: 'password-in-connection-string', severity: 'high', group: 1, caseless: true, anchors: ['password=', 'pwd='], lead: 1,
    regex: re('(?:^|[;\\s"\'])(?:password|pwd)=([^;\\s"\']{4,128})', 'gi'),
    accept: (secret) => !isPlaceholder(secret),
  },
];
