/**
 * The interceptor's decision port in the extension: the engine's evaluator over the workspace's layered
 * policy (same layers as the CLI), built lazily (the command analyzer loads WebAssembly) and rebuilt when
 * the policy file changes. A policy that fails to load degrades to the strict defaults (policyFiles.ts).
 */
import * as vscode from 'vscode';
import { createEvaluator, type Evaluator } from '../../engine/evaluator';
import type { DecisionPort } from '../../engine/interceptor';
import { taintRequestFor } from '../../engine/taint/view';
import { nodeCommandAnalyzer } from '../../node/commandAnalyzerLoader';
import { cliLayerFiles, formatProblem, loadLayers, nodeFileSystemPort, nodePathEnvironment, WORKSPACE_POLICY } from '../../node/policyFiles';

export function workspacePolicyPort(workspace: string, log: vscode.LogOutputChannel): DecisionPort & vscode.Disposable {
  let evaluator: Promise<Evaluator> | undefined;
  const build = async (): Promise<Evaluator> => {
    // Workspace Trust decides whether the committed policy may loosen anything (policyService.ts does the same).
    const loaded = loadLayers(cliLayerFiles({ workspace, env: process.env, trusted: vscode.workspace.isTrusted }));
    for (const problem of loaded.problems) log.warn(`policy problem: ${formatProblem(problem)}`);
    return createEvaluator({ policy: loaded.policy, analyzer: await nodeCommandAnalyzer(), fs: nodeFileSystemPort(), env: nodePathEnvironment(process.env) });
  };
  const current = () => (evaluator ??= build().catch((error: unknown) => { evaluator = undefined; throw error; }));
  const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(workspace, WORKSPACE_POLICY));
  const reset = () => { evaluator = undefined; log.info('policy changed; it will be reloaded on the next check'); };
  watcher.onDidChange(reset);
  watcher.onDidCreate(reset);
  watcher.onDidDelete(reset);
  return {
    checkCommand: async (command, cwd, options) => (await current()).checkCommand({ command, cwd, workspace, ...options }),
    checkPath: async (kind, path) => (await current()).checkPath({ op: kind === 'create' ? 'write' : kind, path, cwd: workspace, workspace }),
    taintView: async (operation) => (await current()).taintView(taintRequestFor(operation, workspace)),
    dispose: () => watcher.dispose(),
  };
}
