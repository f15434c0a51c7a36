/**
 * Builds GuardServices: the audit log (extension storage, vault values redacted), the anomaly detector
 * with the one pause switch, the layered policy with diagnostics, the vault and sandbox registrations
 * with their audit callbacks, and the interceptor over all of them. Called once from services.ts.
 * Nothing slow runs here: the audit log opens and the policy loads in the background; the sandbox is
 * probed on first request.
 */
import * as vscode from 'vscode';
import { auditEntryFromVault } from '../../engine/audit/adapters';
import { redact } from '../../engine/sanitizer';
import { redactSecrets } from '../../engine/vault/redact';
import { ALL_PROTECTED_SETS, sandboxProtection } from '../../engine/path/protectedSets';
import type { ProtectedSets } from '../../engine/policy/schema';
import type { AuditEntryInput } from '../../engine/audit/auditEntry';
import type { Vault, VaultAuditEvent } from '../../engine/vault/vault';
import { INSTALL_BWRAP_HINT, probeBwrap } from '../../node/sandbox';
import { findExecutable } from '../../node/sandbox/tools';
import { createPolicyDiagnostics } from '../diagnostics';
import { registerInterceptor } from '../interceptor';
import { registerSandboxTasks, type SandboxRunAuditEvent, type SandboxTaskService } from '../sandbox';
import { countingSecrets, registerVault, VAULT_COMMANDS } from '../vault';
import { createAnomalyServices } from './anomalyService';
import { policyFingerprint } from '../../engine/policy/fingerprint';
import { auditGatedPort } from './auditGate';
import { createAuditForwarding } from './auditForwarding';
import { extensionHeadStore } from './auditHeadSecrets';
import { registerAuditTestCommands } from './auditTestCommands';
import { auditDirectory, createAuditService, type AuditService } from './auditService';
import type { GuardServices, GuardVault, SandboxAvailability } from './guardServices';
import { createPolicyService, type PolicyService } from './policyService';
import { createPolicyWriter } from './policyWriter';
import { createVaultValueCache } from './vaultValues';
import { egressAuditEntry } from '../../node/sandbox/egress/audit';

export type { GuardServices } from './guardServices';

export interface GuardComposition {
  services: GuardServices;
  /** For the test hooks and the composition root. */
  auditService: AuditService;
  sandbox: SandboxTaskService;
  /** The vault itself, for the demo hooks (src/extension/demoHooks.ts); the panel gets `services.vault`. */
  vault: Vault;
}

export function createGuardServices(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): GuardComposition {
  const workspace = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  // The vault is registered below (it needs the audit callback); the cache reads it once it exists.
  const vaultRef: { current?: Vault } = {};
  const vaultValues = createVaultValueCache(context.secrets, () => vaultRef.current, log);
  const fingerprint: { current?: string } = {};
  const testMode = context.extensionMode === vscode.ExtensionMode.Test;
  const secretWrites = { count: 0 };
  const auditDir = auditDirectory(context);
  const audit = createAuditService({
    dir: auditDir, log, headStore: () => extensionHeadStore(testMode ? countingSecrets(context.secrets, secretWrites) : context.secrets, auditDir), vaultValues: vaultValues.values, vaultValuesReady: vaultValues.ready, policyFingerprint: () => fingerprint.current,
  });
  // Entries from other parts are fire-and-forget here; a failed write flips the log to unavailable,
  // which denies every following agent operation (auditGate.ts).
  const write = (entry: AuditEntryInput) => { audit.append(entry).catch(() => undefined); };
  const anomaly = createAnomalyServices(write, log);
  const diagnostics = createPolicyDiagnostics();
  const policy = createPolicyService({ workspace, log, diagnostics, audit: write });
  const vaultChanged = new vscode.EventEmitter<void>();
  context.subscriptions.push(vaultValues, audit, anomaly, diagnostics, vaultChanged);
  if (testMode) registerAuditTestCommands(context, countingSecrets(context.secrets, secretWrites), log);

  const vault = registerVault(context, {
    log, secretWrites,
    audit: (event) => onVaultEvent(event, write, vaultChanged, vaultValues.reload),
    // Loading from SecretStorage is asynchronous: the panel and the redactor catch up when it is done.
    onDidLoad: () => { void vaultValues.reload(); vaultChanged.fire(); },
  }).vault;
  vaultRef.current = vault;
  vaultValues.start();
  const sandbox = registerSandboxTasks(context, {
    vault, audit: (event) => write(sandboxAuditEntry(event)), vaultValues: vaultValues.named, egress: (event, task) => write(egressAuditEntry(event, task)),
    protection: async () => sandboxProtection(await protectedSets(policy)),
    // Runs happen after activation, when the interceptor below exists.
    ownWrite: (file) => noteWrite(file),
  });
  const gated = auditGatedPort(policy, { ready: audit.ready, status: audit.status, settled: vaultValues.settled });
  const noteWrite = (file: string) => interceptor?.noteWrite(file);
  const policyWriter = createPolicyWriter({
    workspace, log, audit: write, onPolicyReloaded: policy.onDidChange, noteWrite, testMode,
  });
  const interceptor = registerInterceptor(context, {
    // Watchers only record what happened outside Agent Guard: they judge it by the policy itself, so a
    // missing audit log does not turn every terminal command into a "policy denies" warning.
    log, sandbox, pause: anomaly.controller, policy: gated, watcherPolicy: policy, auditLog: audit, observe: anomaly.observe,
    redact: (text) => redactLogLine(text, vaultValues.values()), policyWriter,
  });
  if (!interceptor) context.subscriptions.push(policy);
  policy.warmUp();
  // Every entry names the policy in force (once per load, not per entry), so a SIEM sees policy drift.
  context.subscriptions.push(policy.onDidChange((snapshot) => { fingerprint.current = policyFingerprint(snapshot.policy); }));
  void audit.ready.then(() => policy.current()).then((snapshot) => { fingerprint.current ??= policyFingerprint(snapshot.policy); }, () => undefined);
  const forwarding = createAuditForwarding(audit, policy, log);
  context.subscriptions.push(forwarding);

  const services: GuardServices = {
    workspace,
    interceptor,
    audit,
    anomalies: anomaly.anomalies,
    pause: anomaly.pause,
    vault: guardVault(vault, vaultChanged.event),
    sandbox: { availability: () => sandboxAvailability(policy) },
    policy,
    policyWriter,
    forwarding,
  };
  return { services, auditService: audit, sandbox, vault };
}

