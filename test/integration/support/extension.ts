import * as vscode from 'vscode';
import type { InterceptorServices } from '../../../src/extension/interceptor';
import type { AgentGuardExports, AgentGuardTestHooks } from '../../../src/extension/services';
import type { AgentGuardApi } from '../../../src/protocol/agentApi';

export const EXTENSION_ID = 'agent-guard.agent-guard';

/** Activates Agent Guard (if needed) and returns its exports. */
export async function activateAgentGuard(): Promise<AgentGuardExports> {
  const extension = vscode.extensions.getExtension<AgentGuardExports>(EXTENSION_ID);
  if (!extension) throw new Error(`${EXTENSION_ID} is not installed in this VS Code`);
  return extension.activate();
}

/** The test-only hooks; fails clearly if the extension is not running in test mode. */
export async function testHooks(): Promise<AgentGuardTestHooks> {
  const hooks = (await activateAgentGuard()).testHooks;
  if (!hooks) throw new Error('Agent Guard did not expose test hooks (extensionMode is not Test)');
  return hooks;
}

/** For suites that drive agents: the agent API, the test hooks and the interceptor, all present or a clear failure. */
export async function agentGuardWithInterceptor(): Promise<{ api: AgentGuardApi; hooks: AgentGuardTestHooks; interceptor: InterceptorServices }> {
  const exports = await activateAgentGuard();
  if (!exports.agentApi) throw new Error('activate() returned no agent API (no workspace folder open?)');
  const hooks = await testHooks();
  if (!hooks.interceptor) throw new Error('the test hooks have no interceptor (no workspace folder open?)');
  return { api: exports.agentApi, hooks, interceptor: hooks.interceptor };
}

/** Resolves with the first event that satisfies `accept`, or rejects after timeoutMs. */
export function nextEvent<T>(event: vscode.Event<T>, accept: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { listener.dispose(); reject(new Error(`no matching event within ${timeoutMs} ms`)); }, timeoutMs);
    const listener = event((value) => {
      if (!accept(value)) return;
      clearTimeout(timer);
      listener.dispose();
      resolve(value);
    });
  });
}
