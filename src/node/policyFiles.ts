/**
 * Node side of policy loading: reads the layer files, the machine-wide managed policy and implements
 * the engine's file-system port (realpath). A broken layer never weakens protection: its last good
 * version is used if the caller kept one, else the strict template is forced on top.
 */
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { escape as escapeGlob } from 'minimatch';
import { homedir } from 'node:os';
import { basename, dirname, join, parse, resolve } from 'node:path';
import type { FileSystemPort } from '../engine/path/pathCheck';
import type { PathEnvironment } from '../engine/path/normalize';
import { parsePolicyText, type PolicyProblem } from '../engine/policy/load';
import { mergeLayers, type EffectivePolicy, type PolicyLayer } from '../engine/policy/merge';
import type { PolicyFile } from '../engine/policy/schema';
import { TEMPLATES } from '../engine/policy/templates';

export const DEFAULT_MANAGED_POLICY = '/etc/agent-guard/policy.json';
export const WORKSPACE_POLICY = join('.vscode', 'agent-guard.json');

export function managedPolicyPath(env: NodeJS.ProcessEnv): string {
  return env.AGENT_GUARD_MANAGED_POLICY || DEFAULT_MANAGED_POLICY;
}

export function workspacePolicyPath(workspace: string): string {
  return join(workspace, WORKSPACE_POLICY);
}

