/**
 * Judges each simple command of an analysed line: policy command rules (deny before ask before allow,
 * strictest wins), the effects it has on paths and hosts, words that name protected files, and the
 * analyzer's concerns. The caller combines them and applies approval mode and agent profile.
 */
import type { CommandAnalysis, Concern, Effect, SimpleCommand } from '../command/analysis';
import type { RuleMatch, Verdict } from '../decision';
import { normalisePath } from '../path/normalize';
import { judgePath, type PathContext } from '../path/pathCheck';
import { formMatches, patternMatches, shapeArgv, type ArgvShape } from '../policy/commandPattern';
import type { CompiledCommandRule, CompiledPolicy } from '../policy/compile';
import { addFinding, emptyJudgement, mergeJudgement, type Judgement } from './judgement';

export interface LineContext extends PathContext {
  cwd: string;
  workspace: string;
  /** Directories later commands may run in (`cd x && rm y`): relative paths are checked against all. */
  cwds: string[];
}

/** Programs whose candidate rules are remembered per compiled policy; a hostile stream of names only evicts. */
const CANDIDATES_REMEMBERED = 4096;
const candidatesByPolicy = new WeakMap<CompiledPolicy, Map<string, CompiledCommandRule[]>>();

/**
 * A globbed-program rule whose program glob rejects this program name can never match it
 * (patternMatches tests the same regexp first), so it is dropped here once per program instead of
 * being re-tested on every command. Path-like program patterns compare argv[0] and always stay.
 */
function globRulesFor(compiled: CompiledPolicy, program: string): CompiledCommandRule[] {
  return compiled.commandRulesWithGlobProgram.filter((rule) =>
    rule.patterns.some((p) => p.programIsPath || p.programRe.test(program)));
}

/** The rules that can match `program`: its own bucket, then the globbed-program rules, in policy order. */
export function candidateRules(compiled: CompiledPolicy, program: string): CompiledCommandRule[] {
  let remembered = candidatesByPolicy.get(compiled);
  if (!remembered) candidatesByPolicy.set(compiled, (remembered = new Map()));
  const known = remembered.get(program);
  if (known) return known;
  const exact = compiled.commandRulesByProgram.get(compiled.nocase ? program.toLowerCase() : program) ?? [];
  const candidates = compiled.commandRulesWithGlobProgram.length === 0 ? exact : [...exact, ...globRulesFor(compiled, program)];
  if (remembered.size >= CANDIDATES_REMEMBERED) remembered.clear();
  remembered.set(program, candidates);
  return candidates;
}

export function matchingRules(compiled: CompiledPolicy, shape: ArgvShape): CompiledCommandRule[] {
  const matched: CompiledCommandRule[] = [];
  for (const rule of candidateRules(compiled, shape.program)) {
    if (rule.unless.length > 0 && rule.unless.some((form) => formMatches(form, shape.program, shape.argv))) continue;
    const anchored = rule.effect === 'allow';
    for (const pattern of rule.patterns) {
      if (patternMatches(pattern, shape, anchored)) {
        matched.push(rule);
        break;
      }
    }
  }
  return matched;
}

/**
 * `git push`, `npm run`: the program and its subcommand word, never arbitrary arguments, which may hold
 * tokens (`curl -H "Authorization: …"`). Reasons travel to the audit log and the approval UI.
 */
function commandLabel(command: SimpleCommand): string {
  let sub: string | undefined;
  for (let i = 1; i < command.argv.length && sub === undefined; i++) if (!(command.argv[i] as string).startsWith('-')) sub = command.argv[i];
  return sub !== undefined && /^[A-Za-z][A-Za-z0-9:_.-]{0,40}$/.test(sub) ? `${command.program} ${sub}` : command.program;
}

function judgeRules(command: SimpleCommand, compiled: CompiledPolicy, out: Judgement): void {
  const shape = shapeArgv(command.program, command.argv);
  const matched = matchingRules(compiled, shape);
  if (matched.length === 0) {
    const verdict = compiled.policy.unknownPrograms;
    const reason = `${command.program}: no rule covers this program, the policy says ${verdict}`;
    addFinding(out, { verdict, risk: verdict === 'allow' ? 'low' : 'medium', reason, rule: { source: 'defaults', ruleId: 'commands.unknownPrograms', effect: verdict, description: reason } });
    return;
  }
  const label = commandLabel(command);
  for (const rule of matched) {
    const reason = `${label}: ${rule.description} (${rule.effect} by ${rule.source} rule ${rule.id})`;
    const match: RuleMatch = { source: rule.source, ruleId: rule.id, effect: rule.effect, description: reason };
    addFinding(out, { verdict: rule.effect, risk: rule.risk, reason: rule.effect === 'allow' ? '' : reason, rule: match, firm: rule.source === 'managed' });
  }
  if (out.verdict === 'allow') out.allowNotes.push(`${command.program}: allowed, ${matched[0]?.description ?? ''}`);
}

