/**
 * The lexicon as anchored matchers: each entry's literal anchors are derived from its own regex
 * (literalAnchors.ts), so one literal scan finds where any entry could match and each entry runs only
 * there. Text that never names an addressee, a fake voice, an override or a concealment costs that one
 * scan; orders and risks are looked for only in the sentences the triggers lead to.
 */
import { AnchoredMatcher, type AnchoredMatch } from '../anchored';
import { deriveAnchors } from './literalAnchors';
import { ORDER_ENTRIES, RISK_ENTRIES, TRIGGER_ENTRIES, type LexiconEntry } from './lexicon';

function matcherOf(list: ReadonlyArray<LexiconEntry<string>>): AnchoredMatcher {
  return new AnchoredMatcher(list.map(({ source, regex }) => {
    const { anchors, wordAnchors, lead } = deriveAnchors(source);
    return { regex, anchors, wordAnchors, lead, caseless: true };
  }));
}

export interface LexiconHit<Tag extends string> { tag: Tag; start: number; end: number; text: string }

function hitsOf<Tag extends string>(matcher: AnchoredMatcher, list: ReadonlyArray<LexiconEntry<Tag>>) {
  return (text: string): Array<LexiconHit<Tag>> => matcher.matchAll(text).flatMap((m: AnchoredMatch) => {
    const entry = list[m.pattern];
    return entry ? [{ tag: entry.tag, start: m.start, end: m.end, text: m.match[0] }] : [];
  });
}

export const triggerHits = hitsOf(matcherOf(TRIGGER_ENTRIES), TRIGGER_ENTRIES);
export const orderHits = hitsOf(matcherOf(ORDER_ENTRIES), ORDER_ENTRIES);
export const riskHits = hitsOf(matcherOf(RISK_ENTRIES), RISK_ENTRIES);
