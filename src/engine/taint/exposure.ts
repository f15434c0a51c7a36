/**
 * What an operation exposes, for taint: credential reads, egress, agent-settings changes, executed and
 * downloaded files, downloads piped into a shell, and the untrusted content it brings in. Built on the
 * command analyzer's effects and the built-in protected-path lists, so there is one notion of "a
 * credential file" and "an agent setting" in the engine. The lists are used whatever the policy's
 * `paths.protected` switches say: a policy may let an agent read `.env`, and taint must still see it.
 */
import type { CommandAnalysis, Effect } from '../command/analysis';
import { compileGlob, globMatches, type CompiledGlob } from '../path/globs';
import { isInside, normalisePath, type PathEnvironment } from '../path/normalize';
import { PROTECTED_ENTRIES } from '../path/protectedSets';
import { LABEL_MAX, type Exposure, type TaintSource } from './types';

export interface ExposureContext {
  cwd: string;
  workspace: string;
  env: PathEnvironment;
}

let compiled: { credentials: CompiledGlob[]; settings: CompiledGlob[] } | undefined;

/** None of these entries use `~`, so one case-folded compilation serves every home directory. */
function globs(): { credentials: CompiledGlob[]; settings: CompiledGlob[] } {
  const of = (ids: readonly string[]) => PROTECTED_ENTRIES.filter((e) => ids.includes(e.id))
    .flatMap((e) => e.globs).map((glob) => compileGlob(glob, { home: '', nocase: true }));
  compiled ??= { credentials: of(['secrets.credentials']), settings: of(['agent-config.settings', 'agent-config.instructions']) };
  return compiled;
}

const CREDENTIAL_EXCEPTIONS = PROTECTED_ENTRIES.find((e) => e.id === 'secrets.credentials')?.except?.map((g) => compileGlob(g, { home: '', nocase: true })) ?? [];

function matchesAny(list: readonly CompiledGlob[], path: string): boolean {
  const forms = { absolute: path.toLowerCase(), relative: undefined };
  return list.some((glob) => globMatches(glob, forms));
}

export function isCredentialPath(path: string): boolean {
  return matchesAny(globs().credentials, path) && !matchesAny(CREDENTIAL_EXCEPTIONS, path);
}

export function isAgentSettingsPath(path: string): boolean {
  return matchesAny(globs().settings, path);
}

/** A path as a developer recognises it: workspace-relative inside it, `~/…` under home; bounded. */
export function pathLabel(path: string, ctx: Pick<ExposureContext, 'workspace' | 'env'>): string {
  let label = path;
  if (ctx.workspace !== '' && isInside(path, ctx.workspace) && path !== ctx.workspace) label = path.slice(ctx.workspace.length + (ctx.workspace.endsWith('/') ? 0 : 1));
  else if (ctx.env.home !== '' && isInside(path, ctx.env.home)) label = `~${path.slice(ctx.env.home.length)}`;
  return label.length > LABEL_MAX ? `…${label.slice(-(LABEL_MAX - 1))}` : label;
}

function absolute(target: string, ctx: ExposureContext): string | undefined {
  const normalised = normalisePath(target, ctx.cwd, ctx.env);
  return normalised.ok ? normalised.path : undefined;
}

/** Package and image uploads: what comes back is the registry's own status, not content someone wrote. */
const PUBLISH_VIAS = new Set(['npm publish', 'pnpm publish', 'yarn publish', 'bun publish', 'docker push', 'docker login']);
const GH_WRITE_VERBS = new Set(['create', 'comment', 'close', 'reopen', 'edit', 'merge', 'ready', 'lock', 'unlock', 'delete', 'upload']);

/**
 * A command that only sends: its output is the receiving server's status, not content written by
 * someone else, so it brings nothing in. Still egress for the trifecta (out.egress), and recording
 * nothing never clears what the session read before. Anything not listed here that reaches the
 * network taints, a request with a body included (curl -d reads the response too).
 */