/** This machine by name or address, as hostOf gives it: where a dev server listens. */
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

export function judgeHost(host: string, via: string, compiled: CompiledPolicy, out: Judgement, sends = false): void {
  const name = host.toLowerCase().replace(/\.$/, '');
  const { hosts } = compiled;
  const inList = (exact: Set<string>, suffixes: string[]) => exact.has(name) || suffixes.some((s) => name.endsWith(s));
  const builtin = (verdict: Verdict, reason: string, risk: 'medium' | 'high', firm: boolean) =>
    addFinding(out, { verdict, risk, reason, firm, rule: { source: 'builtin', ruleId: 'builtin:network', effect: verdict, description: reason } });
  if (name === '') return builtin('ask', `${via}: reaches the network, but the host is not known`, 'medium', true);
  if (inList(hosts.denyExact, hosts.denySuffixes)) return builtin('deny', `${via}: ${name} is a denied host`, 'high', true);
  if (LOOPBACK.has(name)) {
    // Services on this machine (container daemons, databases, notebooks) trust local callers.
    if (sends) return builtin('ask', `${via}: sends data or changes state on ${name}, and services on this machine trust local callers`, 'medium', false);
    const local = compiled.policy.network.loopbackReads;
    if (local === 'allow' || inList(hosts.allowExact, hosts.allowSuffixes)) return;
    return builtin(local, `${via}: ${name} is this machine, the policy says ${local} for requests to it`, 'medium', false);
  }
  if (inList(hosts.allowExact, hosts.allowSuffixes)) return;
  const verdict = compiled.policy.network.unknownHosts;
  if (verdict !== 'allow') builtin(verdict, `${via}: ${name} is not an allowed host`, 'medium', false);
}

/**
 * `git fetch` / `git pull` from a named remote: the host is in .git/config, which agents cannot change
 * (protected path; `git remote`/`git config` ask). Only a plain, static invocation qualifies: no `-c`
 * overrides, no environment assignments, nothing dynamic.
 */
function fromConfiguredRemote(effect: Effect, command: SimpleCommand | undefined): boolean {
  if (effect.target !== '' || !command || command.dynamic || command.assignments.length > 0) return false;
  if (command.program !== 'git' || !/^git (fetch|pull|remote show)$/.test(effect.via)) return false;
  // `git remote show NAME…` asks the remotes named in .git/config; a URL in place of a name is another host.
  if (effect.via === 'git remote show' && !remoteNamesOnly(command.argv)) return false;
  return !command.argv.some((w) => w === '-c' || /^--(config-env|upload-pack|exec|receive-pack)/.test(w));
}

function remoteNamesOnly(argv: readonly string[]): boolean {
  const names = argv.slice(argv.indexOf('show') + 1);
  return names.length > 0 && names.every((w) => /^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(w));
}

function judgeEffect(effect: Effect, ctx: LineContext, out: Judgement, command?: SimpleCommand): void {
  if (effect.kind === 'network') {
    if (fromConfiguredRemote(effect, command)) return;
    return judgeHost(effect.target, effect.via, ctx.compiled, out, effect.sends === true);
  }
  const relative = !effect.target.startsWith('/') && !effect.target.startsWith('~') && !effect.target.startsWith('$');
  // `mv` removes its source only by putting the content elsewhere (the destination is its own write
  // effect), so the source is judged as a write: renames inside the workspace do not ask like deletes.
  const op = effect.kind === 'delete' && effect.via === 'mv' ? 'write' : effect.kind;
  for (const cwd of relative ? ctx.cwds : [ctx.cwd]) {
    const judged = judgePath({ op, path: effect.target, cwd, workspace: ctx.workspace }, ctx);
    judged.reasons = judged.reasons.map((r) => `${effect.via}: ${r}`);
    mergeJudgement(out, judged);
  }
}

/** Could this word name a protected file? Plain words (`status`, `origin`) cannot reach one outside the workspace root. */
const PATH_LIKE = /[/.~$]|^id_|netrc/;
/** Bounds the work per command; longer argument lists are rare enough to ask about. */
const MAX_WORDS_CHECKED = 1000;

/** `$(<file)` is bash's shorthand for reading a file into a word; judge it as a read even if no effect was reported. */
const READ_SUBSTITUTION = /\$\(\s*<\s*["']?([^)"'\s]+)["']?\s*\)/g;

function judgeFileReadsInWord(command: SimpleCommand, word: string, ctx: LineContext, out: Judgement): void {
  if (!word.includes('$(')) return;
  for (const match of word.matchAll(READ_SUBSTITUTION)) {
    const judged = judgePath({ op: 'read', path: match[1] ?? '', cwd: ctx.cwd, workspace: ctx.workspace }, ctx);
    judged.reasons = judged.reasons.map((r) => `${command.program} $(<…): ${r}`);
    mergeJudgement(out, judged);
  }
}

