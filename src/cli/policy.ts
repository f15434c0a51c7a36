/**
 * `agent-guard policy validate [FILE] | init --template strict|balanced|trusted | explain "<cmd>"`.
 * validate: exit 0 when valid, 1 with every problem (file: JSON path: message) when not, 2 on usage.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { RuleMatch } from '../engine/decision';
import { policyFingerprint } from '../engine/policy/fingerprint';
import { parsePolicyText } from '../engine/policy/load';
import { templateByName } from '../engine/policy/templates';
import { formatProblem, readPolicyText, workspacePolicyPath } from '../node/policyFiles';
import { parseCliArgs } from './args';
import { EvaluatorCache, formatDecision } from './check';
import { EXIT_USAGE, type CliCommand, type CliIo } from './io';

const POLICY_USAGE = `usage:
  agent-guard policy validate [FILE]                          (default: .vscode/agent-guard.json)
  agent-guard policy init --template strict|balanced|trusted-automation [--output FILE] [--force]
  agent-guard policy explain "<cmd>" [--cwd DIR] [--workspace DIR] [--policy FILE] [--agent ID]
  agent-guard policy fingerprint [--workspace DIR] [--policy FILE]   (a stable hash of the effective policy)
`;

function usage(io: CliIo, message: string): number {
  io.error(`agent-guard policy: ${message}\n${POLICY_USAGE}`);
  return EXIT_USAGE;
}

function validate(io: CliIo, positional: string[]): number {
  if (positional.length > 1) return usage(io, 'validate takes at most one file');
  const file = resolve(io.cwd, positional[0] ?? workspacePolicyPath('.'));
  const read = readPolicyText(file);
  if (read.kind === 'missing') return usage(io, `policy file not found: ${file}`);
  if (read.kind === 'unreadable') {
    io.error(`${file}: cannot read (${read.reason})\n`);
    return 1;
  }
  const result = parsePolicyText(read.text, file);
  if (result.problems.length === 0) {
    io.write(`${file}: valid\n`);
    return 0;
  }
  for (const problem of result.problems) io.error(`${formatProblem(problem)}\n`);
  io.error(`${result.problems.length} problem(s); agent-guard would ignore this file and fall back to the last good policy or the strict defaults\n`);
  return 1;
}

/** Printed after `init`: policy files are plain JSON (no comments), so the examples go to the terminal. */
const INIT_EXAMPLES = `add rules to it, for example:
  "commands": { "rules": [
    { "id": "tests", "effect": "allow", "command": "npm run test*", "match": ["npm run test:unit"] },
    { "id": "no-force-push", "effect": "deny", "command": ["git push --force", "git push -f"], "risk": "critical" }
  ] },
  "paths": { "rules": [
    { "id": "generated", "effect": "deny", "ops": ["write", "delete"], "globs": ["src/generated/**"] }
  ] }
then check it with: agent-guard policy validate
`;

/**
 * Writes a minimal policy that names the template instead of copying it: the template's rules then
 * come from Agent Guard itself (and improve with it), and `explain` shows each rule once.
 */
function init(io: CliIo, options: Map<string, string>, force: boolean): number {
  const name = options.get('template');
  if (!name) return usage(io, 'init needs --template strict|balanced|trusted-automation (or trusted)');
  const template = templateByName(name);
  if (!template?.template) return usage(io, `unknown template '${name}' (strict, balanced, trusted-automation or trusted)`);
  const output = resolve(io.cwd, options.get('output') ?? workspacePolicyPath('.'));
  if (existsSync(output) && !force) {
    io.error(`agent-guard policy init: ${output} already exists (use --force to overwrite)\n`);
    return 1;
  }
  const policy = { version: 1, template: template.template, commands: { rules: [] }, paths: { rules: [] } };
  mkdirSync(dirname(output), { recursive: true });
  writeFileSync(output, `${JSON.stringify(policy, null, 2)}\n`);
  io.write(`wrote ${output}: the ${template.template} template, no rules of its own yet\n${INIT_EXAMPLES}`);
  return 0;
}

