/**
 * The vault's palette commands. Values are only ever typed into masked inputs or read from a .env file
 * the developer chose; no message shown afterwards contains one.
 */
import * as vscode from 'vscode';
import { parseDotenv, replaceWithReferences } from '../../engine/vault/dotenv';
import { statusNote } from '../../engine/vault/messages';
import { SECRET_NAME_PATTERN, VaultEntry } from '../../engine/vault/model';
import { Vault } from '../../engine/vault/vault';
import { PickItem, VaultUi } from './ui';

const splitList = (text: string) => text.split(',').map((s) => s.trim()).filter(Boolean);
const nameProblem = (existing: VaultEntry[]) => (name: string) =>
  !SECRET_NAME_PATTERN.test(name) ? 'Use letters, digits and _, not starting with a digit (it becomes an environment variable).'
    : existing.some((s) => s.id === name) ? `"${name}" already exists; rotate it instead.` : undefined;

function describe(s: VaultEntry): PickItem {
  const dates = [`created ${s.created}`, ...(s.rotated ? [`rotated ${s.rotated}`] : []), `last used ${s.lastUsed ?? 'never'}`];
  return {
    id: s.id,
    label: s.id,
    description: s.status === 'ok' ? [s.service, s.label].filter(Boolean).join(' · ') : statusNote(s.status),
    detail: `${dates.join(' · ')} · commands: ${s.allowedCommands.join(', ') || 'none'} · agents: ${s.allowedAgents.join(', ') || 'none'}`,
  };
}

/** The listing once loaded, or undefined (after saying why) while the vault cannot be used. */
async function loaded(vault: Vault, ui: VaultUi): Promise<VaultEntry[] | undefined> {
  await vault.whenLoaded();
  const problem = vault.problem();
  if (problem === undefined) return vault.list();
  ui.error(problem);
  return undefined;
}

type Permissions = { allowedCommands: string[]; allowedAgents: string[] };

async function askPermissions(ui: VaultUi, current: Permissions = { allowedCommands: [], allowedAgents: ['*'] }): Promise<Permissions | undefined> {
  const commands = await ui.input({ prompt: 'Commands allowed to use it (comma-separated patterns, * is a wildcard), e.g. "gh *, git push*"', value: current.allowedCommands.join(', ') });
  if (commands === undefined) return undefined;
  const agents = await ui.input({ prompt: 'Agents allowed to ask for it (comma-separated ids, * for any)', value: current.allowedAgents.join(', ') });
  if (agents === undefined) return undefined;
  return { allowedCommands: splitList(commands), allowedAgents: splitList(agents) };
}

function report(ui: VaultUi, result: { ok: true } | { ok: false; reason: string }, done: string): void {
  if (result.ok) ui.info(done);
  else ui.error(result.reason);
}

export async function addSecret(vault: Vault, ui: VaultUi): Promise<void> {
  const existing = await loaded(vault, ui);
  if (!existing) return;
  const id = await ui.input({ prompt: 'Secret name (also its environment variable name)', validateInput: nameProblem(existing) });
  if (!id) return;
  const service = await ui.input({ prompt: 'Service (e.g. github, npm)' });
  if (service === undefined) return;
  const value = await ui.input({ prompt: `Value of ${id}`, password: true, validateInput: (v) => (v ? undefined : 'The value cannot be empty.') });
  if (!value) return;
  const permissions = await askPermissions(ui);
  if (!permissions) return;
  report(ui, await vault.add({ id, service, label: service, ...permissions }, value), `Added ${id} to the vault.`);
}

export async function listSecrets(vault: Vault, ui: VaultUi): Promise<void> {
  const secrets = await loaded(vault, ui);
  if (!secrets) return;
  if (secrets.length === 0) {
    ui.info('The vault is empty.');
    return;
  }
  await ui.pick(secrets.map(describe), { title: 'Vault secrets (metadata only; values are never shown)' });
}

async function pickOne(vault: Vault, ui: VaultUi, title: string): Promise<VaultEntry | undefined> {
  const secrets = await loaded(vault, ui);
  if (!secrets) return undefined;
  if (secrets.length === 0) {
    ui.info('The vault is empty.');
    return undefined;
  }
  const id = (await ui.pick(secrets.map(describe), { title }))?.[0]?.id;
  return secrets.find((s) => s.id === id);
}

export async function deleteSecret(vault: Vault, ui: VaultUi): Promise<void> {
  const id = (await pickOne(vault, ui, 'Delete which secret?'))?.id;
  if (!id) return;
  if (!(await ui.confirm(`Delete the secret "${id}" from the vault? Commands that use it will be refused.`, 'Delete'))) return;
  report(ui, await vault.remove(id), `Deleted ${id}.`);
}

export async function rotateSecret(vault: Vault, ui: VaultUi): Promise<void> {
  const id = (await pickOne(vault, ui, 'Rotate which secret?'))?.id;
  if (!id) return;
  const value = await ui.input({ prompt: `New value of ${id}`, password: true, validateInput: (v) => (v ? undefined : 'The value cannot be empty.') });
  if (!value) return;
  report(ui, await vault.rotate(id, value), `Rotated ${id}.`);
}

/** Description and permissions; for a recovered secret, the way to make it usable again. */
export async function editSecret(vault: Vault, ui: VaultUi): Promise<void> {
  const secret = await pickOne(vault, ui, 'Edit which secret (description and permissions; not its value)?');
  if (!secret) return;
  const known = secret.status === 'ok' || secret.status === 'no-value';
  const service = await ui.input({ prompt: `Service of ${secret.id} (e.g. github, npm)`, value: known ? secret.service : '' });
  if (service === undefined) return;
  const label = await ui.input({ prompt: `Description of ${secret.id}`, value: known ? secret.label : '' });
  if (label === undefined) return;
  const permissions = await askPermissions(ui, secret);
  if (!permissions) return;
  report(ui, await vault.update(secret.id, { service, label, ...permissions }), `Updated ${secret.id}.`);
}

/** Lists values SecretStorage holds without the vault listing them (e.g. metadata lost by an older version). */
export async function recoverSecrets(vault: Vault, ui: VaultUi): Promise<void> {
  await vault.whenLoaded();
  const names = await ui.input({ prompt: 'Names of secrets to look for in SecretStorage (comma-separated; names an older version listed are checked anyway)' });
  if (names === undefined) return;
  const result = await vault.recover(splitList(names));
  if (!result.ok) return ui.error(result.reason);
  const found = result.recovered.length > 0 ? `Listed again: ${result.recovered.join(', ')}. Check each one with "Agent Guard: Edit Vault Secret" before commands can use it.` : 'Nothing new was found.';
  ui.info(`${found}${result.notFound.length > 0 ? ` SecretStorage holds nothing for: ${result.notFound.join(', ')}.` : ''}`);
}

export async function importEnv(vault: Vault, ui: VaultUi): Promise<void> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const file = await ui.pickFile(folder ? vscode.Uri.joinPath(folder, '.env') : undefined);
  if (!file) return;
  const content = new TextDecoder().decode(await vscode.workspace.fs.readFile(file));
  const { entries, skippedLines } = parseDotenv(content);
  const existing = await loaded(vault, ui);
  if (!existing) return;
  const taken = new Set(existing.map((s) => s.id));
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
