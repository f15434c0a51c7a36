/**
 * `agent-guard check command "<cmd>" | check path --op <op> <path> | check --batch`.
 * Exit codes for single checks: 0 allow, 3 ask, 4 deny, 2 usage error, 1 internal error.
 * Batch mode reads JSON lines and writes one decision per line in order; a bad line gets a deny.
 */
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { resolve } from 'node:path';
import { z } from 'zod';
import type { Decision } from '../engine/decision';
import { createEvaluator, type Evaluator } from '../engine/evaluator';
import { pathOpSchema } from '../engine/policy/schema';
import { nodeCommandAnalyzer } from '../node/commandAnalyzerLoader';
import { cliLayerFiles, formatProblem, loadLayers, nodeFileSystemPort, nodePathEnvironment } from '../node/policyFiles';
import { findWorkspaceRoot } from '../node/workspaceRoot';
import { parseCliArgs } from './args';
import { EXIT_USAGE, type CliCommand, type CliIo } from './io';

export const EXIT_ASK = 3;
export const EXIT_DENY = 4;
const EXIT_BY_DECISION = { allow: 0, ask: EXIT_ASK, deny: EXIT_DENY } as const;

const CHECK_USAGE = `usage:
  agent-guard check command "<cmd>" [--cwd DIR] [--workspace DIR] [--policy FILE] [--agent ID] [--json]
  agent-guard check path --op read|write|delete|execute <path> [--cwd DIR] [--workspace DIR] [--policy FILE] [--agent ID] [--json]
  agent-guard check --batch [--policy FILE]     (JSON lines on stdin, one decision per line on stdout)
exit codes: 0 allow, 3 ask, 4 deny, 2 usage error, 1 internal error
`;

/** Builds evaluators per policy source, reusing them (batch mode checks thousands of lines). */
export class EvaluatorCache {
  private readonly cache = new Map<string, Evaluator>();
  /**
   * `workspaceTrusted: false` applies the workspace's policy file as an untrusted layer (it may only
   * tighten), for callers that cannot know whether the developer trusts the folder.
   */
  constructor(private readonly io: CliIo, private readonly policyFile: string | undefined, private readonly workspaceTrusted = true) {}

  async get(workspace: string): Promise<Evaluator> {
    const key = this.policyFile ?? workspace;
    const cached = this.cache.get(key);
    if (cached) return cached;
    const loaded = loadLayers(cliLayerFiles({ workspace, env: this.io.env, policyFile: this.policyFile, trusted: this.workspaceTrusted }));
    for (const problem of loaded.problems) this.io.error(`agent-guard: policy problem: ${formatProblem(problem)}\n`);
    if (loaded.degraded) this.io.error('agent-guard: using the strict defaults (or the last good policy) because of the problems above\n');
    const evaluator = createEvaluator({
      policy: loaded.policy, analyzer: await nodeCommandAnalyzer(), fs: nodeFileSystemPort(), env: nodePathEnvironment(this.io.env),
    });
    this.cache.set(key, evaluator);
    return evaluator;
  }
}

export function formatDecision(decision: Decision): string {
  const lines = [`${decision.decision} (risk ${decision.risk})`];
  for (const reason of decision.reasons) lines.push(`  - ${reason}`);
  if (decision.subcommands.length > 1) {
    lines.push('  commands:');
    for (const sub of decision.subcommands) lines.push(`    ${sub.decision.padEnd(5)} ${sub.command}`);
  }
  return `${lines.join('\n')}\n`;
}

const batchLineSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('command'), cmd: z.string().max(100_000), cwd: z.string().optional(), workspace: z.string().optional(), agent: z.string().optional() }),
  z.object({ kind: z.literal('path'), op: pathOpSchema, path: z.string().max(10_000), cwd: z.string().optional(), workspace: z.string().optional(), agent: z.string().optional() }),
]);

function rejectedLine(reason: string): Decision {
  return { decision: 'deny', risk: 'high', reasons: [reason], matchedRules: [{ source: 'builtin', ruleId: 'builtin:invalid-request', effect: 'deny', description: reason }], subcommands: [] };
}

