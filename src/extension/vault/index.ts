/**
 * Registers the vault: values and metadata in SecretStorage (globalState only as the source of a one-time
 * migration), seven palette commands, and a reload whenever a vault entry changes (in this window or
 * another). In test mode (ExtensionMode.Test) it also registers `agentGuard.test.vault.*` commands that
 * drive the same code with scripted answers; they never exist in a normal session.
 */
import { createHash } from 'node:crypto';
import * as vscode from 'vscode';
import { SECRET_KEY_PREFIX } from '../../engine/vault/layout';
import { Vault, type VaultAuditEvent } from '../../engine/vault/vault';
import { addSecret, deleteSecret, editSecret, importEnv, listSecrets, recoverSecrets, rotateSecret } from './commands';
import { legacyIndex, secretStore } from './storage';
import { ScriptedAnswer, ScriptedUi, VaultUi, windowUi } from './ui';

export const VAULT_COMMANDS = {
  add: 'agentGuard.vault.add',
  list: 'agentGuard.vault.list',
  delete: 'agentGuard.vault.delete',
  rotate: 'agentGuard.vault.rotate',
  edit: 'agentGuard.vault.edit',
  importEnv: 'agentGuard.vault.importEnv',
  recover: 'agentGuard.vault.recover',
} as const;

export interface VaultServices {
  vault: Vault;
}

export interface VaultOptions {
  /** Where vault events go (the audit log). Metadata only; the default writes them to the log channel. */
  audit?: (event: VaultAuditEvent) => void;
  /** After every (re)load of the vault from SecretStorage. */
  onDidLoad?: () => void;
  log?: vscode.LogOutputChannel;
  /** Test mode: the counter of SecretStorage writes, shared with the other writers (the audit head). */
  secretWrites?: { count: number };
}

function createVault(context: vscode.ExtensionContext, audit: (event: VaultAuditEvent) => void, onDidLoad?: () => void, secrets = secretStore(context.secrets)): Vault {
  return new Vault({
    secrets, legacy: legacyIndex(context.globalState), session: vscode.env.sessionId, audit, ...(onDidLoad ? { onDidLoad } : {}),
  });
}

/** Test mode: how many SecretStorage writes Agent Guard made, so a test can wait until the browser saved them all. */
export function countingSecrets(secrets: vscode.SecretStorage, writes: { count: number }): vscode.SecretStorage {
  return {
    get: (key) => secrets.get(key),
    store: (key, value) => { writes.count += 1; return secrets.store(key, value); },
    delete: (key) => { writes.count += 1; return secrets.delete(key); },
    onDidChange: secrets.onDidChange,
  };
}

export function registerVault(context: vscode.ExtensionContext, options: VaultOptions = {}): VaultServices {
  const audit = options.audit ?? ((e: VaultAuditEvent) => options.log?.info(`vault ${e.action}: ${e.secrets.join(', ')}${e.reason ? ` (${e.reason})` : ''}`));
  const testMode = context.extensionMode === vscode.ExtensionMode.Test;
  const writes = options.secretWrites ?? { count: 0 };
  const vault = createVault(context, audit, options.onDidLoad, testMode ? secretStore(countingSecrets(context.secrets, writes)) : undefined);
  // Another window's change arrives here too; our own writes as well, which costs one extra (coalesced) load.
  context.subscriptions.push(context.secrets.onDidChange((event) => {
    if (event.key.startsWith(SECRET_KEY_PREFIX)) void vault.reload();
  }));
  let ui: VaultUi = windowUi;
  const commands: Record<keyof typeof VAULT_COMMANDS, (vault: Vault, ui: VaultUi) => Promise<void>> = {
    add: addSecret, list: listSecrets, delete: deleteSecret, rotate: rotateSecret, edit: editSecret, importEnv, recover: recoverSecrets,
  };
  for (const [key, run] of Object.entries(commands) as [keyof typeof VAULT_COMMANDS, (v: Vault, u: VaultUi) => Promise<void>][]) {
    context.subscriptions.push(vscode.commands.registerCommand(VAULT_COMMANDS[key], () => run(vault, ui)));
  }
  if (testMode) registerTestCommands(context, vault, audit, (next) => { ui = next; }, writes);
  return { vault };
}

/** Test mode only. Values never come back: injection results are returned as SHA-256 digests. */
function registerTestCommands(context: vscode.ExtensionContext, vault: Vault, audit: (e: VaultAuditEvent) => void, setUi: (ui: VaultUi) => void, writes: { count: number }): void {
  const digest = (value: string) => createHash('sha256').update(value).digest('hex');
  context.subscriptions.push(
    vscode.commands.registerCommand('agentGuard.test.vault.run', async (command: keyof typeof VAULT_COMMANDS, answers: ScriptedAnswer[]) => {
      const scripted = new ScriptedUi([...answers]);
      setUi(scripted);
      try {
        await vscode.commands.executeCommand(VAULT_COMMANDS[command]);
      } finally {
        setUi(windowUi);
      }
      return { shown: scripted.shown, prompts: scripted.prompts, unusedAnswers: scripted.remaining() };
    }),
    vscode.commands.registerCommand('agentGuard.test.vault.list', async () => { await vault.whenLoaded(); return vault.list(); }),
    vscode.commands.registerCommand('agentGuard.test.vault.state', async () => { await vault.whenLoaded(); return vault.state(); }),
    vscode.commands.registerCommand('agentGuard.test.vault.reload', () => vault.reload()),
    vscode.commands.registerCommand('agentGuard.test.vault.writes', () => writes.count),
    vscode.commands.registerCommand('agentGuard.test.vault.inject', async (names: string[], use: { command: string; agent: string }) => {
      const result = await vault.getForInjection(names, use);
      return result.ok ? { ok: true, digests: Object.fromEntries(Object.entries(result.values).map(([k, v]) => [k, digest(v)])) } : result;
    }),
    /** A second Vault over the same storage, fully loaded: what a reloaded window would construct. */
    vscode.commands.registerCommand('agentGuard.test.vault.reopenList', async () => {
      const reopened = createVault(context, audit);
      await reopened.whenLoaded();
      return reopened.list();
    }),
  );
}
