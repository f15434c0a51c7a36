/**
 * Judges one file operation against the compiled policy: normalise, resolve symlinks through the port
 * (the link and its target must both pass), then denied paths and deny rules, built-in protected sets,
 * ask rules, allow rules / allowed_paths, and finally the inside/outside-workspace default.
 */
import { minimatch } from 'minimatch';
import type { RuleMatch } from '../decision';
import { addFinding, emptyJudgement, mergeJudgement, type Judgement } from '../evaluator/judgement';
import type { CompiledPolicy } from '../policy/compile';
import type { PathOp } from '../policy/schema';
import { globMatches, type CompiledGlob, type PathForms } from './globs';
import { foldName } from './foldName';
import { foldAbsolute, isInside, normalisePath, type NormalisedPath, type PathEnvironment } from './normalize';

/** File-system facts the engine needs; the node adapter is src/node/policyFiles.ts. */
export interface FileSystemPort {
  /** The path with every symlink resolved; for paths that do not exist yet, the existing prefix is resolved. */
  realpath(path: string): string;
  /** True where the file system matches names case-insensitively (macOS, Windows defaults). */
  readonly caseInsensitive: boolean;
}

export interface PathRequest {
  op: PathOp;
  path: string;
  cwd: string;
  workspace: string;
}

export interface PathContext {
  compiled: CompiledPolicy;
  fs: FileSystemPort;
  env: PathEnvironment;
  /**
   * The same policy compiled case-insensitively (built on first use): protected names and deny rules
   * are also matched against the folded spelling (foldName.ts), whatever the volume does with case.
   */
  folded?: () => CompiledPolicy;
}

function any(globs: readonly CompiledGlob[], forms: PathForms): boolean {
  for (const glob of globs) if (globMatches(glob, forms)) return true;
  return false;
}

function formsOf(path: string, workspace: string, nocase: boolean): PathForms {
  const absolute = nocase ? path.toLowerCase() : path;
  const root = nocase ? workspace.toLowerCase() : workspace;
  const inside = isInside(absolute, root);
  return { absolute, relative: inside ? (absolute === root ? '.' : absolute.slice(root === '/' ? 1 : root.length + 1)) : undefined };
}

function builtinMatch(ruleId: string, effect: RuleMatch['effect'], description: string): RuleMatch {
  return { source: 'builtin', ruleId, effect, description };
}

/**
 * Judges one concrete absolute path. `sensitiveOnly` keeps just deny rules and protected sets: used for
 * words that merely look like paths, where workspace defaults would only add noise.
 */
function judgeConcrete(op: PathOp, path: string, workspace: string, ctx: PathContext, sensitiveOnly = false): Judgement {
  const { compiled } = ctx;
  const out = emptyJudgement();
  const forms = formsOf(path, workspace, compiled.nocase);
  const inside = forms.relative !== undefined;
  const show = path;
  for (const rule of compiled.pathRules) {
    if (rule.effect === 'allow' || (sensitiveOnly && rule.effect !== 'deny') || !rule.ops.has(op) || !any(rule.globs, forms)) continue;
    const reason = `${op} ${show}: ${rule.description}`;
    addFinding(out, { verdict: rule.effect, risk: rule.risk, reason, rule: { source: rule.source, ruleId: rule.id, effect: rule.effect, description: reason } });
  }
  if (any(compiled.harmlessDevices, forms)) {
    addFinding(out, { verdict: 'allow', risk: 'low', reason: '' });
    return out;
  }
  for (const { entry, globs, except } of compiled.protectedPaths) {
    const verdict = entry.verdicts[op];
    if (!verdict || (entry.outsideWorkspaceOnly && inside) || !any(globs, forms) || any(except, forms)) continue;
    if (verdict === 'allow') continue;
    const reason = `${op} ${show}: protected, it ${entry.why}`;
    addFinding(out, { verdict, risk: entry.risk, reason, firm: true, rule: builtinMatch(`builtin:protected-path:${entry.id}`, verdict, reason) });
  }
  if (out.verdict !== 'allow' || sensitiveOnly) return out;
  const allowRule = compiled.pathRules.find((rule) => rule.effect === 'allow' && rule.ops.has(op) && any(rule.globs, forms));
  if (allowRule) {
    const reason = `${op} ${show}: ${allowRule.description}`;
    addFinding(out, { verdict: 'allow', risk: allowRule.risk, reason, rule: { source: allowRule.source, ruleId: allowRule.id, effect: 'allow', description: reason } });
    return out;
  }
  const defaults = inside ? compiled.policy.paths.insideWorkspace : compiled.policy.paths.outsideWorkspace;
  const verdict = defaults[op];
  const where = inside ? 'inside the workspace' : 'outside the workspace';
  const reason = verdict === 'allow' ? '' : `${op} ${show}: ${where}, the policy says ${verdict} for ${op}`;
  const risk = verdict === 'allow' ? 'low' : op === 'read' ? 'medium' : inside ? 'medium' : 'high';
  addFinding(out, { verdict, risk, reason, rule: verdict === 'allow' ? undefined : { source: 'defaults', ruleId: `paths.${inside ? 'insideWorkspace' : 'outsideWorkspace'}.${op}`, effect: verdict, description: reason } });
  return out;
}

