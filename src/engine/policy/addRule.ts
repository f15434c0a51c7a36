/**
 * "Always allow" turns the approval queue's narrowest suggestion into a real policy rule and inserts it
 * into a policy layer: the workspace file's JSON text (edited minimally, so the admin's formatting and
 * every other byte stay as they were) or the user-settings value. The result is validated with the
 * policy loader itself, so a written rule is one the loader accepts and whose `match` example (the
 * approved command) it self-checks. Anything that cannot be expressed exactly is refused, never widened.
 */
import { quote } from 'shell-quote';
import type { SuggestedRule } from '../approval/rules';
import { jsonPathSpan, type TextSpan } from './jsonPathSpan';
import { validatePolicy } from './load';
import { splitWords } from './commandPattern';
import type { CommandRule, PathRule, PathOp } from './schema';

export type PlannedRule =
  | { section: 'commands'; rule: CommandRule }
  | { section: 'paths'; rule: PathRule };

export type RuleResult<T> = { ok: true; value: T } | { ok: false; reason: string };

export interface RuleAuthor {
  agentId: string;
  /** Who approved (a user name, or "the developer"). */
  who: string;
  /** When, ms since epoch. */
  at: number;
}

const DESCRIPTION_MAX = 500;
/** Characters that would make a pattern word or a glob wider than the literal text. */
const COMMAND_GLOB = /[*?]/;
const PATH_GLOB = /[*?[\]{}()!+@\\]/;