function sendsOnly(effect: Effect, argv: readonly string[]): boolean {
  if (effect.via === 'git push' || PUBLISH_VIAS.has(effect.via)) return true;
  // `git remote add|set-url` only records a URL; nothing is contacted.
  if (effect.via === 'git remote add' || effect.via === 'git remote set-url') return true;
  // scp/rsync/sftp upload: the remote operand is only the destination (the last one).
  if (['scp', 'rsync', 'sftp'].includes(effect.via)) {
    const remote = argv.slice(1).filter((word) => !word.startsWith('-') && /^(?:[^@/:\s]+@)?[a-zA-Z0-9][a-zA-Z0-9.-]*:(?!\/\/)/.test(word));
    return remote.length === 1 && argv[argv.length - 1] === remote[0];
  }
  return effect.via === 'gh' && ['issue', 'pr', 'release'].includes(argv[1] ?? '') && GH_WRITE_VERBS.has(argv[2] ?? '');
}

/** Which kind of untrusted content a network effect brings in; none for a command that only sends. */
function broughtBy(effect: Effect, analysis: CommandAnalysis): Omit<TaintSource, 'at'> | undefined {
  const argv = analysis.commands[effect.commandIndex]?.argv ?? [];
  if (sendsOnly(effect, argv)) return undefined;
  const host = effect.target === '' ? 'an unnamed host' : effect.target.slice(0, LABEL_MAX);
  if (effect.via === 'gh' && argv.some((word) => word === 'issue' || word === 'pr' || word === 'api')) {
    return { kind: 'issue-text', label: `${host} (${argv.slice(0, 3).join(' ').slice(0, 60)})` };
  }
  if (['curl', 'wget', 'http', 'https', 'xh', 'aria2c'].includes(effect.via)) return { kind: 'web-fetch', label: host };
  return { kind: 'network-output', label: host };
}

export function commandExposure(analysis: CommandAnalysis, ctx: ExposureContext): Exposure {
  const out: Exposure = { credentials: [], egress: [], settings: [], executes: [], downloads: [], pipesDownloadToShell: false, brings: [] };
  const downloaders = new Set<number>();
  for (const effect of analysis.effects) {
    if (effect.kind !== 'network') continue;
    out.egress.push(effect.target.toLowerCase());
    downloaders.add(effect.commandIndex);
    const brings = broughtBy(effect, analysis);
    if (brings) out.brings.push(brings);
  }
  for (const effect of analysis.effects) {
    if (effect.kind === 'network') continue;
    const path = absolute(effect.target, ctx);
    if (path === undefined) continue;
    if (effect.kind === 'read' && isCredentialPath(path)) out.credentials.push(path);
    if ((effect.kind === 'write' || effect.kind === 'delete') && isAgentSettingsPath(path)) out.settings.push(path);
    if (effect.kind === 'write' && downloaders.has(effect.commandIndex)) out.downloads.push(path);
    if (effect.kind === 'execute') out.executes.push(path);
  }
  out.pipesDownloadToShell = out.egress.length > 0 && analysis.concerns.some((c) => c.kind === 'pipe-to-shell' || c.kind === 'decode-to-shell');
  return out;
}

export type PathExposureKind = 'read' | 'write' | 'create' | 'delete';

export function pathExposure(kind: PathExposureKind, target: string, ctx: ExposureContext): Exposure {
  const out: Exposure = { credentials: [], egress: [], settings: [], executes: [], downloads: [], pipesDownloadToShell: false, brings: [] };
  const path = absolute(target, ctx);
  if (path === undefined) return out;
  if (kind === 'read') {
    if (isCredentialPath(path)) out.credentials.push(path);
    if (ctx.workspace !== '' && !isInside(path, ctx.workspace)) out.brings.push({ kind: 'outside-workspace', label: pathLabel(path, ctx) });
  } else if (isAgentSettingsPath(path)) {
    out.settings.push(path);
  }
  return out;
}