/**
 * judgeConcrete depends on nothing but its arguments and the compiled policy (no file system, no
 * environment), and the same paths come back line after line (`src/…`, `.env`, `/dev/null`, build
 * outputs), so its findings are remembered per compiled policy. Each caller gets its own copy.
 */
const CONCRETE_REMEMBERED = 4096;
const MAX_REMEMBERED_PATH = 512;
const concreteByPolicy = new WeakMap<CompiledPolicy, Map<string, Judgement>>();

function copyJudgement(j: Judgement): Judgement {
  return { verdict: j.verdict, risk: j.risk, firm: j.firm, reasons: [...j.reasons], allowNotes: [...j.allowNotes], rules: j.rules.map((r) => ({ ...r })) };
}

function judgeConcreteRemembered(op: PathOp, path: string, workspace: string, ctx: PathContext, sensitiveOnly: boolean): Judgement {
  const rememberable = path.length <= MAX_REMEMBERED_PATH && workspace.length <= MAX_REMEMBERED_PATH && !path.includes('\0') && !workspace.includes('\0');
  if (!rememberable) return judgeConcrete(op, path, workspace, ctx, sensitiveOnly);
  let remembered = concreteByPolicy.get(ctx.compiled);
  if (!remembered) concreteByPolicy.set(ctx.compiled, (remembered = new Map()));
  // NUL separates the key's parts; paths holding one are not remembered.
  const key = `${op}\0${sensitiveOnly ? 1 : 0}\0${workspace}\0${path}`;
  let known = remembered.get(key);
  if (!known) {
    known = judgeConcrete(op, path, workspace, ctx, sensitiveOnly);
    if (remembered.size >= CONCRETE_REMEMBERED) remembered.clear();
    remembered.set(key, known);
  }
  return copyJudgement(known);
}

/** Names a wildcard must not be able to expand to without a human looking. */
const SENSITIVE_PROBES = ['.env', '.env.local', 'id_rsa', 'id_ed25519', 'id_ecdsa', 'private.pem', 'server.key', 'cert.p12', '.npmrc', '.netrc', '.git-credentials', '.pypirc', 'credentials', '.ssh', '.aws', '.gnupg', 'settings.json', 'tasks.json', 'mcp.json', 'agent-guard.json', 'config', 'hooks'];

/**
 * Could this shell wildcard expand to protected files? A segment like `.e*` or `[.]env` reaches
 * hidden names; a last segment like `*` or `*.pem` could name keys. Bash's default (no dotglob) is
 * assumed for `*` itself, so `src/*.ts` stays allowed.
 */
