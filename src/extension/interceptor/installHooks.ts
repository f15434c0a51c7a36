/**
 * "Agent Guard: Install agent hooks": pick an agent, see the exact change to its settings file in a
 * diff editor, confirm, and only then is the file written.
 */
import * as vscode from 'vscode';
import { HOOK_AGENTS, HOOK_FORMATS, type HookAgentName } from '../../cli/hook/formats';
import { FAIL_OPEN_ON_HOOK_FAILURE, planHookInstall } from '../../cli/hook/install';

export const INSTALL_HOOKS_COMMAND = 'agentGuard.installAgentHooks';
const PREVIEW_SCHEME = 'agent-guard-preview';

/** `noteWrite` tells the bypass watcher that this protected settings file is being changed by Agent Guard. */
export function registerInstallHooks(workspace: string, noteWrite: (path: string) => void = () => undefined): vscode.Disposable {
  const previews = new Map<string, string>();
  const provider = vscode.workspace.registerTextDocumentContentProvider(PREVIEW_SCHEME, { provideTextDocumentContent: (uri) => previews.get(uri.path) ?? '' });
  const command = vscode.commands.registerCommand(INSTALL_HOOKS_COMMAND, async (preselected?: HookAgentName, options: { confirm?: boolean } = {}) => {
    const agent = preselected ?? (await vscode.window.showQuickPick(HOOK_AGENTS.map((a) => ({ label: HOOK_FORMATS[a].agentName, agent: a })), { placeHolder: 'Which agent should ask Agent Guard before its tools run?' }))?.agent;
    if (!agent) return undefined;
    const target = planHookInstall(agent, workspace, undefined);
    const current = target.ok ? await readText(vscode.Uri.file(target.plan.file)) : undefined;
    const result = planHookInstall(agent, workspace, current);
    if (!result.ok) {
      const doc = await vscode.workspace.openTextDocument({ language: 'json', content: result.snippet });
      await vscode.window.showTextDocument(doc);
      void vscode.window.showWarningMessage(`Agent Guard: ${result.reason}.`);
      return undefined;
    }
    if (!result.plan.changed) {
      void vscode.window.showInformationMessage(`Agent Guard: the ${HOOK_FORMATS[agent].agentName} hook is already installed.`);
      return result.plan;
    }
    previews.set(`/${agent}/before`, result.plan.before ?? '');
    previews.set(`/${agent}/after`, result.plan.after);
    await vscode.commands.executeCommand('vscode.diff', vscode.Uri.parse(`${PREVIEW_SCHEME}:/${agent}/before`), vscode.Uri.parse(`${PREVIEW_SCHEME}:/${agent}/after`),
      `Agent Guard hook for ${HOOK_FORMATS[agent].agentName}: ${vscode.workspace.asRelativePath(result.plan.file)}`);
    const confirmed = options.confirm ?? (await vscode.window.showInformationMessage(`Write this hook entry to ${vscode.workspace.asRelativePath(result.plan.file)}?`, { modal: true }, 'Write')) === 'Write';
    if (!confirmed) return undefined;
    noteWrite(result.plan.file);
    await vscode.workspace.fs.writeFile(vscode.Uri.file(result.plan.file), Buffer.from(result.plan.after, 'utf8'));
    void vscode.window.showInformationMessage(`Agent Guard: ${HOOK_FORMATS[agent].agentName} now asks Agent Guard before its tools run (needs \`agent-guard\` on PATH).`);
    const failOpen = FAIL_OPEN_ON_HOOK_FAILURE[agent];
    if (failOpen) void vscode.window.showWarningMessage(`Agent Guard: ${failOpen}. Check with \`agent-guard hooks status\`.`);
    return result.plan;
  });
  return vscode.Disposable.from(provider, command);
}

async function readText(uri: vscode.Uri): Promise<string | undefined> {
  try {
    return Buffer.from(await vscode.workspace.fs.readFile(uri)).toString('utf8');
  } catch {
    return undefined;
  }
}
