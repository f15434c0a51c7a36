/**
 * Wires the interceptor into VS Code: the guard (queue, agents, kill switch, rate limits) over the
 * workspace policy, the sandbox/file executor, the approval UI, the hook bridge per workspace folder,
 * and the public agent API returned from activate().
 */
import * as vscode from 'vscode';
import { systemClock } from '../../engine/approval/clock';
import { createGuard, type DecisionPort, type Guard, type InterceptAuditEntry } from '../../engine/interceptor';
import { hostOf, PauseController } from '../../engine/anomaly';
import type { SandboxRunSettings } from './executor';
import type { AuditEntryInput } from '../../engine/audit/auditEntry';
import { createAgentApi } from '../../engine/interceptor/agentApi';
import { agentEventFromIntercept, auditEntryFromIntercept } from '../../engine/audit/adapters';
import type { AuditSource } from '../../engine/audit/auditEntry';
import { bridgeDecider } from '../../node/bridge/decider';
import { startBridgeServer, type BridgeServer } from '../../node/bridge/server';
import { persistPause, showBridgeDown } from './bridgeHealth';
import type { AgentGuardApi } from '../../protocol/agentApi';
import type { SandboxTaskService } from '../sandbox';
import { registerApprovalUi, type PauseSwitch } from './approvalUi';
import { followApprovalTimeout, readApprovalTimeoutMs } from './approvalTimeout';
import type { PolicyWriter } from '../guard/policyWriter';
import { registerInstallHooks } from './installHooks';
import { registerLmTools } from './lmTools';
import { registerBypassWatchers } from './watchers';
import type { AgentEvent } from '../../engine/anomaly/types';
import { workspaceExecutor } from './executor';
import { workspacePolicyPort } from './policyPort';

export interface InterceptorServices {
  guard: Guard;
  api: AgentGuardApi;
  /** The latest audit entries (newest last), kept until the audit log sink is wired in. */
  recentAudit: readonly InterceptAuditEntry[];
  /** Resolves once the hook bridges have started (or failed, logged). */
  bridgesReady: Promise<BridgeServer[]>;
  /** The latest bypasses seen by the watchers (terminal commands, protected-file changes). */
  observed: readonly AuditEntryInput[];
  /** Marks a file as written by Agent Guard itself, so the bypass watchers do not report it. */
  noteWrite(file: string): void;
}

const RECENT_AUDIT = 1000;

export interface InterceptorDeps {
  log: vscode.LogOutputChannel;
  sandbox: SandboxTaskService;
  /**
   * The one "paused" switch (the anomaly detector's PauseController): the guard consults it and the
   * pause/resume commands and status bar use it. A private one is made when none is given.
   */
  pause?: PauseSwitch;
  /** The layered policy (src/extension/guard/policyService.ts); the plain workspace port when absent. */
  policy?: DecisionPort & vscode.Disposable & { sandboxSettings?(): Promise<SandboxRunSettings> };
  /** The tamper-evident audit log (AuditLog.append); every decision is appended when given. */
  auditLog?: { append(entry: AuditEntryInput): Promise<unknown> };
  /** What the bypass watchers judge observed activity by (they only record); `policy` when absent. */
  watcherPolicy?: DecisionPort;
  /** Applied to every line this module writes to the output channel (vault values, tokens). */
  redact?(text: string): string;
  /** The anomaly detector's `observe` (src/engine/anomaly): every decision and bypass is fed to it. */
  observe?(event: AgentEvent): void;
  /** Writes "always allow" rules (src/extension/guard/policyWriter.ts) for the palette review flow. */
  policyWriter?: PolicyWriter;
}

