/**
 * Taint: what untrusted content an agent session has read, and which operations become riskier because
 * of it. Labels are short and safe to show (a URL host, a path); never content, never a secret value.
 */

/** Where untrusted content came from. Policy `taint.sources` picks which of these count. */
export const TAINT_SOURCE_KINDS = ['flagged', 'web-fetch', 'issue-text', 'outside-workspace', 'network-output'] as const;
export type TaintSourceKind = (typeof TAINT_SOURCE_KINDS)[number];

/** One untrusted read, as recorded for a session. */
export interface TaintSource {
  kind: TaintSourceKind;
  /** e.g. `github.com`, `docs/issue-42.md`; at most LABEL_MAX characters. */
  label: string;
  /** When it was read (ms since epoch, from the injected clock). */
  at: number;
}

export const LABEL_MAX = 120;

/** The longest taint window a policy may set (and how long the tracker keeps anything). */
export const MAX_WINDOW_MINUTES = 24 * 60;

/** The "lethal trifecta" classes an operation can fall into while its session is tainted. */
export type TaintClass = 'exfiltration' | 'agent-settings' | 'downloaded-code';

/** The effective policy's taint section (src/engine/policy/merge.ts). */
export interface TaintSettings {
  enabled: boolean;
  /** How long an untrusted read keeps its session tainted. */
  windowMinutes: number;
  sources: readonly TaintSourceKind[];
}

/**
 * What an operation touches that matters for taint, derived from the engine's own command analysis and
 * protected-path lists (src/engine/taint/exposure.ts). Paths are normalised; hosts lower-cased.
 */
export interface Exposure {
  /** Credential files it reads (the built-in `secrets.credentials` globs, whatever the policy's switches). */
  credentials: string[];
  /** Hosts it talks to; '' for a host the analyzer could not name. */
  egress: string[];
  /** Agent, editor or approval settings it changes (the built-in agent-config globs). */
  settings: string[];
  /** Files it runs as programs or scripts. */
  executes: string[];
  /** Files written by a command that also downloads (`curl -o x.sh https://…`). */
  downloads: string[];
  /** Downloaded content piped into a shell (`curl … | sh`, `bash -c "$(curl …)"`). */
  pipesDownloadToShell: boolean;
  /** Untrusted content this operation brings into the session, if it runs. */
  brings: Omit<TaintSource, 'at'>[];
}

export const NO_EXPOSURE: Exposure = { credentials: [], egress: [], settings: [], executes: [], downloads: [], pipesDownloadToShell: false, brings: [] };

/** Why a decision was raised: the classes it fell into and the session's active sources (newest first). */
export interface TaintRaise {
  classes: TaintClass[];
  sources: TaintSource[];
  /** Plain words, first in the decision's reasons. */
  reason: string;
}
