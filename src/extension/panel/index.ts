/**
 * Registers the Security panel: the "Security" webview view in the activity bar, the editor panel
 * (agentGuard.showPanel), and the diff provider for proposed edits. One call from services.ts.
 */
import * as vscode from 'vscode';
import type { GuardServices } from '../guard/guardServices';
import { createPanelHandlers } from './panelActions';
import { PanelStateStore } from './panelState';
import { registerProposedDiffProvider } from './proposedDiff';
import { SECURITY_VIEW_ID, SecurityPanelHost } from './securityPanel';

export const PANEL_COMMANDS = { showPanel: 'agentGuard.showPanel' } as const;

export function registerSecurityPanel(context: vscode.ExtensionContext, deps: { log: vscode.LogOutputChannel; guard: GuardServices }): SecurityPanelHost {
  const store = new PanelStateStore(deps.guard, deps.log);
  const host = new SecurityPanelHost(context.extensionUri, deps.log, store, createPanelHandlers(deps.guard, store, deps.log));
  context.subscriptions.push(
    store,
    host,
    registerProposedDiffProvider(),
    vscode.window.registerWebviewViewProvider(SECURITY_VIEW_ID, host),
    vscode.commands.registerCommand(PANEL_COMMANDS.showPanel, () => host.show()),
  );
  return host;
}

export { SecurityPanelHost } from './securityPanel';
