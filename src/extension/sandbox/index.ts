/**
 * Registers the sandbox task runner. `run` is what the interceptor calls for an approved command;
 * `runWithSecrets` first asks the vault for the named secrets (allow-listed per command and agent) and
 * refuses, without running anything, when the vault says no.
 */
import * as vscode from 'vscode';
import type { Vault } from '../../engine/vault/vault';
import type { EgressEvent, SandboxTools } from '../../node/sandbox';
import type { SandboxProtection } from '../../engine/path/protectedSets';
import { redactSecrets } from '../../engine/vault/redact';
import { SandboxTaskOutcome, SandboxTaskRequest, runSandboxedTask } from './sandboxTask';

export { SANDBOX_TASK_TYPE, runSandboxedTask } from './sandboxTask';
export type { SandboxTaskOutcome, SandboxTaskRequest } from './sandboxTask';

export interface SandboxTaskService {
  run(request: SandboxTaskRequest, token?: vscode.CancellationToken): Promise<SandboxTaskOutcome>;
  runWithSecrets(request: SandboxTaskRequest, secretNames: string[], use: { command: string; agent: string },
    token?: vscode.CancellationToken): Promise<SandboxTaskOutcome>;
}

/** What a run leaves in the audit log: metadata only (names of secrets, never values; output not included). */
export interface SandboxRunAuditEvent {
  name: string;
  command: string;
  secretNames: string[];
  sandboxed: boolean;
  exitCode: number | null;
  signal: string | null;
  killedBy?: string;
  refused?: string;
  durationMs: number;
  notes: string[];
}

export interface SandboxTaskOptions {
  vault?: Vault;
  tools?: SandboxTools;
  /** Called after every run or refusal; the caller writes it to the audit log ("unsandboxed" included). */
  audit?: (event: SandboxRunAuditEvent) => void;
  /** The effective policy's protected paths, kept read-only inside the sandbox (every set when absent). */
  protection?: () => Promise<SandboxProtection>;
  /**
   * Every known vault value by name. All of them are redacted from every run's output and audit entry,
   * injected or not: an earlier run may have written one into a file that this run prints.
   */
  vaultValues?: () => Readonly<Record<string, string>>;
  /** Every request a run makes through the egress proxy (`network: allowlist`), with the run's task name. */
  egress?: (event: EgressEvent, task: string) => void;
  /** Told each host path a run's own set-up creates or removes (read-only placeholders), so watchers ignore it. */
  ownWrite?: (path: string) => void;
}

function auditEvent(request: SandboxTaskRequest, secretNames: string[], { result }: SandboxTaskOutcome): SandboxRunAuditEvent {
  const command = redactSecrets(request.command ?? (request.argv ?? []).join(' '), { ...request.redact, ...request.secrets });
  return { name: request.name, command, secretNames, sandboxed: result.sandboxed, exitCode: result.exitCode, signal: result.signal,
    killedBy: result.killedBy, refused: result.refused, durationMs: result.durationMs, notes: result.notes };
}

function refusal(reason: string): SandboxTaskOutcome {
  return { result: { exitCode: null, signal: null, stdout: '', stderr: '', durationMs: 0, sandboxed: false, refused: reason, truncated: false, notes: [] }, terminalText: '' };
}

/** What every run gets whoever asked: the policy's protected paths and every vault value to redact. */
async function guarded(request: SandboxTaskRequest, services: SandboxTaskOptions): Promise<SandboxTaskRequest> {
  const protection = await services.protection?.();
  const egress = services.egress;
  return { ...request, redact: { ...request.redact, ...services.vaultValues?.() }, ...(protection ? { protection } : {}),
    ...(egress ? { onEgress: (event: EgressEvent) => egress(event, request.name) } : {}),
    ...(services.ownWrite ? { onOwnWrite: services.ownWrite } : {}) };
}

export function registerSandboxTasks(context: vscode.ExtensionContext, services: SandboxTaskOptions = {}): SandboxTaskService {
  const audited = (request: SandboxTaskRequest, secretNames: string[], outcome: SandboxTaskOutcome) => {
    services.audit?.(auditEvent(request, secretNames, outcome));
    return outcome;
  };
  const service: SandboxTaskService = {
    run: async (asked, token) => {
      const request = await guarded(asked, services);
      return audited(request, [], await runSandboxedTask(request, token, services.tools));
    },
    runWithSecrets: async (asked, secretNames, use, token) => {
      const request = await guarded(asked, services);
      if (!services.vault) return audited(request, secretNames, refusal('The vault is not available, so a command that needs vault secrets cannot run.'));
      const granted = await services.vault.getForInjection(secretNames, use);
      if (!granted.ok) return audited(request, secretNames, refusal(granted.reason));
      const withSecrets = { ...request, secrets: { ...request.secrets, ...granted.values } };
      return audited(withSecrets, secretNames, await runSandboxedTask(withSecrets, token, services.tools));
    },
  };
  if (context.extensionMode === vscode.ExtensionMode.Test) registerTestCommands(context, service);
  return service;
}

/** Test mode only: lets the integration suite run tasks through the real task system and cancel them. */
function registerTestCommands(context: vscode.ExtensionContext, service: SandboxTaskService): void {
  context.subscriptions.push(vscode.commands.registerCommand('agentGuard.test.sandbox.run',
    async (request: SandboxTaskRequest, options: { cancelAfterMs?: number; secretNames?: string[]; use?: { command: string; agent: string } } = {}) => {
      const source = new vscode.CancellationTokenSource();
      const timer = options.cancelAfterMs !== undefined ? setTimeout(() => source.cancel(), options.cancelAfterMs) : undefined;
      try {
        return options.secretNames
          ? await service.runWithSecrets(request, options.secretNames, options.use ?? { command: request.command ?? '', agent: 'test' }, source.token)
          : await service.run(request, source.token);
      } finally {
        if (timer) clearTimeout(timer);
        source.dispose();
      }
    }));
}