export function registerInterceptor(context: vscode.ExtensionContext, deps: InterceptorDeps): InterceptorServices | undefined {
  const workspace = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  if (!workspace) {
    deps.log.info('no workspace folder open: the interceptor and hook bridge are not started');
    return undefined;
  }
  const recentAudit: InterceptAuditEntry[] = [];
  const observed: AuditEntryInput[] = [];
  const recentWrites = new Map<string, number>();
  const noteWrite = (file: string) => recentWrites.set(file, Date.now());
  const clean = deps.redact ?? ((text: string) => text);
  const policy = deps.policy ?? workspacePolicyPort(workspace, deps.log);
  const sandboxSettings = deps.policy?.sandboxSettings?.bind(deps.policy);
  const pause = deps.pause ?? new PauseController({ now: Date.now });
  const guard = createGuard({
    clock: systemClock,
    engine: policy,
    executor: workspaceExecutor(workspace, deps.sandbox, noteWrite, sandboxSettings),
    approvalTimeoutMs: readApprovalTimeoutMs(deps.log),
    extraPause: pause,
    audit: {
      record: async (entry) => {
        recentAudit.push(entry);
        if (recentAudit.length > RECENT_AUDIT) recentAudit.shift();
        deps.log.info(clean(`decision ${entry.verdict} [${entry.stage}] ${entry.agentId} ${entry.summary}: ${entry.reason}`));
        const host = entry.kind === 'command' ? commandHost(entry.summary) : undefined;
        deps.observe?.(agentEventFromIntercept(entry, host !== undefined ? { host } : {}));
        await deps.auditLog?.append(auditEntryFromIntercept(entry, auditSourceOf(entry.agentId)));
      },
    },
  });
  const bridgesReady = startBridges(guard, deps.log, (shown) => context.subscriptions.push(shown));
  const stopPersistingPause = persistPause(pause, (vscode.workspace.workspaceFolders ?? []).map((folder) => folder.uri.fsPath), deps.log);
  const watchers = registerBypassWatchers({
    workspace, engine: deps.watcherPolicy ?? policy, log: deps.log, observe: deps.observe,
    wroteRecently: (file) => Date.now() - (recentWrites.get(file) ?? 0) < 3000,
    record: (entry) => {
      observed.push(entry);
      if (observed.length > RECENT_AUDIT) observed.shift();
      if (entry.operation === 'file.revert') noteWrite(entry.target);
      deps.log.warn(clean(`bypass: ${entry.operation} ${entry.target}: ${entry.reason ?? ''}`));
      deps.auditLog?.append(entry).catch(() => undefined);
    },
  });
  context.subscriptions.push(policy, registerApprovalUi(guard, deps.log, pause, deps.policyWriter), registerInstallHooks(workspace, noteWrite), registerLmTools(guard, policy, workspace), watchers, followApprovalTimeout(guard.queue, deps.log), {
    dispose: () => {
      stopPersistingPause();
      guard.dispose();
      void bridgesReady.then((servers) => Promise.all(servers.map((server) => server.close())));
    },
  });
  return { guard, api: createAgentApi(guard), recentAudit, bridgesReady, observed, noteWrite };
}

/** The first URL host a command names (`curl https://x/…` → x), so the detector sees its egress. */
function commandHost(summary: string): string | undefined {
  for (const word of summary.split(/[\s'"=]+/)) {
    const host = hostOf(word);
    if (host) return host;
  }
  return undefined;
}

/** Agent ids carry their entry point: `hook:*` came over the bridge, `lm:*` through a language-model tool. */
function auditSourceOf(agentId: string): AuditSource {
  if (agentId.startsWith('hook:')) return 'hook';
  if (agentId.startsWith('lm:')) return 'lm-tool';
  return 'api';
}

async function startBridges(guard: Guard, log: vscode.LogOutputChannel, onDown: (shown: vscode.Disposable) => void): Promise<BridgeServer[]> {
  const servers: BridgeServer[] = [];
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    try {
      servers.push(await startBridgeServer({
        workspace: folder.uri.fsPath,
        decide: bridgeDecider(guard),
        onRefused: (code, message) => log.warn(`hook bridge refused a request (${code}): ${message}`),
        onHandedOver: () => {
          log.warn(`hook bridge for ${folder.uri.fsPath} handed over to a newer VS Code window`);
          void vscode.window.showWarningMessage(`Agent Guard: a newer VS Code window for ${folder.name} now answers agent hooks; requests waiting here were passed to it.`);
        },
      }));
      log.info(`hook bridge listening for ${folder.uri.fsPath}`);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      log.error(`hook bridge not started for ${folder.uri.fsPath}: ${reason}`);
      onDown(showBridgeDown(folder.uri.fsPath, reason));
    }
  }
  return servers;
}