/** Output-channel lines: exact vault values (all encodings) and known token formats. */
function redactLogLine(text: string, values: readonly string[]): string {
  const withoutValues = values.length > 0 ? redactSecrets(text, Object.fromEntries(values.map((value, i) => [`VAULT_${i}`, value]))) : text;
  return redact(withoutValues);
}

function onVaultEvent(event: VaultAuditEvent, write: (entry: AuditEntryInput) => void, changed: vscode.EventEmitter<void>, reload: () => Promise<void>): void {
  // A new or rotated value must be known to the redactor before anything else is written.
  if (event.action === 'add' || event.action === 'rotate' || event.action === 'delete' || event.action === 'recover' || event.action === 'migrate') void reload();
  write(auditEntryFromVault(event, Date.now()));
  changed.fire();
}

export function sandboxAuditEntry(event: SandboxRunAuditEvent): AuditEntryInput {
  const result = event.refused !== undefined ? 'denied' : event.exitCode === 0 ? 'executed' : 'failed';
  return {
    agent: 'agent-guard', operation: 'sandbox.run', target: event.command, result, source: 'system',
    reason: event.refused ?? (event.sandboxed ? 'ran in the sandbox' : 'ran UNSANDBOXED (bubblewrap unavailable and the policy does not require it)'),
    details: {
      task: event.name, sandboxed: event.sandboxed, durationMs: Math.round(event.durationMs), secretNames: event.secretNames.join(', '),
      ...(event.exitCode !== null ? { exitCode: event.exitCode } : {}), ...(event.signal ? { signal: event.signal } : {}),
      ...(event.killedBy ? { killedBy: event.killedBy } : {}), ...(event.notes.length > 0 ? { notes: event.notes.join(' ') } : {}),
    },
  };
}

function guardVault(vault: Vault, onDidChange: vscode.Event<void>): GuardVault {
  return {
    list: () => vault.list(),
    status: () => {
      const kind = vault.state().kind;
      return kind === 'ready' ? { ready: true } : kind === 'loading' ? { ready: false, loading: true } : { ready: false, problem: vault.problem() ?? kind };
    },
    add: async () => { await vscode.commands.executeCommand(VAULT_COMMANDS.add); },
    rotate: async () => { await vscode.commands.executeCommand(VAULT_COMMANDS.rotate); },
    edit: async () => { await vscode.commands.executeCommand(VAULT_COMMANDS.edit); },
    importEnv: async () => { await vscode.commands.executeCommand(VAULT_COMMANDS.importEnv); },
    remove: async (id) => {
      if (!vault.list().some((meta) => meta.id === id)) return { ok: false, reason: `There is no secret named ${id} in the vault.` };
      const confirm = await vscode.window.showWarningMessage(`Delete the secret ${id} from the Agent Guard vault?`, { modal: true }, 'Delete');
      if (confirm !== 'Delete') return { ok: false, reason: 'Cancelled.' };
      return vault.remove(id);
    },
    onDidChange,
  };
}

/** The effective policy's protected sets; every set when the policy cannot be read (fail closed). */
async function protectedSets(policy: PolicyService): Promise<ProtectedSets> {
  try {
    return (await policy.current()).policy.paths.protected;
  } catch {
    return ALL_PROTECTED_SETS;
  }
}

async function sandboxAvailability(policy: PolicyService): Promise<SandboxAvailability> {
  const required = (await policy.current()).policy.sandbox.required === true;
  const bwrapPath = findExecutable('bwrap');
  if (!bwrapPath) return { found: false, usable: false, userNamespace: false, reason: `bubblewrap (bwrap) is not installed. ${INSTALL_BWRAP_HINT}`, required };
  const probe = await probeBwrap(bwrapPath);
  return { bwrapPath, found: true, usable: probe.usable, userNamespace: probe.userNamespace, ...(probe.reason ? { reason: probe.reason } : {}), required };
}