/** FNV-1a, 32 bit: a short stable id suffix (uniqueness within the file is enforced separately). */
export function shortHash(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

export function describeRule(suggested: SuggestedRule, author: RuleAuthor): string {
  const when = new Date(author.at).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const text = `Always allow, approved by ${author.who} on ${when} for agent ${author.agentId}: ${suggested.description}`;
  return text.length > DESCRIPTION_MAX ? `${text.slice(0, DESCRIPTION_MAX - 1)}…` : text;
}

/** The policy rule for a suggestion, or why it cannot be written without allowing more than was approved. */
export function buildAlwaysAllowRule(suggested: SuggestedRule, author: RuleAuthor): RuleResult<PlannedRule> {
  const id = `always-allow-${shortHash(`${suggested.kind}\u0000${suggested.operation ?? ''}\u0000${suggested.match}`)}`;
  const description = describeRule(suggested, author);
  if (suggested.kind === 'command') {
    const words = splitWords(suggested.match);
    if (!words || words.length === 0) {
      return { ok: false, reason: 'this command uses shell operators (pipes, &&, redirections, substitutions), which a rule cannot name exactly' };
    }
    if (words.some((word) => COMMAND_GLOB.test(word))) {
      return { ok: false, reason: 'this command contains * or ?, which a rule would read as wildcards and so allow more than you approved' };
    }
    // Trailing `$$`: exactly these words and nothing else, no extra flags (the narrowest form).
    const command = `${quote(words)} $$`;
    return { ok: true, value: { section: 'commands', rule: { id, effect: 'allow', command, description, match: [suggested.match] } } };
  }
  if (PATH_GLOB.test(suggested.match)) {
    return { ok: false, reason: 'this path contains glob characters, which a rule would read as wildcards and so allow more than you approved' };
  }
  const op: PathOp = suggested.operation === 'create' || suggested.operation === undefined ? 'write' : suggested.operation;
  return { ok: true, value: { section: 'paths', rule: { id, effect: 'allow', ops: [op], globs: [suggested.match], description } } };
}

function existingIds(policy: Record<string, unknown>): Set<string> {
  const ids = new Set<string>();
  for (const section of ['commands', 'paths']) {
    const rules = (policy[section] as { rules?: unknown } | undefined)?.rules;
    if (!Array.isArray(rules)) continue;
    for (const rule of rules) if (rule && typeof (rule as { id?: unknown }).id === 'string') ids.add((rule as { id: string }).id);
  }
  return ids;
}

/** The planned rule with an id no other rule of this layer uses (`-2`, `-3`... appended when needed). */
export function withUniqueId(planned: PlannedRule, policy: Record<string, unknown>): PlannedRule {
  const ids = existingIds(policy);
  let id = planned.rule.id;
  for (let n = 2; ids.has(id); n++) id = `${planned.rule.id}-${n}`;
  return { ...planned, rule: { ...planned.rule, id } } as PlannedRule;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checked<T>(policy: unknown, origin: string, value: T): RuleResult<T> {
  const result = validatePolicy(policy, origin);
  if (result.policy) return { ok: true, value };
  const first = result.problems[0];
  return { ok: false, reason: `the policy would not load with this rule (${first ? `${first.location}: ${first.message}` : 'invalid'})` };
}

/** Adds the rule to a user-settings policy value (undefined/empty → a new `{version: 1}` policy). */
export function addRuleToPolicyValue(value: unknown, planned: PlannedRule): RuleResult<{ policy: Record<string, unknown>; rule: PlannedRule }> {
  const empty = value === undefined || value === null || (isPlainObject(value) && Object.keys(value).length === 0);
  if (!empty && !isPlainObject(value)) return { ok: false, reason: 'the current user policy is not a JSON object' };
  const base: Record<string, unknown> = empty ? { version: 1 } : structuredClone(value as Record<string, unknown>);
  const before = validatePolicy(base, 'user settings');
  if (!before.policy) return { ok: false, reason: 'the current user policy has problems; fix them first so a new rule cannot hide them' };
  const rule = withUniqueId(planned, base);
  const section = isPlainObject(base[rule.section]) ? { ...(base[rule.section] as Record<string, unknown>) } : {};
  section.rules = [...(Array.isArray(section.rules) ? section.rules : []), rule.rule];
  base[rule.section] = section;
  return checked(base, 'user settings', { policy: base, rule });
}

/** A new workspace policy file holding just this rule. */
export function newPolicyText(planned: PlannedRule): string {
  return `${JSON.stringify({ version: 1, [planned.section]: { rules: [planned.rule] } }, null, 2)}\n`;
}

/**
 * Inserts the rule into existing policy text, changing nothing else: the rule goes, on one line, after
 * the last entry of `<section>.rules` (creating `rules` or the section when missing), indented like
 * its neighbours. The text must be a valid policy already (a broken file is never edited blindly).
 */
export function addRuleToPolicyText(text: string, planned: PlannedRule, origin: string): RuleResult<{ text: string; rule: PlannedRule }> {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { ok: false, reason: `${origin} is not valid JSON; fix it first` };
  }
  if (!isPlainObject(data)) return { ok: false, reason: `${origin} is not a JSON object` };
  if (!validatePolicy(data, origin).policy) return { ok: false, reason: `${origin} has problems; fix them first so a new rule cannot hide them` };
  const rule = withUniqueId(planned, data);
  const ruleJson = JSON.stringify(rule.rule);
  const section = data[rule.section];
  let updated: string;
  if (isPlainObject(section) && Array.isArray(section.rules)) {
    updated = insertChild(text, [rule.section, 'rules'], section.rules.length, ruleJson);
  } else if (isPlainObject(section)) {
    updated = insertChild(text, [rule.section], Object.keys(section).length, `"rules": [${ruleJson}]`);
  } else {
    updated = insertChild(text, [], Object.keys(data).length, `"${rule.section}": {"rules": [${ruleJson}]}`);
  }
  let reparsed: unknown;
  try {
    reparsed = JSON.parse(updated);
  } catch {
    return { ok: false, reason: `could not edit ${origin} safely` };
  }
  return checked(reparsed, origin, { text: updated, rule });
}

/** Inserts `snippet` as the last child of the container at `path` (which has `count` children). */
function insertChild(text: string, path: readonly (string | number)[], count: number, snippet: string): string {
  const container = jsonPathSpan(text, path);
  const close = container.end - 1;
  if (count === 0) return `${text.slice(0, close)}${snippet}${text.slice(close)}`;
  const last: TextSpan = jsonPathSpan(text, [...path, lastKey(text, container, count)]);
  const lineStart = text.lastIndexOf('\n', last.start - 1) + 1;
  const prefix = text.slice(lineStart, last.start);
  // An object member starts at its key, which sits before the value on the same line.
  const indent = /^\s*/.exec(prefix)?.[0] ?? '';
  const ownLine = lineStart > container.start && /^\s*("(?:[^"\\]|\\.)*"\s*:\s*)?$/.test(prefix);
  const separator = ownLine ? `,\n${indent}` : ', ';
  return `${text.slice(0, last.end)}${separator}${snippet}${text.slice(last.end)}`;
}

/** The last child's segment: its index in an array, its key in an object. */
function lastKey(text: string, container: TextSpan, count: number): string | number {
  if (text[container.start] === '[') return count - 1;
  const keys = Object.keys(JSON.parse(text.slice(container.start, container.end)) as Record<string, unknown>);
  return keys[keys.length - 1] ?? 0;
}
