/**
 * Wires the interceptor into VS Code: the guard (queue, agents, kill switch, rate limits) over the
 * workspace policy, the sandbox/file executor, the approval UI, the hook bridge per workspace folder,
 * and the public agent API returned from activate().
 */
import * as vscode from 'vscode';
import { systemClock } from '../../engine/approval/clock';
import { createGuard, type ExternalPause, type Guard, type InterceptAuditEntry } from '../../engine/interceptor';
import type { AuditEntryInput } from '../../engine/audit/auditEntry';
import { createAgentApi } from '../../engine/interceptor/agentApi';
import { toAuditEntry } from '../../engine/interceptor/auditMapping';
import { bridgeDecider } from '../../node/bridge/decider';
import { startBridgeServer, type BridgeServer } from '../../node/bridge/server';
import type { AgentGuardApi } from '../../protocol/agentApi';
import type { SandboxTaskService } from '../sandbox';
import { registerApprovalUi } from './approvalUi';
import { registerInstallHooks } from './installHooks';
import { registerLmTools } from './lmTools';
import { workspaceExecutor } from './executor';
import { workspacePolicyPort } from './policyPort';

export interface InterceptorServices {
  guard: Guard;
  api: AgentGuardApi;
  /** The latest audit entries (newest last), kept until the audit log sink is wired in. */
  recentAudit: readonly InterceptAuditEntry[];
  /** Resolves once the hook bridges have started (or failed, logged). */
  bridgesReady: Promise<BridgeServer[]>;
}

const RECENT_AUDIT = 1000;

export interface InterceptorDeps {
  log: vscode.LogOutputChannel;
  sandbox: SandboxTaskService;
  /** The anomaly detector's pause switch (src/engine/anomaly/pauseController.ts) once it is wired in. */
  pause?: ExternalPause;
  /** The tamper-evident audit log (AuditLog.append); every decision is appended when given. */
  auditLog?: { append(entry: AuditEntryInput): Promise<unknown> };
}

export function registerInterceptor(context: vscode.ExtensionContext, deps: InterceptorDeps): InterceptorServices | undefined {
  const workspace = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  if (!workspace) {
    deps.log.info('no workspace folder open: the interceptor and hook bridge are not started');
    return undefined;
  }
  const recentAudit: InterceptAuditEntry[] = [];
  const policy = workspacePolicyPort(workspace, deps.log);
  const timeoutSeconds = vscode.workspace.getConfiguration('agentGuard').get<number>('approval.timeoutSeconds');
  const guard = createGuard({
    clock: systemClock,
    engine: policy,
    executor: workspaceExecutor(workspace, deps.sandbox),
    approvalTimeoutMs: timeoutSeconds && timeoutSeconds > 0 ? timeoutSeconds * 1000 : undefined,
    extraPause: deps.pause,
    audit: {
      record: async (entry) => {
        recentAudit.push(entry);
        if (recentAudit.length > RECENT_AUDIT) recentAudit.shift();
        deps.log.info(`decision ${entry.verdict} [${entry.stage}] ${entry.agentId} ${entry.summary}: ${entry.reason}`);
        await deps.auditLog?.append(toAuditEntry(entry));
      },
    },
  });
  const bridgesReady = startBridges(guard, deps.log);
  context.subscriptions.push(policy, registerApprovalUi(guard, deps.log), registerInstallHooks(workspace), registerLmTools(guard, policy, workspace), {
    dispose: () => {
      guard.dispose();
      void bridgesReady.then((servers) => Promise.all(servers.map((server) => server.close())));
    },
  });
  return { guard, api: createAgentApi(guard), recentAudit, bridgesReady };
}

async function startBridges(guard: Guard, log: vscode.LogOutputChannel): Promise<BridgeServer[]> {
  if (process.platform === 'win32') {
    log.warn('the hook bridge needs Unix sockets; Windows named pipes are not supported yet');
    return [];
  }
  const servers: BridgeServer[] = [];
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    try {
      servers.push(await startBridgeServer({
        workspace: folder.uri.fsPath,
        decide: bridgeDecider(guard),
        onRefused: (code, message) => log.warn(`hook bridge refused a request (${code}): ${message}`),
      }));
      log.info(`hook bridge listening for ${folder.uri.fsPath}`);
    } catch (error) {
      log.warn(`hook bridge not started for ${folder.uri.fsPath}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return servers;
}
