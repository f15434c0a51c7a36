/**
 * The permission engine's entry point: `createEvaluator(...)` compiles a policy once and answers
 * `checkCommand` / `checkPath` synchronously with a Decision. Never throws: anything unexpected
 * becomes a deny with the reason, so a bug fails closed.
 */
import type { CommandAnalysis, CommandAnalyzer, SimpleCommand } from '../command/analysis';
import { cachingAnalyzer } from '../command/cache';
import type { Decision, SubcommandDecision } from '../decision';
import type { PathEnvironment } from '../path/normalize';
import { normalisePath } from '../path/normalize';
import { judgePath, normaliseWorkspace, type FileSystemPort } from '../path/pathCheck';
import { checkCwdInside, checkWorkspaceBounds } from '../path/workspaceBounds';
import { decodeFileUri } from '../path/fileUri';
import { patternMatches, shapeArgv, compilePattern, type CompiledPattern } from '../policy/commandPattern';
import { compilePolicy, type CompiledPolicy } from '../policy/compile';
import type { EffectivePolicy } from '../policy/merge';
import type { AgentProfile, PathOp } from '../policy/schema';
import { READ_ONLY_COMMANDS } from '../policy/templates';
import { directoriesEntered, judgeLineLevel, judgeSimpleCommand, type LineContext } from './commandJudge';
import { addFinding, mergeJudgement, sortReasons, type Judgement } from './judgement';
import { applyModes } from './modes';
import { checkRenameRaces } from './renameRace';
import type { TaintView } from '../taint/taintGuard';
import { buildTaintView, type TaintRequest } from '../taint/view';

export interface CommandRequest {
  command: string;
  cwd: string;
  workspace: string;
  /** Agent id (e.g. `claude-code`), used to pick its profile. */
  agent?: string;
  /**
   * Names of the vault secrets this command asks to have injected. Expanding exactly these is not a
   * secret read: the vault gives a value only to a line its entry allows, and the output is redacted.
   */
  injectedSecrets?: readonly string[];
}

export interface PathCheckRequest {
  op: PathOp;
  path: string;
  cwd: string;
  workspace: string;
  agent?: string;
}

export interface Evaluator {
  readonly policy: EffectivePolicy;
  checkCommand(request: CommandRequest): Decision;
  checkPath(request: PathCheckRequest): Decision;
  /** What an operation exposes for taint, with the policy's taint settings (src/engine/taint/view.ts). Off the decision path. */
  taintView(request: TaintRequest): TaintView;
  /** Vault secret names the policy lets this simple command receive (for the sandbox runner). */
  secretsFor(argv: readonly string[]): string[];
}

export interface EvaluatorOptions {
  policy: EffectivePolicy;
  analyzer: CommandAnalyzer;
  fs: FileSystemPort;
  env: PathEnvironment;
  /**
   * How many distinct command lines keep their analysis (LRU, see command/cache.ts); 0 turns the
   * cache off. Analyses depend only on the line, never on cwd, workspace or policy.
   */
  analysisCacheSize?: number;
}

/** Enough for an agent session's working set of repeated commands; ~1 KiB per entry. */
export const DEFAULT_ANALYSIS_CACHE_SIZE = 512;

const READ_ONLY_PATTERNS: CompiledPattern[] = READ_ONLY_COMMANDS.map(compilePattern)
  .filter((p): p is CompiledPattern => typeof p !== 'string');

function isReadOnlyCommand(command: SimpleCommand): boolean {
  const shape = shapeArgv(command.program, command.argv);
  return READ_ONLY_PATTERNS.some((p) => patternMatches(p, shape, true));
}

function toDecision(j: Judgement, subcommands: SubcommandDecision[]): Decision {
  sortReasons(j);
  const reasons = (j.verdict === 'allow' ? [...j.allowNotes, ...j.reasons] : j.reasons).filter((r) => r.length > 0);
  if (reasons.length === 0) reasons.push(j.verdict === 'allow' ? 'allowed by policy' : 'not allowed by policy');
  return { decision: j.verdict, risk: j.risk, reasons, matchedRules: j.rules, subcommands };
}

function failClosed(reason: string): Decision {
  return { decision: 'deny', risk: 'high', reasons: [reason], matchedRules: [{ source: 'builtin', ruleId: 'builtin:internal-error', effect: 'deny', description: reason }], subcommands: [] };
}

