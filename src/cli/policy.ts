/**
 * `agent-guard policy validate [FILE] | init --template strict|balanced|trusted | explain "<cmd>"`.
 * validate: exit 0 when valid, 1 with every problem (file: JSON path: message) when not, 2 on usage.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parsePolicyText } from '../engine/policy/load';
import { templateByName } from '../engine/policy/templates';
import { formatProblem, readPolicyText, workspacePolicyPath } from '../node/policyFiles';
import { EvaluatorCache, formatDecision, parseArgs } from './check';
import { EXIT_USAGE, type CliCommand, type CliIo } from './io';

const POLICY_USAGE = `usage:
  agent-guard policy validate [FILE]                          (default: .vscode/agent-guard.json)
  agent-guard policy init --template strict|balanced|trusted [--output FILE] [--force]
  agent-guard policy explain "<cmd>" [--cwd DIR] [--workspace DIR] [--policy FILE] [--agent ID]
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

function init(io: CliIo, options: Map<string, string>, force: boolean): number {
  const name = options.get('template');
  if (!name) return usage(io, 'init needs --template strict|balanced|trusted');
  const template = templateByName(name);
  if (!template) return usage(io, `unknown template '${name}' (strict, balanced, trusted)`);
  const output = resolve(io.cwd, options.get('output') ?? workspacePolicyPath('.'));
  if (existsSync(output) && !force) {
    io.error(`agent-guard policy init: ${output} already exists (use --force to overwrite)\n`);
    return 1;
  }
  mkdirSync(dirname(output), { recursive: true });
  writeFileSync(output, `${JSON.stringify(template, null, 2)}\n`);
  io.write(`wrote the ${template.template} template to ${output}\n`);
  return 0;
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
  for (const rule of decision.matchedRules) lines.push(`  [${rule.effect}] ${rule.source} ${rule.ruleId}: ${rule.description}`);
  if (decision.matchedRules.length === 0) lines.push('  (none)');
  io.write(`${lines.join('\n')}\n`);
  return 0;
}

export const policyCommand: CliCommand = async (args, io) => {
  const parsed = parseArgs(args, ['template', 'output', 'cwd', 'workspace', 'policy', 'agent']);
  if (typeof parsed === 'string') return usage(io, parsed);
  const [action, ...rest] = parsed.positional;
  switch (action) {
    case 'validate': return validate(io, rest);
    case 'init': return rest.length > 0 ? usage(io, 'init takes no arguments') : init(io, parsed.options, parsed.flags.has('force'));
    case 'explain': return explain(io, rest, parsed.options);
    default: return usage(io, action === undefined ? 'say what to do' : `unknown action '${action}'`);
  }
};
