import * as vscode from 'vscode';
import { SecurityPanelHost } from './panel/securityPanel';
import { registerSandboxTasks } from './sandbox';
import { registerVault } from './vault';

/** Command ids contributed in package.json; the integration smoke test checks they are registered. */
export const COMMANDS = {
  showPanel: 'agentGuard.showPanel',
} as const;

/**
 * Hooks for the integration tests running inside the extension host. Only returned when VS Code runs
 * the extension in test mode (ExtensionMode.Test), so production callers never see them.
 */
export interface AgentGuardTestHooks {
  readonly secrets: vscode.SecretStorage;
  readonly panel: SecurityPanelHost;
}

/** What activate() returns. Other engineers add the public agent API here. */
export interface AgentGuardExports {
  readonly testHooks?: AgentGuardTestHooks;
}

/**
 * Composition root: creates the adapters and wires them to the engines. Each area registers its
 * commands, views and services here, pushing disposables onto the context.
 */
export function createServices(context: vscode.ExtensionContext): AgentGuardExports {
  const log = vscode.window.createOutputChannel('Agent Guard', { log: true });
  context.subscriptions.push(log);

  const panel = new SecurityPanelHost(context.extensionUri, log, () => 'active');
  context.subscriptions.push(panel, vscode.commands.registerCommand(COMMANDS.showPanel, () => panel.show()));
  const { vault } = registerVault(context, { log });
  registerSandboxTasks(context, { vault });

  log.info(`Agent Guard activated (mode ${vscode.ExtensionMode[context.extensionMode]})`);
  if (context.extensionMode !== vscode.ExtensionMode.Test) return {};
  return { testHooks: { secrets: context.secrets, panel } };
}
