/**
 * The vault's palette commands. Values are only ever typed into masked inputs or read from a .env file
 * the developer chose; no message shown afterwards contains one.
 */
import * as vscode from 'vscode';
import { parseDotenv, replaceWithReferences } from '../../engine/vault/dotenv';
import { SECRET_NAME_PATTERN, SecretMetadata } from '../../engine/vault/model';
import { Vault } from '../../engine/vault/vault';
import { PickItem, VaultUi } from './ui';

const splitList = (text: string) => text.split(',').map((s) => s.trim()).filter(Boolean);
const nameProblem = (existing: SecretMetadata[]) => (name: string) =>
  !SECRET_NAME_PATTERN.test(name) ? 'Use letters, digits and _, not starting with a digit (it becomes an environment variable).'
    : existing.some((s) => s.id === name) ? `"${name}" already exists; rotate it instead.` : undefined;

function describe(s: SecretMetadata): PickItem {
  return {
    id: s.id,
    label: s.id,
    description: [s.service, s.label].filter(Boolean).join(' · '),
    detail: `created ${s.created} · last used ${s.lastUsed ?? 'never'} · commands: ${s.allowedCommands.join(', ') || 'none'} · agents: ${s.allowedAgents.join(', ') || 'none'}`,
  };
}

async function askPermissions(ui: VaultUi): Promise<{ allowedCommands: string[]; allowedAgents: string[] } | undefined> {
  const commands = await ui.input({ prompt: 'Commands allowed to use it (comma-separated patterns, * is a wildcard), e.g. "gh *, git push*"' });
  if (commands === undefined) return undefined;
  const agents = await ui.input({ prompt: 'Agents allowed to ask for it (comma-separated ids, * for any)', value: '*' });
  if (agents === undefined) return undefined;
  return { allowedCommands: splitList(commands), allowedAgents: splitList(agents) };
}

export async function addSecret(vault: Vault, ui: VaultUi): Promise<void> {
  const id = await ui.input({ prompt: 'Secret name (also its environment variable name)', validateInput: nameProblem(vault.list()) });
  if (!id) return;
  const service = await ui.input({ prompt: 'Service (e.g. github, npm)' });
  if (service === undefined) return;
  const value = await ui.input({ prompt: `Value of ${id}`, password: true, validateInput: (v) => (v ? undefined : 'The value cannot be empty.') });
  if (!value) return;
  const permissions = await askPermissions(ui);
  if (!permissions) return;
  const result = await vault.add({ id, service, label: service, ...permissions }, value);
  if (result.ok) ui.info(`Added ${id} to the vault.`);
  else ui.error(result.reason);
}

export async function listSecrets(vault: Vault, ui: VaultUi): Promise<void> {
  const secrets = vault.list();
  if (secrets.length === 0) {
    ui.info('The vault is empty.');
    return;
  }
  await ui.pick(secrets.map(describe), { title: 'Vault secrets (metadata only; values are never shown)' });
}

async function pickOne(vault: Vault, ui: VaultUi, title: string): Promise<string | undefined> {
  const secrets = vault.list();
  if (secrets.length === 0) {
    ui.info('The vault is empty.');
    return undefined;
  }
  return (await ui.pick(secrets.map(describe), { title }))?.[0]?.id;
}

export async function deleteSecret(vault: Vault, ui: VaultUi): Promise<void> {
  const id = await pickOne(vault, ui, 'Delete which secret?');
  if (!id) return;
  if (!(await ui.confirm(`Delete the secret "${id}" from the vault? Commands that use it will be refused.`, 'Delete'))) return;
  const result = await vault.remove(id);
  if (result.ok) ui.info(`Deleted ${id}.`);
  else ui.error(result.reason);
}

export async function rotateSecret(vault: Vault, ui: VaultUi): Promise<void> {
  const id = await pickOne(vault, ui, 'Rotate which secret?');
  if (!id) return;
  const value = await ui.input({ prompt: `New value of ${id}`, password: true, validateInput: (v) => (v ? undefined : 'The value cannot be empty.') });
  if (!value) return;
  const result = await vault.rotate(id, value);
  if (result.ok) ui.info(`Rotated ${id}.`);
  else ui.error(result.reason);
}

export async function importEnv(vault: Vault, ui: VaultUi): Promise<void> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const file = await ui.pickFile(folder ? vscode.Uri.joinPath(folder, '.env') : undefined);
  if (!file) return;
  const content = new TextDecoder().decode(await vscode.workspace.fs.readFile(file));
  const { entries, skippedLines } = parseDotenv(content);
  const taken = new Set(vault.list().map((s) => s.id));
  const items = entries.map((e) => ({ id: e.name, label: e.name, description: taken.has(e.name) ? 'already in the vault: skipped' : '', picked: !taken.has(e.name) }));
  const chosen = await ui.pick(items.filter((i) => !taken.has(i.id)), { title: 'Move which values into the vault?', many: true });
  if (!chosen || chosen.length === 0) return;
  const permissions = await askPermissions(ui);
  if (!permissions) return;
  const moved = new Set<string>();
  for (const item of chosen) {
    const entry = entries.find((e) => e.name === item.id);
    if (!entry) continue;
    const result = await vault.add({ id: entry.name, service: 'dotenv', label: `imported from ${vscode.workspace.asRelativePath(file)}`, ...permissions }, entry.value);
    if (result.ok) moved.add(entry.name);
    else ui.error(result.reason);
  }
  const skipped = skippedLines.length ? ` Lines not understood (left as they were): ${skippedLines.join(', ')}.` : '';
  ui.info(`Moved ${moved.size} value(s) into the vault: ${[...moved].join(', ') || 'none'}.${skipped}`);
  if (moved.size > 0 && (await ui.confirm(`Replace the moved values in ${vscode.workspace.asRelativePath(file)} with \${vault:NAME} references?`, 'Replace'))) {
    await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(replaceWithReferences(content, moved)));
    ui.info('Replaced the values in the file with vault references.');
  }
}