export function createEvaluator(options: EvaluatorOptions): Evaluator {
  const compiled: CompiledPolicy = compilePolicy(options.policy, { home: options.env.home, nocase: options.fs.caseInsensitive });
  let foldedPolicy: CompiledPolicy | undefined;
  const folded = (): CompiledPolicy => (foldedPolicy ??= compiled.nocase ? compiled : compilePolicy(options.policy, { home: options.env.home, nocase: true }));
  const base = { compiled, fs: options.fs, env: options.env, folded };
  const profileOf = (agent: string | undefined): AgentProfile =>
    (agent !== undefined ? options.policy.agents.profiles[agent] : undefined) ?? options.policy.agents.defaultProfile;

  const analyzer = cachingAnalyzer(options.analyzer, options.analysisCacheSize ?? DEFAULT_ANALYSIS_CACHE_SIZE);
  const analyse = (line: string): CommandAnalysis | undefined => {
    try {
      return analyzer.analyze(line);
    } catch {
      return undefined;
    }
  };

  const commandDecision = (request: CommandRequest): Decision => {
    const analysed = analyse(request.command);
    if (!analysed) return failClosed('the command analyzer failed on this command');
    const analysis = request.injectedSecrets?.length ? withoutInjectedSecretReads(analysed, request.injectedSecrets) : analysed;
    const entered = directoriesEntered(analysis, { cwd: request.cwd, env: options.env });
    // Spelled out rather than `{ ...base }`: object spread here measured ~4% of a whole decision.
    const ctx: LineContext = { compiled, fs: options.fs, env: options.env, folded, cwd: request.cwd, workspace: request.workspace, cwds: entered.cwds };
    const profile = profileOf(request.agent);
    const overall = judgeLineLevel(analysis, ctx);
    judgeWhereItRuns(overall, request);
    checkRenameRaces(overall, analysis, request.cwd, options.env);
    if (entered.unknown) {
      const reason = 'the line changes to a directory that cannot be determined, so relative paths cannot be checked';
      addFinding(overall, { verdict: 'ask', risk: 'medium', reason, firm: true, rule: { source: 'builtin', ruleId: 'builtin:unknown-cwd', effect: 'ask', description: reason } });
    }
    const modeInput = (readOnlyOperation: boolean) => ({ policy: options.policy, profile, agent: request.agent, readOnlyOperation });
    const subcommands: SubcommandDecision[] = analysis.commands.map((command, index) => {
      const judged = judgeSimpleCommand(index, analysis, ctx);
      // Only the read-only profile needs this, and it costs a scan of every read-only pattern.
      const readOnly = profile === 'read-only' && isReadOnlyCommand(command) && !analysis.effects.some((e) => e.commandIndex === index && e.kind !== 'read');
      applyModes(judged, modeInput(readOnly));
      mergeJudgement(overall, judged);
      // `judged` is finished with (merged above), so toDecision may sort its reasons in place.
      const shown = toDecision(judged, []);
      return { command: command.argv.join(' '), decision: shown.decision, risk: shown.risk, reasons: shown.reasons };
    });
    if (analysis.commands.length === 0 && overall.reasons.length === 0) overall.allowNotes.push('nothing to run');
    applyModes(overall, modeInput(overall.verdict === 'allow' && analysis.effects.every((e) => e.kind === 'read')));
    return toDecision(overall, subcommands);
  };

  /** The workspace must be a project folder, and the command must start inside it. */
  const judgeWhereItRuns = (into: Judgement, request: CommandRequest): void => {
    const workspace = normaliseWorkspace(request.workspace, options.env);
    const cwd = normalisePath(request.cwd, '/', options.env);
    if (!workspace.ok || !cwd.ok) {
      const reason = `the ${workspace.ok ? 'working directory' : 'workspace'} cannot be determined exactly, so nothing the command touches can be placed`;
      addFinding(into, { verdict: 'ask', risk: 'medium', reason, firm: true, rule: { source: 'builtin', ruleId: 'builtin:workspace:unusable', effect: 'ask', description: reason } });
      return;
    }
    checkWorkspaceBounds(into, workspace.path, options.env, compiled.nocase);
    checkCwdInside(into, cwd.path, workspace.path, compiled.nocase);
  };

  const pathDecision = (request: PathCheckRequest): Decision => {
    const decoded = decodeFileUri(request.path);
    if (!decoded.ok) return unusableUri(request, decoded.reason);
    const judged = judgePath(decoded.path === request.path ? request : { ...request, path: decoded.path }, base);
    const workspace = normaliseWorkspace(request.workspace, options.env);
    if (workspace.ok) checkWorkspaceBounds(judged, workspace.path, options.env, compiled.nocase);
    if (judged.verdict === 'allow' && judged.reasons.length === 0) judged.allowNotes.push(`${request.op} ${request.path}: allowed by policy`);
    applyModes(judged, { policy: options.policy, profile: profileOf(request.agent), agent: request.agent, readOnlyOperation: request.op === 'read' });
    return toDecision(judged, []);
  };

  return {
    policy: options.policy,
    checkCommand: (request) => guarded(() => commandDecision(request)),
    checkPath: (request) => guarded(() => pathDecision(request)),
    taintView: (request) => buildTaintView(request, analyse, options.env, options.policy.taint),
    secretsFor: (argv) => {
      const program = argv[0] ?? '';
      const shape = shapeArgv(program.slice(program.lastIndexOf('/') + 1), argv);
      return compiled.secretGrants.filter((g) => g.patterns.some((p) => patternMatches(p, shape, true))).map((g) => g.grant.name);
    },
  };
}

/** A copy (the analysis is cached and shared) without the secret-reads of the named, injected variables. */
function withoutInjectedSecretReads(analysis: CommandAnalysis, injected: readonly string[]): CommandAnalysis {
  const waived = (c: CommandAnalysis['concerns'][number]) => c.kind === 'secret-read' && c.variable !== undefined && injected.includes(c.variable);
  return analysis.concerns.some(waived) ? { ...analysis, concerns: analysis.concerns.filter((c) => !waived(c)) } : analysis;
}

function unusableUri(request: PathCheckRequest, why: string): Decision {
  const reason = `${request.op} ${request.path}: ${why}`;
  return { decision: 'ask', risk: 'medium', reasons: [reason], subcommands: [], matchedRules: [{ source: 'builtin', ruleId: 'builtin:path:uri', effect: 'ask', description: reason }] };
}

function guarded(run: () => Decision): Decision {
  try {
    return run();
  } catch (error) {
    return failClosed(`internal error while deciding (${error instanceof Error ? error.name : 'unknown'}); denied to be safe`);
  }
}