export async function decideBatchLine(line: string, cache: EvaluatorCache, io: CliIo): Promise<Decision> {
  let data: unknown;
  try {
    data = JSON.parse(line);
  } catch {
    return rejectedLine('invalid request: the line is not JSON');
  }
  const parsed = batchLineSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return rejectedLine(`invalid request: ${issue ? `${issue.path.join('.') || 'line'}: ${issue.message}` : 'unexpected shape'}`);
  }
  const request = parsed.data;
  const cwd = resolve(io.cwd, request.cwd ?? '.');
  const workspace = workspaceFor(request.workspace, cwd, io);
  const evaluator = await cache.get(workspace);
  return request.kind === 'command'
    ? evaluator.checkCommand({ command: request.cmd, cwd, workspace, agent: request.agent })
    : evaluator.checkPath({ op: request.op, path: request.path, cwd, workspace, agent: request.agent });
}

async function runBatch(io: CliIo, policyFile: string | undefined): Promise<number> {
  const cache = new EvaluatorCache(io, policyFile);
  const lines = createInterface({ input: io.stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.trim() === '') continue;
    let decision: Decision;
    try {
      decision = await decideBatchLine(line, cache, io);
    } catch (error) {
      decision = rejectedLine(`internal error: ${error instanceof Error ? error.message : String(error)}`);
    }
    // Backpressure: a reader slower than the engine must slow us down, not make a write fail (ENOBUFS).
    if (io.write(`${JSON.stringify(decision)}\n`) === false && io.drained) await io.drained();
  }
  return 0;
}

export const checkCommand: CliCommand = async (args, io) => {
  const parsed = parseCliArgs(args, { values: ['cwd', 'workspace', 'policy', 'op', 'agent'], switches: ['json', 'batch'] });
  if (typeof parsed === 'string') return usage(io, parsed);
  if (parsed.help) {
    io.write(CHECK_USAGE);
    return 0;
  }
  const policyOption = parsed.options.get('policy');
  const policyFile = policyOption === undefined ? undefined : resolve(io.cwd, policyOption);
  if (policyFile !== undefined && !existsSync(policyFile)) return usage(io, `policy file not found: ${policyFile}`);
  if (parsed.flags.has('batch')) return parsed.positional.length > 0 ? usage(io, 'no arguments with --batch') : runBatch(io, policyFile);
  const [kind, target, ...extra] = parsed.positional;
  if (extra.length > 0) return usage(io, `unexpected argument '${extra[0]}' (quote the command)`);
  if (target === undefined || (kind !== 'command' && kind !== 'path')) return usage(io, 'say what to check: command or path');
  const cwd = resolve(io.cwd, parsed.options.get('cwd') ?? '.');
  const workspace = workspaceFor(parsed.options.get('workspace'), cwd, io);
  const agent = parsed.options.get('agent');
  const evaluator = await new EvaluatorCache(io, policyFile).get(workspace);
  let decision: Decision;
  if (kind === 'command') {
    decision = evaluator.checkCommand({ command: target, cwd, workspace, agent });
  } else {
    const op = pathOpSchema.safeParse(parsed.options.get('op'));
    if (!op.success) return usage(io, '--op must be read, write, delete or execute');
    decision = evaluator.checkPath({ op: op.data, path: target, cwd, workspace, agent });
  }
  io.write(parsed.flags.has('json') ? `${JSON.stringify(decision)}\n` : formatDecision(decision));
  return EXIT_BY_DECISION[decision.decision];
};

/**
 * The workspace a check is judged against. `--workspace` (or a batch line's `workspace`) is taken as
 * given; the engine still refuses `/` and the home folder. Otherwise a cwd is only a place to start
 * looking: its project folder (.git or a committed policy, see workspaceRoot.ts), else the directory
 * `agent-guard` itself runs in, never the claimed cwd (`--cwd /` must not make / the workspace).
 */
function workspaceFor(explicit: string | undefined, cwd: string, io: CliIo): string {
  if (explicit !== undefined) return resolve(io.cwd, explicit);
  const home = nodePathEnvironment(io.env).home;
  const found = findWorkspaceRoot(cwd, home);
  if (found.found) return found.root;
  const own = findWorkspaceRoot(io.cwd, home);
  return own.found ? own.root : resolve(io.cwd);
}

function usage(io: CliIo, message: string): number {
  io.error(`agent-guard check: ${message}\n${CHECK_USAGE}`);
  return EXIT_USAGE;
}
