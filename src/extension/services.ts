import * as vscode from 'vscode';
import { registerSecurityPanel, type SecurityPanelHost } from './panel';
import type { InterceptorServices } from './interceptor';
import type { AgentGuardApi } from '../protocol/agentApi';
import { createGuardServices, type GuardServices } from './guard';
import { createDemoHooks, demoHooksEnabled, type AgentGuardDemoHooks } from './demoHooks';

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
  /** Lets a test lose what a browser refresh can lose (globalState is flushed lazily by the workbench). */
  readonly globalState: vscode.Memento;
  readonly panel: SecurityPanelHost;
  /** The interceptor's guard, queue and recent audit entries (undefined without a workspace folder). */
  readonly interceptor?: InterceptorServices;
  /** Everything the panel sees: audit log, anomalies, the pause switch, vault, sandbox, policy. */
  readonly guard: GuardServices;
  /** How long createServices took (ms), for the activation-time measurement. */
  readonly activationMs: number;
  /** The extension's log folder; the "Agent Guard" output channel is the file `Agent Guard.log` in it. */
  readonly logUri: vscode.Uri;
}

/** What activate() returns. Other engineers add the public agent API here. */
export interface AgentGuardExports {
  /** The versioned public agent API (src/protocol/agentApi.ts); undefined without a workspace folder. */
  readonly agentApi?: AgentGuardApi;
  readonly testHooks?: AgentGuardTestHooks;
  /** Only for `npm run demo` and the integration tests (see demoHooks.ts); undefined in an installed extension. */
  readonly demoHooks?: AgentGuardDemoHooks;
}

/**
 * Composition root: creates the adapters and wires them to the engines. Each area registers its
 * commands, views and services here, pushing disposables onto the context.
 */
export function createServices(context: vscode.ExtensionContext): AgentGuardExports {
  const started = performance.now();
  const log = vscode.window.createOutputChannel('Agent Guard', { log: true });
  context.subscriptions.push(log);

  // Audit log, anomaly detector + pause switch, policy, vault, sandbox and interceptor (src/extension/guard).
  const { services: guard, vault } = createGuardServices(context, log);
  const panel = registerSecurityPanel(context, { log, guard });

  const activationMs = performance.now() - started;
  log.info(`Agent Guard activated in ${activationMs.toFixed(1)} ms (mode ${vscode.ExtensionMode[context.extensionMode]})`);
  const interceptor = guard.interceptor;
  const agentApi = interceptor?.api;
  const demoHooks = demoHooksEnabled(context.extensionMode) ? createDemoHooks(vault) : undefined;
  if (context.extensionMode !== vscode.ExtensionMode.Test) return { agentApi, demoHooks };
  return { agentApi, demoHooks, testHooks: { secrets: context.secrets, globalState: context.globalState, panel, interceptor, guard, activationMs, logUri: context.logUri } };
}