/** Words that merely look like paths (`@.env`, `--file=~/.ssh/id_rsa`) are checked against protected sets. */
function judgePathLikeWords(command: SimpleCommand, effects: readonly Effect[], ctx: LineContext, out: Judgement): void {
  if (command.argv.length > MAX_WORDS_CHECKED) {
    const reason = `${command.program}: too many arguments (${command.argv.length}) to check each one`;
    addFinding(out, { verdict: 'ask', risk: 'medium', reason, firm: true, rule: { source: 'builtin', ruleId: 'builtin:too-many-arguments', effect: 'ask', description: reason } });
    return;
  }
  for (let i = 1; i < command.argv.length; i++) {
    if (command.dynamic) judgeFileReadsInWord(command, command.argv[i] ?? '', ctx, out);
    let word = command.argv[i] ?? '';
    const eq = word.indexOf('=');
    if (word.startsWith('-') && eq > 0) word = word.slice(eq + 1);
    else if (word.startsWith('-')) continue;
    if (word.startsWith('@')) word = word.slice(1);
    if (word.length === 0 || word.length > 1024 || word.includes('\n') || !PATH_LIKE.test(word)) continue;
    if (effects.some((e) => e.target === word && e.kind !== 'network')) continue;
    const judged = judgePath({ op: 'read', path: word, cwd: ctx.cwd, workspace: ctx.workspace }, ctx, true);
    judged.reasons = judged.reasons.map((r) => `${command.program}: ${r}`);
    if (judged.verdict !== 'allow') mergeJudgement(out, judged);
  }
}

export function judgeConcern(concern: Concern, compiled: CompiledPolicy, out: Judgement): void {
  const verdict = concern.severity === 'deny' ? 'deny' : compiled.policy.notUnderstood;
  const reason = concern.message || `the analyzer reported ${concern.kind}`;
  addFinding(out, {
    verdict, risk: concern.severity === 'deny' ? 'critical' : 'high', reason, firm: true,
    rule: { source: 'builtin', ruleId: `builtin:concern:${concern.kind}`, effect: verdict, description: reason },
  });
}

export function judgeSimpleCommand(index: number, analysis: CommandAnalysis, ctx: LineContext): Judgement {
  const out = emptyJudgement();
  const command = analysis.commands[index];
  if (!command) return out;
  if (command.program === '') {
    const verdict = ctx.compiled.policy.notUnderstood;
    const reason = 'the command name is not a fixed word (it comes from an expansion)';
    addFinding(out, { verdict, risk: 'high', reason, firm: true, rule: { source: 'builtin', ruleId: 'builtin:dynamic-command', effect: verdict, description: reason } });
  }
  const effects = analysis.effects.filter((effect) => effect.commandIndex === index);
  if (command.program !== '') {
    judgeRules(command, ctx.compiled, out);
    judgePathLikeWords(command, effects, ctx, out);
  }
  for (const effect of effects) judgeEffect(effect, ctx, out, command);
  for (const concern of analysis.concerns) if (concern.commandIndex === index) judgeConcern(concern, ctx.compiled, out);
  return out;
}

/** Line-level effects and concerns (commandIndex -1 or out of range). */
export function judgeLineLevel(analysis: CommandAnalysis, ctx: LineContext): Judgement {
  const out = emptyJudgement();
  const count = analysis.commands.length;
  const orphan = (i: number) => i < 0 || i >= count;
  for (const effect of analysis.effects) if (orphan(effect.commandIndex)) judgeEffect(effect, ctx, out);
  for (const concern of analysis.concerns) if (orphan(concern.commandIndex)) judgeConcern(concern, ctx.compiled, out);
  return out;
}

/** `cd DIR` / `pushd DIR` anywhere in the line: later relative paths may be relative to DIR. */
export function directoriesEntered(analysis: CommandAnalysis, ctx: Pick<LineContext, 'cwd' | 'env'>): { cwds: string[]; unknown: boolean } {
  const cwds = [ctx.cwd];
  let unknown = false;
  for (const command of analysis.commands) {
    if (command.program !== 'cd' && command.program !== 'pushd') continue;
    const target = command.argv.slice(1).find((w) => !w.startsWith('-') || w === '-') ?? '~';
    const resolved = target === '-' ? undefined : normalisePath(target, ctx.cwd, ctx.env);
    if (!resolved || !resolved.ok || resolved.hasGlob) unknown = true;
    else if (!cwds.includes(resolved.path)) cwds.push(resolved.path);
  }
  return { cwds, unknown };
}
