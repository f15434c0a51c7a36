/**
 * Precompiles an EffectivePolicy for the hot path: command rules indexed by program name, every glob
 * turned into regexps once, hosts split into exact names and suffixes. A malformed rule compiles to
 * "matches nothing" so it can never widen what is allowed.
 */
import type { Risk, RuleSource, Verdict } from '../decision';
import { compileGlob, type CompiledGlob, type GlobOptions } from '../path/globs';
import { HARMLESS_DEVICES, PROTECTED_ENTRIES, type ProtectedEntry } from '../path/protectedSets';
import { compileForm, compilePattern, type CompiledForm, type CompiledPattern } from './commandPattern';
import type { EffectivePolicy } from './merge';
import type { PathOp, SecretGrant } from './schema';

export interface CompiledCommandRule {
  id: string;
  source: RuleSource;
  effect: Verdict;
  risk: Risk;
  description: string;
  patterns: CompiledPattern[];
  /** Exact forms an ask/deny rule does not cover (`unless`); empty for most rules. */
  unless: CompiledForm[];
}

export interface CompiledPathRule {
  id: string;
  source: RuleSource;
  effect: Verdict;
  risk: Risk;
  description: string;
  ops: ReadonlySet<PathOp>;
  globs: CompiledGlob[];
}

export interface CompiledProtected {
  entry: ProtectedEntry;
  globs: CompiledGlob[];
  except: CompiledGlob[];
}

export interface CompiledPolicy {
  policy: EffectivePolicy;
  /** Rules whose program is a literal, by program name; plus rules whose program is a glob. */
  commandRulesByProgram: Map<string, CompiledCommandRule[]>;
  commandRulesWithGlobProgram: CompiledCommandRule[];
  pathRules: CompiledPathRule[];
  protectedPaths: CompiledProtected[];
  harmlessDevices: CompiledGlob[];
  hosts: { allowExact: Set<string>; allowSuffixes: string[]; denyExact: Set<string>; denySuffixes: string[] };
  secretGrants: { grant: SecretGrant; patterns: CompiledPattern[] }[];
  nocase: boolean;
}

const DEFAULT_RISK: Record<Verdict, Risk> = { allow: 'low', ask: 'medium', deny: 'high' };
const ALL_OPS: PathOp[] = ['read', 'write', 'delete', 'execute'];

function compilePatterns(command: string | string[]): CompiledPattern[] {
  return (Array.isArray(command) ? command : [command])
    .map(compilePattern)
    .filter((p): p is CompiledPattern => typeof p !== 'string');
}

function indexCommandRules(policy: EffectivePolicy, nocase: boolean): Pick<CompiledPolicy, 'commandRulesByProgram' | 'commandRulesWithGlobProgram'> {
  const byProgram = new Map<string, CompiledCommandRule[]>();
  const withGlob: CompiledCommandRule[] = [];
  for (const { source, value: rule } of policy.commandRules) {
    const patterns = compilePatterns(rule.command);
    // `unless` only ever narrows a tightening rule; on an allow rule it would be meaningless, so it is ignored there.
    const unless = rule.effect === 'allow' ? [] : (rule.unless ?? []).map(compileForm).filter((f): f is CompiledForm => typeof f !== 'string');
    const base = { id: rule.id, source, effect: rule.effect, risk: rule.risk ?? DEFAULT_RISK[rule.effect], description: rule.description ?? `rule ${rule.id}`, unless };
    // One compiled rule per program keeps the per-call work to the rules that can possibly match.
    const groups = new Map<string | undefined, CompiledPattern[]>();
    for (const pattern of patterns) {
      const key = pattern.programLiteral === undefined ? undefined : nocase ? pattern.programLiteral.toLowerCase() : pattern.programLiteral;
      groups.set(key, [...(groups.get(key) ?? []), pattern]);
    }
    for (const [program, group] of groups) {
      const compiled: CompiledCommandRule = { ...base, patterns: group };
      if (program === undefined) withGlob.push(compiled);
      else byProgram.set(program, [...(byProgram.get(program) ?? []), compiled]);
    }
  }
  return { commandRulesByProgram: byProgram, commandRulesWithGlobProgram: withGlob };
}

function compilePathRules(policy: EffectivePolicy, options: GlobOptions): CompiledPathRule[] {
  const rules: CompiledPathRule[] = policy.paths.rules.map(({ source, value: rule }) => ({
    id: rule.id, source, effect: rule.effect, risk: rule.risk ?? DEFAULT_RISK[rule.effect],
    description: rule.description ?? `path rule ${rule.id}`, ops: new Set(rule.ops),
    globs: rule.globs.map((g) => compileGlob(g, options)),
  }));
  const listRule = (effect: Verdict, id: string, description: string, source: RuleSource, glob: string): CompiledPathRule => ({
    id, source, effect, risk: DEFAULT_RISK[effect], description, ops: new Set(ALL_OPS), globs: [compileGlob(glob, options)],
  });
  for (const { source, value } of policy.paths.denied) rules.push(listRule('deny', `denied_paths:${value}`, `${value} is in denied_paths`, source, value));
  for (const { source, value } of policy.paths.allowed) rules.push(listRule('allow', `allowed_paths:${value}`, `${value} is in allowed_paths`, source, value));
  return rules;
}

function compileHosts(policy: EffectivePolicy): CompiledPolicy['hosts'] {
  const split = (hosts: string[]) => ({
    exact: new Set(hosts.filter((h) => !h.startsWith('*.')).map((h) => h.toLowerCase())),
    suffixes: hosts.filter((h) => h.startsWith('*.')).map((h) => h.slice(1).toLowerCase()),
  });
  const allow = split(policy.network.allowedHosts);
  const deny = split(policy.network.deniedHosts);
  return { allowExact: allow.exact, allowSuffixes: allow.suffixes, denyExact: deny.exact, denySuffixes: deny.suffixes };
}

export function compilePolicy(policy: EffectivePolicy, options: GlobOptions): CompiledPolicy {
  const enabled = PROTECTED_ENTRIES.filter((entry) => entry.set === 'system' || policy.paths.protected[entry.set]);
  return {
    policy,
    ...indexCommandRules(policy, options.nocase),
    pathRules: compilePathRules(policy, options),
    protectedPaths: enabled.map((entry) => ({
      entry,
      globs: entry.globs.map((g) => compileGlob(g, options)),
      except: (entry.except ?? []).map((g) => compileGlob(g, options)),
    })),
    harmlessDevices: HARMLESS_DEVICES.map((g) => compileGlob(g, options)),
    hosts: compileHosts(policy),
    secretGrants: policy.secrets.map((grant) => ({ grant, patterns: grant.commands.flatMap((c) => compilePatterns(c)) })),
    nocase: options.nocase,
  };
}
