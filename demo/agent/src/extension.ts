/**
 * The demo agent as a VS Code extension, loaded beside Agent Guard by `npm run demo`. It gets Agent
 * Guard's exports like any agent extension would and runs the scripted steps (demoAgent.ts) once the
 * workbench is up, narrating each step in the status bar and in its output channel. Set
 * AGENT_GUARD_DEMO_AGENT=0 to keep it from starting by itself; the command runs it again at any time.
 */
import * as vscode from 'vscode';
import type { AgentGuardExports } from '../../../src/extension/services';
import { runDemoAgent } from './demoAgent';

const AGENT_GUARD_ID = 'agent-guard.agent-guard';
const DEFAULT_PACE_MS = 4000;

function paceMs(): number {
  const asked = Number(process.env.AGENT_GUARD_DEMO_PACE_MS);
  return Number.isFinite(asked) && asked >= 0 ? asked : DEFAULT_PACE_MS;
}

export function activate(context: vscode.ExtensionContext): void {
  const out = vscode.window.createOutputChannel('Agent Guard Demo');
  const status = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Left, 1000);
  status.command = 'agentGuard.showPanel';
  status.tooltip = 'The scripted demo agent. Click to open the Agent Guard Security panel.';
  context.subscriptions.push(out, status);
  let running: Promise<unknown> | undefined;
  const say = (line: string) => {
    out.appendLine(line);
    status.text = `$(robot) ${line.trim().split('\n')[0]}`;
    status.show();
  };
  const start = () => {
    running ??= run(say).catch((error: unknown) => say(`The demo agent stopped: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => { running = undefined; });
    out.show(true);
  };
  context.subscriptions.push(vscode.commands.registerCommand('agentGuardDemo.run', start));
  if (process.env.AGENT_GUARD_DEMO_AGENT !== '0') start();
}

async function run(say: (line: string) => void): Promise<void> {
  const guard = vscode.extensions.getExtension<AgentGuardExports>(AGENT_GUARD_ID);
  if (!guard) throw new Error('Agent Guard is not loaded in this VS Code');
  const exports = await guard.activate();
  const workspace = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  if (!exports.agentApi || !workspace) throw new Error('open a workspace folder first: the agent API needs one');
  say('The demo agent starts; it acts only through Agent Guard\'s agent API.');
  await runDemoAgent({ api: exports.agentApi, workspace, demoHooks: exports.demoHooks, paceMs: paceMs(), say });
}

export function deactivate(): void {
  // Disposables are on the context.
}
