/**
 * Not crying wolf: a phrase that is quoted (in "...", '...', `...`, “...”) inside a passage that is
 * visibly *about* prompt injection (mentions attacks, examples, detection...) is discussion, not an attack.
 */
const DISCUSSION = /prompt[\s-]injection|injection attacks?|jailbreak(?:s|ing)?\b(?! mode)|attackers?\b|adversar|malicious|for example|e\.g\.|such as|phrases? like|strings? like|detect(?:s|ed|ion|or)?\b|classif|red[\s-]team|payloads?|threat model|mitigat/i;
const QUOTE = /["'`“”‘’«»]/;
const DISCUSSION_WINDOW = 300;

/** The phrase sits between quote marks on its own line. */
function isQuoted(text: string, start: number, end: number): boolean {
  // Only the 200 characters either side on the same line count (bounded: no scan to a distant newline).
  const beforeAll = text.slice(Math.max(0, start - 200), start);
  const before = beforeAll.slice(beforeAll.lastIndexOf('\n') + 1);
  const afterAll = text.slice(end, end + 200);
  const newline = afterAll.indexOf('\n');
  const after = newline === -1 ? afterAll : afterAll.slice(0, newline);
  // A regex test, not a spread into characters: this runs for every trigger, thousands of times on hostile text.
  return QUOTE.test(before) && QUOTE.test(after);
}

export function isDiscussion(text: string, start: number, end: number): boolean {
  if (!isQuoted(text, start, end)) return false;
  const window = text.slice(Math.max(0, start - DISCUSSION_WINDOW), Math.min(text.length, end + DISCUSSION_WINDOW));
  return DISCUSSION.test(window);
}

