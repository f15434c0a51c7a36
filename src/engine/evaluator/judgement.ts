/**
 * A Judgement accumulates what several checks said about one operation: strictest verdict, highest
 * risk, every reason and rule. `firm` marks asks that must reach a human even in `never` approval mode
 * or under the admin profile (built-in protections, things the analyzer could not understand).
 */
import { highestRisk, strictestVerdict, type Risk, type RuleMatch, type Verdict } from '../decision';

export interface Judgement {
  verdict: Verdict;
  risk: Risk;
  reasons: string[];
  rules: RuleMatch[];
  firm: boolean;
  /** Why things were allowed; shown only when the final verdict is allow. */
  allowNotes: string[];
}

export function emptyJudgement(): Judgement {
  return { verdict: 'allow', risk: 'low', reasons: [], rules: [], firm: false, allowNotes: [] };
}

export function addFinding(
  into: Judgement,
  finding: { verdict: Verdict; risk: Risk; reason: string; rule?: RuleMatch; firm?: boolean },
): void {
  into.verdict = strictestVerdict(into.verdict, finding.verdict);
  into.risk = highestRisk(into.risk, finding.risk);
  const list = finding.verdict === 'allow' ? into.allowNotes : into.reasons;
  if (finding.reason && !list.includes(finding.reason)) list.push(finding.reason);
  if (finding.rule && !into.rules.some((r) => r.ruleId === finding.rule?.ruleId && r.source === finding.rule.source)) into.rules.push(finding.rule);
  if (finding.firm && finding.verdict !== 'allow') into.firm = true;
}

export function mergeJudgement(into: Judgement, from: Judgement): void {
  into.verdict = strictestVerdict(into.verdict, from.verdict);
  into.risk = highestRisk(into.risk, from.risk);
  for (const reason of from.reasons) if (!into.reasons.includes(reason)) into.reasons.push(reason);
  for (const rule of from.rules) if (!into.rules.some((r) => r.ruleId === rule.ruleId && r.source === rule.source)) into.rules.push(rule);
  into.firm ||= from.firm;
  for (const note of from.allowNotes) if (!into.allowNotes.includes(note)) into.allowNotes.push(note);
}

const RANK: Record<Verdict, number> = { deny: 0, ask: 1, allow: 2 };

/**
 * Reasons for the strictest findings first, so the first reason explains the verdict. A reason is the
 * rule's description, possibly behind a "program: " prefix, so it is matched by suffix.
 */
export function sortReasons(judgement: Judgement): void {
  if (judgement.reasons.length < 2) return;
  const rankOf = (reason: string): number => {
    let best = RANK.ask;
    for (const rule of judgement.rules) {
      if (RANK[rule.effect] < best && reason.endsWith(rule.description)) best = RANK[rule.effect];
    }
    return best;
  };
  const ranked = judgement.reasons.map((reason, index) => ({ reason, index, rank: rankOf(reason) }));
  ranked.sort((a, b) => a.rank - b.rank || a.index - b.index);
  judgement.reasons = ranked.map((r) => r.reason);
}
