import * as vscode from 'vscode';
import { SecurityPanelHost } from './panel/securityPanel';
import { registerInterceptor, type InterceptorServices } from './interceptor';
import type { AgentGuardApi } from '../protocol/agentApi';
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
  /** The interceptor's guard, queue and recent audit entries (undefined without a workspace folder). */
  readonly interceptor?: InterceptorServices;
}

/** What activate() returns. Other engineers add the public agent API here. */
export interface AgentGuardExports {
  /** The versioned public agent API (src/protocol/agentApi.ts); undefined without a workspace folder. */
  readonly agentApi?: AgentGuardApi;
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
  const sandbox = registerSandboxTasks(context, { vault });
  const interceptor = registerInterceptor(context, { log, sandbox });

  log.info(`Agent Guard activated (mode ${vscode.ExtensionMode[context.extensionMode]})`);
  const agentApi = interceptor?.api;
  if (context.extensionMode !== vscode.ExtensionMode.Test) return { agentApi };
  return { agentApi, testHooks: { secrets: context.secrets, panel, interceptor } };
}
