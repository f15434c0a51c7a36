/**
 * The layered policy of this window: user settings (`agentGuard.policy`, user scope only: a workspace's
 * settings.json must not be able to loosen it), the workspace file `.vscode/agent-guard.json` (trusted
 * only when VS Code's Workspace Trust says so) and the managed file. A broken layer falls back to its
 * last good version, or the strict defaults (src/node/policyFiles.ts), so a bad edit only tightens.
 * Problems become diagnostics on the file; every (re)load is audited as `policy-changed`.
 * Layers are read lazily; the evaluator (which loads the WebAssembly command parser) on first check.
 */
import { dirname, sep } from 'node:path';
import * as vscode from 'vscode';
import type { AuditEntryInput } from '../../engine/audit/auditEntry';
import { createEvaluator, type Evaluator } from '../../engine/evaluator';
import { taintRequestFor } from '../../engine/taint/view';
import type { SandboxRunSettings } from '../interceptor/executor';
import { nodeCommandAnalyzer } from '../../node/commandAnalyzerLoader';
import {
  cliLayerFiles, formatProblem, loadLayers, nodeFileSystemPort, nodePathEnvironment, WORKSPACE_POLICY, type LoadedPolicy,
} from '../../node/policyFiles';
import { showPolicyProblems } from '../diagnostics';
import type { GuardPolicy, PolicySnapshot } from './guardServices';

export const USER_POLICY_SETTING = 'agentGuard.policy';
const USER_POLICY_ORIGIN = 'user settings (agentGuard.policy)';
/** Changes usually come in bursts (save + watcher + settings sync); reload once they settle. */
const RELOAD_DELAY_MS = 100;

/** Also the interceptor's DecisionPort (same method shapes). */
export interface PolicyService extends GuardPolicy, vscode.Disposable {
  /** The effective policy's sandbox section (required, network, limits) for the command executor. */
  sandboxSettings(): Promise<SandboxRunSettings>;
  /** Loads now if nothing is loaded yet (used after activation so diagnostics appear early). */
  warmUp(): void;
}

export interface PolicyServiceOptions {
  workspace: string | undefined;
  log: vscode.LogOutputChannel;
  diagnostics: vscode.DiagnosticCollection;
  audit: (entry: AuditEntryInput) => void;
}

interface Loaded {
  snapshot: PolicySnapshot;
  evaluator?: Promise<Evaluator>;
}

/** Only the user's own settings count: workspace or folder values of this setting are ignored. */
function userPolicyText(): string | undefined {
  const value = vscode.workspace.getConfiguration('agentGuard').inspect<unknown>('policy')?.globalValue;
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 0) return undefined;
  return JSON.stringify(value);
}

export function createPolicyService(options: PolicyServiceOptions): PolicyService {
  const { workspace, log } = options;
  const changed = new vscode.EventEmitter<PolicySnapshot>();
  let lastGood: LoadedPolicy['good'] = {};
  let loaded: Loaded | undefined;
  let loads = 0;
  let timer: NodeJS.Timeout | undefined;
  /** Every cause seen while a reload waits: one reload, but the audit entry names all of them. */
  const pendingCauses = new Set<string>();

  const load = (cause: string): Loaded => {
    const userText = userPolicyText();
    const trusted = vscode.workspace.isTrusted;
    const files = cliLayerFiles({
      workspace: workspace ?? '/', env: process.env, trusted, lastGood,
      ...(userText !== undefined ? { userPolicy: { origin: USER_POLICY_ORIGIN, text: userText } } : {}),
    }).filter((layer) => workspace !== undefined || layer.source !== 'workspace');
    const result = loadLayers(files);
    lastGood = { ...lastGood, ...result.good };
    for (const problem of result.problems) log.warn(`policy problem: ${formatProblem(problem)}`);
    showPolicyProblems(options.diagnostics, result.problems);
    const snapshot: PolicySnapshot = { policy: result.policy, problems: result.problems, degraded: result.degraded, trusted };
    options.audit({
      agent: 'agent-guard', operation: loads++ === 0 ? 'policy.load' : 'policy.reload', target: result.policy.layers.join('; ') || 'defaults',
      result: 'policy-changed', source: 'system',
      reason: `policy ${loads === 1 ? 'loaded' : 'reloaded'} (${cause}): template ${result.policy.template}${result.degraded ? `, ${result.problems.length} problem(s), fell back to stricter settings` : ''}`,
      details: { cause, template: result.policy.template, problems: result.problems.length, degraded: result.degraded, trusted },
    });
    changed.fire(snapshot);
    return { snapshot };
  };
  const current = (): Loaded => (loaded ??= load('first use'));
  const evaluator = (): Promise<Evaluator> => {
    const state = current();
    state.evaluator ??= nodeCommandAnalyzer().then((analyzer) => createEvaluator({
      policy: state.snapshot.policy, analyzer, fs: nodeFileSystemPort(), env: nodePathEnvironment(process.env),
    }));
    // A failed build is retried on the next check (the port's throw already denied this one).
    state.evaluator.catch(() => { state.evaluator = undefined; });
    return state.evaluator;
  };
  const reloadSoon = (cause: string) => {
    pendingCauses.add(cause);
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      const causes = [...pendingCauses].join('; ');
      pendingCauses.clear();
      loaded = load(causes);
      log.info(`policy reloaded (${causes})`);
    }, RELOAD_DELAY_MS);
  };

  const subscriptions: vscode.Disposable[] = [
    vscode.workspace.onDidChangeConfiguration((event) => { if (event.affectsConfiguration(USER_POLICY_SETTING)) reloadSoon('user settings changed'); }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => reloadSoon('workspace trusted')),
  ];
  if (workspace) {
    // The folder too: a file written into a just-created .vscode folder may never be reported (inotify).
    const folder = dirname(WORKSPACE_POLICY);
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(workspace, `{${folder},${WORKSPACE_POLICY.split(sep).join('/')}}`));
    const fileChanged = () => reloadSoon(`${WORKSPACE_POLICY} changed`);
    subscriptions.push(watcher, watcher.onDidChange(fileChanged), watcher.onDidCreate(fileChanged), watcher.onDidDelete(fileChanged));
  }
  const cwdOf = (cwd?: string) => cwd ?? workspace ?? '/';

  return {
    current: async () => current().snapshot,
    onDidChange: changed.event,
    checkCommand: async (command, cwd, options) => (await evaluator()).checkCommand({ command, cwd: cwdOf(cwd), workspace: workspace ?? '/', ...options }),
    checkPath: async (kind, path) => (await evaluator()).checkPath({ op: kind === 'create' ? 'write' : kind, path, cwd: cwdOf(), workspace: workspace ?? '/' }),
    taintView: async (operation) => (await evaluator()).taintView(taintRequestFor(operation, workspace ?? '/')),
    sandboxSettings: async () => {
      const { sandbox, network } = current().snapshot.policy;
      return { ...sandbox, egressHosts: { allowedHosts: network.allowedHosts, deniedHosts: network.deniedHosts } };
    },
    warmUp: () => { if (!loaded && !timer) setTimeout(() => void current(), 0); },
    dispose: () => {
      if (timer) clearTimeout(timer);
      for (const subscription of subscriptions) subscription.dispose();
      changed.dispose();
    },
  };
}