export function wildcardCouldReachProtected(path: string): boolean {
  const segments = path.split('/');
  for (const [index, segment] of segments.entries()) {
    if (!/[*?[{]/.test(segment)) continue;
    if (/^[.[{]/.test(segment) || segment.includes('{')) return true;
    if (index === segments.length - 1) {
      const re = minimatch.makeRe(segment, { dot: false });
      if (re === false || SENSITIVE_PROBES.some((probe) => re.test(probe))) return true;
    }
  }
  return false;
}

/** The last workspace normalised: every check in a session names the same one. */
let lastWorkspace: { raw: string; normalised: NormalisedPath } | undefined;

/** A workspace path without `~` or `$` normalises the same whatever the environment, so it is remembered. */
export function normaliseWorkspace(raw: string, env: PathEnvironment): NormalisedPath {
  if (lastWorkspace?.raw === raw) return lastWorkspace.normalised;
  const normalised = normalisePath(raw, '/', env);
  if (!raw.includes('~') && !raw.includes('$')) lastWorkspace = { raw, normalised };
  return normalised;
}

export function judgePath(request: PathRequest, ctx: PathContext, sensitiveOnly = false): Judgement {
  const out = emptyJudgement();
  const normalised = normalisePath(request.path, request.cwd, ctx.env);
  const workspaceNorm = normaliseWorkspace(request.workspace, ctx.env);
  if (sensitiveOnly && (!normalised.ok || !workspaceNorm.ok)) return out;
  if (!normalised.ok || !workspaceNorm.ok) {
    const reason = `${request.op} ${request.path}: ${normalised.ok ? 'the workspace path is not usable' : normalised.reason}`;
    addFinding(out, { verdict: 'ask', risk: 'medium', reason, firm: true, rule: builtinMatch('builtin:path:unresolvable', 'ask', reason) });
    return out;
  }
  const lexical = normalised.path;
  const workspace = workspaceNorm.path;
  mergeJudgement(out, judgeConcreteRemembered(request.op, lexical, workspace, ctx, sensitiveOnly));
  judgeFolded(out, request.op, lexical, workspace, ctx);
  if (!sensitiveOnly && normalised.hasGlob && wildcardCouldReachProtected(lexical)) {
    const reason = `${request.op} ${request.path}: the wildcard could match hidden or protected files`;
    addFinding(out, { verdict: 'ask', risk: 'medium', reason, firm: true, rule: builtinMatch('builtin:path:wildcard', 'ask', reason) });
  }
  const real = safeRealpath(ctx.fs, lexical);
  const realWorkspace = safeRealpath(ctx.fs, workspace);
  if ((real === undefined || realWorkspace === undefined) && sensitiveOnly) return out;
  if (real === undefined || realWorkspace === undefined) {
    const reason = `${request.op} ${request.path}: could not resolve symbolic links`;
    addFinding(out, { verdict: 'ask', risk: 'medium', reason, firm: true, rule: builtinMatch('builtin:path:unresolvable', 'ask', reason) });
    return out;
  }
  if (real !== lexical || realWorkspace !== workspace) {
    const target = judgeConcreteRemembered(request.op, real, realWorkspace, ctx, sensitiveOnly);
    if (real !== lexical) target.reasons = target.reasons.map((r) => `${r} (symlink ${lexical} -> ${real})`);
    mergeJudgement(out, target);
  }
  return out;
}

const UPPER = /[A-Z]/;

/** Tighten only: the deny rules and protected sets, case-insensitively, on the folded spelling. */
function judgeFolded(out: Judgement, op: PathOp, lexical: string, workspace: string, ctx: PathContext): void {
  if (!ctx.folded) return;
  const folded = foldAbsolute(foldName(lexical));
  if (folded === lexical && (ctx.compiled.nocase || !UPPER.test(lexical))) return;
  const policy = ctx.folded();
  const found = judgeConcreteRemembered(op, folded, foldName(workspace), { ...ctx, compiled: policy }, true);
  if (folded !== lexical) found.reasons = found.reasons.map((r) => `${r} (${JSON.stringify(lexical)} reads as ${folded})`);
  mergeJudgement(out, found);
}

function safeRealpath(fs: FileSystemPort, path: string): string | undefined {
  try {
    const real = fs.realpath(path);
    return real.startsWith('/') ? foldAbsolute(real) : undefined;
  } catch {
    return undefined;
  }
}
