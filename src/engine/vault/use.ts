/**
 * The checks before a value is handed to a command, always against a fresh read of the secret store:
 * a listing in memory may be older than a change another window made to a secret's permissions.
 */
import type { VaultLayout } from './layout';
import { SecretMetadata, agentAllowed, commandAllowed } from './model';
import {
  VAULT_UNREADABLE_MESSAGE, agentNotAllowedMessage, commandNotAllowedMessage, missingValueMessage, unknownSecretMessage, unusableMessage,
} from './messages';

type Checked = { ok: true; metas: SecretMetadata[] } | { ok: false; reason: string };

export async function checkUse(layout: VaultLayout, names: readonly string[], use: { command: string; agent: string }): Promise<Checked> {
  const read = await layout.readIndex();
  if (read.kind === 'unreadable') return { ok: false, reason: VAULT_UNREADABLE_MESSAGE };
  const ids = read.kind === 'ok' ? read.index.ids : [];
  const metas: SecretMetadata[] = [];
  for (const name of names) {
    if (!ids.includes(name)) return { ok: false, reason: unknownSecretMessage(name) };
    const meta = await layout.readMeta(name);
    // No readable metadata means no permissions: a recovered value is never used before it is edited.
    if (meta.kind !== 'ok') return { ok: false, reason: unusableMessage(name, (await layout.hasValue(name)) ? 'recovered' : 'empty') };
    if (!commandAllowed(meta.meta.allowedCommands, use.command)) return { ok: false, reason: commandNotAllowedMessage(name, use.command) };
    if (!agentAllowed(meta.meta.allowedAgents, use.agent)) return { ok: false, reason: agentNotAllowedMessage(name, use.agent) };
    metas.push(meta.meta);
  }
  return { ok: true, metas };
}

export async function readValues(layout: VaultLayout, names: readonly string[]): Promise<{ ok: true; values: Record<string, string> } | { ok: false; reason: string }> {
  const values: Record<string, string> = {};
  for (const name of names) {
    const value = await layout.getValue(name);
    if (value === undefined || value.length === 0) return { ok: false, reason: missingValueMessage(name) };
    values[name] = value;
  }
  return { ok: true, values };
}
