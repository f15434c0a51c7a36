/**
 * The engine's verdicts. A decision is data, never an exception: every check returns a Decision,
 * and anything the engine cannot fully understand becomes `ask` or `deny`, never `allow`.
 */

/** Ordered from most to least permissive; the strictest verdict wins when several apply. */
export type Verdict = 'allow' | 'ask' | 'deny';
export const VERDICT_ORDER: readonly Verdict[] = ['allow', 'ask', 'deny'];

/** Ordered from least to most dangerous. `critical` always needs a human, whatever the approval mode. */
export type Risk = 'low' | 'medium' | 'high' | 'critical';
export const RISK_ORDER: readonly Risk[] = ['low', 'medium', 'high', 'critical'];

/** Where a rule came from. `builtin` is the engine's own protection (protected paths, obfuscation...). */
export type RuleSource = 'builtin' | 'defaults' | 'user' | 'workspace' | 'managed';

/** One rule that contributed to a decision, so a developer can see why. */
export interface RuleMatch {
  source: RuleSource;
  /** Stable id of the rule (policy rule id, or e.g. `builtin:protected-path:secrets`). */
  ruleId: string;
  effect: Verdict;
  /** Plain-words explanation, safe to show to the agent and the developer (never contains secrets). */
  description: string;
}

/** The verdict for one simple command inside a command line (`a && b` has two). */
export interface SubcommandDecision {
  /** The command as the engine understood it (argv joined, after unwrapping `sudo`, `env`...). */
  command: string;
  decision: Verdict;
  risk: Risk;
  reasons: string[];
}

export interface Decision {
  decision: Verdict;
  risk: Risk;
  /** Plain-words reasons, most important first. Never empty for ask/deny. */
  reasons: string[];
  matchedRules: RuleMatch[];
  /** Per simple command, for command checks; empty for path checks. */
  subcommands: SubcommandDecision[];
}

export function strictestVerdict(a: Verdict, b: Verdict): Verdict {
  return VERDICT_ORDER.indexOf(a) >= VERDICT_ORDER.indexOf(b) ? a : b;
}

export function highestRisk(a: Risk, b: Risk): Risk {
  return RISK_ORDER.indexOf(a) >= RISK_ORDER.indexOf(b) ? a : b;
}
