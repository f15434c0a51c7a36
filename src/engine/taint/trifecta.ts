/**
 * The "lethal trifecta" under taint: a session that read untrusted content asks before it (1) sends data
 * out while it can read credentials, (2) changes agent or approval settings, or (3) runs downloaded
 * content. Such an operation becomes `ask` with the reason in plain words; a `deny` stays a deny.
 */
import { highestRisk, type Decision } from '../decision';
import type { Exposure, TaintClass, TaintRaise, TaintSource } from './types';

/** What the session did earlier that completes a trifecta with the operation at hand. */
export interface SessionHistory {
  credentialsRead: readonly string[];
  downloaded: readonly string[];
}

export interface Classified {
  classes: TaintClass[];
  /** One plain-words clause per class, e.g. "it sends data to example.com and read .env". */
  clauses: string[];
}

const list = (items: readonly string[], label: (item: string) => string): string => {
  const unique = [...new Set(items.map(label))];
  return unique.length <= 2 ? unique.join(' and ') : `${unique.slice(0, 2).join(', ')} and ${unique.length - 2} more`;
};

export function classifyExposure(exposure: Exposure, history: SessionHistory, label: (path: string) => string): Classified {
  const classes: TaintClass[] = [];
  const clauses: string[] = [];
  const hosts = list(exposure.egress, (h) => (h === '' ? 'a host it does not name' : h));
  const credentials = [...exposure.credentials, ...history.credentialsRead];
  if (exposure.egress.length > 0 && credentials.length > 0) {
    classes.push('exfiltration');
    const when = exposure.credentials.length > 0 ? 'with' : 'after reading';
    clauses.push(`it sends data to ${hosts} ${when} the credential file ${list(credentials, label)}`);
  }
  if (exposure.settings.length > 0) {
    classes.push('agent-settings');
    clauses.push(`it changes agent or approval settings (${list(exposure.settings, label)})`);
  }
  const downloads = new Set([...exposure.downloads, ...history.downloaded]);
  const runsDownload = exposure.executes.filter((path) => downloads.has(path));
  if (exposure.pipesDownloadToShell || runsDownload.length > 0) {
    classes.push('downloaded-code');
    clauses.push(runsDownload.length > 0 ? `it runs ${list(runsDownload, label)}, which was downloaded` : `it runs content downloaded from ${hosts}`);
  }
  return { classes, clauses };
}

const SOURCE_PHRASES: Record<TaintSource['kind'], (label: string) => string> = {
  flagged: (label) => `flagged content (a possible prompt injection) from ${label}`,
  'web-fetch': (label) => `content fetched from ${label}`,
  'issue-text': (label) => `issue or pull-request text from ${label}`,
  'outside-workspace': (label) => `the file ${label} from outside the workspace`,
  'network-output': (label) => `the output of a network command (${label})`,
};

/** `just now`, `40 seconds ago`, `2 minutes ago`, `3 hours ago`. */
export function describeAge(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 5) return 'just now';
  if (seconds < 60) return `${seconds} seconds ago`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 120) return minutes === 1 ? '1 minute ago' : `${minutes} minutes ago`;
  return `${Math.round(minutes / 60)} hours ago`;
}

/** e.g. `flagged content (a possible prompt injection) from docs/issue-42.md`, without the age. */
export function describeSourceKind(source: Pick<TaintSource, 'kind' | 'label'>): string {
  return SOURCE_PHRASES[source.kind](source.label);
}

export function describeSource(source: TaintSource, now: number): string {
  return `${describeSourceKind(source)} ${describeAge(now - source.at)}`;
}

/** The reason shown to agent and developer; `sources` newest first and non-empty. */
export function taintReason(sources: readonly TaintSource[], classified: Classified, now: number): string {
  const [newest] = sources;
  const more = sources.length > 1 ? ` (and ${sources.length - 1} other untrusted read${sources.length > 2 ? 's' : ''})` : '';
  const read = newest ? `this agent read ${describeSource(newest, now)}${more}` : 'this agent read untrusted content';
  return `${read}, and ${classified.clauses.join('; ')}: a developer must approve it`;
}

/** Raises allow/ask to ask (risk at least high) with the taint reason first; never loosens a deny. */
export function raiseDecision(decision: Decision, raise: TaintRaise): Decision {
  if (decision.decision === 'deny') return decision;
  const rules = raise.classes.map((cls) => ({ source: 'builtin' as const, ruleId: `builtin:taint:${cls}`, effect: 'ask' as const, description: raise.reason }));
  return {
    ...decision,
    decision: 'ask',
    risk: highestRisk(decision.risk, 'high'),
    reasons: [raise.reason, ...(decision.decision === 'ask' ? decision.reasons : [])],
    matchedRules: [...decision.matchedRules, ...rules],
  };
}