/** Resolves symlinks; for a path that does not exist yet, resolves its nearest existing ancestor. */
export function resolveLinks(path: string): string {
  try {
    return realpathSync.native(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const parent = dirname(path);
    if ((code === 'ENOENT' || code === 'ENOTDIR') && parent !== path) return join(resolveLinks(parent), basename(path));
    throw error;
  }
}

export function nodeFileSystemPort(): FileSystemPort {
  return { realpath: resolveLinks, caseInsensitive: process.platform === 'darwin' || process.platform === 'win32' };
}

export function nodePathEnvironment(env: NodeJS.ProcessEnv): PathEnvironment {
  return { home: env.HOME || homedir(), vars: env };
}

export type FileRead = { kind: 'missing' } | { kind: 'unreadable'; reason: string } | { kind: 'text'; text: string };

export function readPolicyText(file: string): FileRead {
  try {
    return { kind: 'text', text: readFileSync(file, 'utf8') };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { kind: 'missing' };
    return { kind: 'unreadable', reason: code ?? 'read error' };
  }
}

/**
 * A managed policy is an authority only if an ordinary user (or agent) cannot edit it: root-owned and
 * not writable by group or others. Otherwise only its restrictions apply.
 */
export function managedFileProblem(file: string): string | undefined {
  if (process.platform === 'win32') return undefined;
  try {
    const stat = statSync(file);
    if (stat.uid !== 0 || (stat.mode & 0o022) !== 0) {
      return 'the managed policy is not owned by root or is writable by others, so only its restrictions apply';
    }
  } catch {
    return undefined;
  }
  return undefined;
}

/** Agents may never change a policy file that governs them; each loaded file gets a deny rule. */
function protectPolicyFiles(policy: EffectivePolicy, files: readonly { source: LayerFile['source']; file: string }[]): void {
  for (const { source, file } of files) {
    if (!file.startsWith('/')) continue;
    policy.paths.rules.push({
      source,
      value: {
        id: `policy-file.${source}`, effect: 'deny', ops: ['write', 'delete'], globs: [escapeGlob(file)], risk: 'high',
        description: 'is a policy file; agents may not change their own policy',
      },
    });
  }
}

export interface LayerFile {
  source: 'user' | 'workspace' | 'managed';
  file: string;
  /** Workspace Trust; only the workspace layer uses it. */
  trusted?: boolean;
  /** Text already in memory (e.g. user settings); read from `file` otherwise. */
  text?: string;
  /** The last version of this layer that loaded cleanly, used if the current one is broken. */
  lastGood?: PolicyFile;
}

export interface LoadedPolicy {
  policy: EffectivePolicy;
  problems: PolicyProblem[];
  /** Layers that loaded cleanly, to pass back as `lastGood` next time. */
  good: Partial<Record<LayerFile['source'], PolicyFile>>;
  /** True when a broken layer forced a fallback. */
  degraded: boolean;
}

/** Loads layers given lowest first (user, workspace, managed); missing files are simply absent layers. */
export function loadLayers(files: readonly LayerFile[]): LoadedPolicy {
  const layers: PolicyLayer[] = [];
  const problems: PolicyProblem[] = [];
  const good: LoadedPolicy['good'] = {};
  const warnings: PolicyProblem[] = [];
  const loadedFiles: { source: LayerFile['source']; file: string }[] = [];
  let forceStrict = false;
  for (const layer of files) {
    const read: FileRead = layer.text !== undefined ? { kind: 'text', text: layer.text } : readPolicyText(layer.file);
    if (read.kind === 'missing') continue;
    // Protected even when broken: an agent must not "repair" a policy into a looser one.
    loadedFiles.push({ source: layer.source, file: layer.file });
    const result = read.kind === 'text'
      ? parsePolicyText(read.text, layer.file)
      : { problems: [{ file: layer.file, location: '$', message: `cannot read the policy file (${read.reason})` }] };
    problems.push(...result.problems);
    const ownership = layer.source === 'managed' && layer.text === undefined ? managedFileProblem(layer.file) : undefined;
    if (ownership) warnings.push({ file: layer.file, location: '$', message: ownership });
    const policy = result.policy ?? layer.lastGood;
    if (result.policy) good[layer.source] = result.policy;
    if (!policy) {
      forceStrict = true;
      continue;
    }
    layers.push({ source: layer.source, origin: layer.file + (result.policy ? '' : ' (last good version)'), policy, trusted: ownership ? false : layer.trusted });
  }
  if (forceStrict) {
    // Every strict setting made explicit, so the strictest-wins merge cannot pick a looser value from another layer.
    const { commands, ...strictSettings } = TEMPLATES.strict;
    const fallback: PolicyFile = { ...strictSettings, commands: { unknownPrograms: commands?.unknownPrograms, notUnderstood: commands?.notUnderstood } };
    layers.push({ source: 'defaults', origin: 'strict fallback: a policy layer is invalid', policy: fallback });
  }
  const policy = mergeLayers(layers);
  protectPolicyFiles(policy, loadedFiles);
  return { policy, problems: [...problems, ...warnings], good, degraded: problems.length > 0 };
}

export function formatProblem(problem: PolicyProblem): string {
  return `${problem.file}: ${problem.location}: ${problem.message}`;
}

export interface NodeEvaluatorOptions {
  workspace: string;
  env: NodeJS.ProcessEnv;
  /** An explicit policy file (CLI `--policy`); replaces the workspace's `.vscode/agent-guard.json`. */
  policyFile?: string;
  /** VS Code Workspace Trust; the CLI treats the workspace as trusted (default true). */
  trusted?: boolean;
  /** The user layer (VS Code user settings), as JSON text with a name for messages. */
  userPolicy?: { origin: string; text: string };
  /** `LoadedPolicy.good` from the previous load, so a broken edit falls back to the last good version. */
  lastGood?: LoadedPolicy['good'];
}

/** The layers, lowest first: user (if given), the workspace (or --policy) file, then the managed policy. */
export function cliLayerFiles(options: NodeEvaluatorOptions): LayerFile[] {
  const user: LayerFile[] = options.userPolicy
    ? [{ source: 'user', file: options.userPolicy.origin, text: options.userPolicy.text, lastGood: options.lastGood?.user }]
    : [];
  return [
    ...user,
    ...enclosingPolicyFiles(options.workspace, options.env.HOME || homedir()).map((file): LayerFile => ({ source: 'workspace', file, trusted: false })),
    {
      source: 'workspace', file: options.policyFile ?? workspacePolicyPath(options.workspace),
      trusted: options.trusted ?? true, lastGood: options.lastGood?.workspace,
    },
    { source: 'managed', file: managedPolicyPath(options.env), lastGood: options.lastGood?.managed },
  ];
}

/**
 * The committed policies of the folders enclosing the workspace, nearest last, up to but not including
 * the home folder and the root (issue 11: a sub-folder's own policy must not hide its repository's).
 * They apply as untrusted layers: their restrictions hold, their grants do not (the folder VS Code or
 * the caller chose stays the authority for what is allowed; see docs/policy.md, "Nested policies").
 */
export function enclosingPolicyFiles(workspace: string, home: string): string[] {
  const files: string[] = [];
  const stop = new Set([parse(resolve(workspace)).root, resolve(home)]);
  for (let dir = dirname(resolve(workspace)); !stop.has(dir); dir = dirname(dir)) {
    const file = workspacePolicyPath(dir);
    if (existsSync(file)) files.unshift(file);
    if (dirname(dir) === dir) break;
  }
  return files;
}