/**
 * A rule that several layers carry word for word (a workspace file that copies its template) is listed
 * once, with every layer that has it.
 */
function sameRulesOnce(rules: readonly RuleMatch[]): Array<RuleMatch & { sources: string[] }> {
  const byContent = new Map<string, RuleMatch & { sources: string[] }>();
  for (const rule of rules) {
    const key = JSON.stringify([rule.effect, rule.ruleId, rule.description.replaceAll(rule.source, '')]);
    const seen = byContent.get(key);
    if (!seen) byContent.set(key, { ...rule, sources: [rule.source] });
    else if (!seen.sources.includes(rule.source)) seen.sources.push(rule.source);
  }
  return [...byContent.values()];
}

async function explain(io: CliIo, positional: string[], options: Map<string, string>): Promise<number> {
  const [command, ...extra] = positional;
  if (command === undefined || extra.length > 0) return usage(io, 'explain needs exactly one quoted command');
  const policyOption = options.get('policy');
  const policyFile = policyOption === undefined ? undefined : resolve(io.cwd, policyOption);
  if (policyFile !== undefined && !existsSync(policyFile)) return usage(io, `policy file not found: ${policyFile}`);
  const cwd = resolve(io.cwd, options.get('cwd') ?? '.');
  const workspace = resolve(io.cwd, options.get('workspace') ?? options.get('cwd') ?? '.');
  const evaluator = await new EvaluatorCache(io, policyFile).get(workspace);
  const decision = evaluator.checkCommand({ command, cwd, workspace, agent: options.get('agent') });
  const lines = [`policy: ${evaluator.policy.layers.join(' < ')} (approval mode ${evaluator.policy.approvalMode})`];
  lines.push(`decision: ${formatDecision(decision).trimEnd()}`);
  lines.push('commands:');
  for (const sub of decision.subcommands) {
    lines.push(`  ${sub.command}: ${sub.decision} (risk ${sub.risk})`);
    for (const reason of sub.reasons) lines.push(`    - ${reason}`);
  }
  lines.push('rules that fired:');
  const fired = sameRulesOnce(decision.matchedRules);
  for (const rule of fired) lines.push(`  [${rule.effect}] ${rule.sources.join(', ')} ${rule.ruleId}: ${rule.description}`);
  if (fired.length === 0) lines.push('  (none)');
  io.write(`${lines.join('\n')}\n`);
  return 0;
}

/** Prints the effective policy's fingerprint (the value every audit entry carries), then its layers. */
async function fingerprint(io: CliIo, options: Map<string, string>): Promise<number> {
  const policyOption = options.get('policy');
  const policyFile = policyOption === undefined ? undefined : resolve(io.cwd, policyOption);
  if (policyFile !== undefined && !existsSync(policyFile)) return usage(io, `policy file not found: ${policyFile}`);
  const workspace = resolve(io.cwd, options.get('workspace') ?? '.');
  const evaluator = await new EvaluatorCache(io, policyFile).get(workspace);
  io.write(`${policyFingerprint(evaluator.policy)}\n`);
  io.error(`from: ${evaluator.policy.layers.join(' < ')}\n`);
  return 0;
}

export const policyCommand: CliCommand = async (args, io) => {
  const parsed = parseCliArgs(args, { values: ['template', 'output', 'cwd', 'workspace', 'policy', 'agent'], switches: ['force'] });
  if (typeof parsed === 'string') return usage(io, parsed);
  if (parsed.help) {
    io.write(POLICY_USAGE);
    return 0;
  }
  const [action, ...rest] = parsed.positional;
  switch (action) {
    case 'validate': return validate(io, rest);
    case 'init': return rest.length > 0 ? usage(io, 'init takes no arguments') : init(io, parsed.options, parsed.flags.has('force'));
    case 'explain': return explain(io, rest, parsed.options);
    case 'fingerprint': return rest.length > 0 ? usage(io, 'fingerprint takes no arguments') : fingerprint(io, parsed.options);
    default: return usage(io, action === undefined ? 'missing action: validate, init, explain or fingerprint' : `unknown action '${action}' (validate, init, explain or fingerprint)`);
  }
};
