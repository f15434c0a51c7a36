/** Plain-words messages shared by the vault, the sandbox and the agent hooks. None ever carries a value. */

/** For a hook that runs while VS Code is closed: SecretStorage is reachable only inside VS Code. */
export const VAULT_UNAVAILABLE_MESSAGE =
  'This command needs a secret from the Agent Guard vault, and the vault is only reachable while VS Code is running ' +
  '(secrets live in VS Code SecretStorage). Open the workspace in VS Code and run the command again; ' +
  'Agent Guard never falls back to plain files or environment variables for vault secrets.';

export function unknownSecretMessage(name: string): string {
  return `The vault has no secret named "${name}". Add it with "Agent Guard: Add Secret to Vault".`;
}

export function commandNotAllowedMessage(name: string, command: string): string {
  return `The secret "${name}" is not allowed for the command "${command}". Edit its allowed commands in the vault to permit it.`;
}

export function agentNotAllowedMessage(name: string, agent: string): string {
  return `The secret "${name}" is not allowed for the agent "${agent}".`;
}

export function missingValueMessage(name: string): string {
  return `The vault lists "${name}" but SecretStorage has no value for it; rotate it to set a new value.`;
}

export const VAULT_UNREADABLE_MESSAGE =
  'The vault index in SecretStorage is unreadable, so the vault refuses to change or hand out secrets. ' +
  'Run "Agent Guard: Recover Vault Secrets" to rebuild it.';

export const VAULT_LOADING_MESSAGE = 'The vault is still loading from SecretStorage; try again in a moment.';

export function vaultUnavailableMessage(detail: string): string {
  return `SecretStorage could not be read (${detail}), so the vault refuses to change or hand out secrets until it can.`;
}

/** Why a listed secret that is not `ok` cannot be used, and what the developer can do about it. */
export function unusableMessage(name: string, status: 'recovered' | 'no-value' | 'empty'): string {
  if (status === 'recovered') {
    return `The secret "${name}" was recovered without its description and permissions, so no command receives it until you set them with "Agent Guard: Edit Vault Secret".`;
  }
  if (status === 'no-value') return missingValueMessage(name);
  return `The vault lists "${name}" but holds nothing for it (an add or a delete was interrupted); delete it, or rotate it to set a value.`;
}

/** Shown beside a listed secret that is not `ok`. */
export function statusNote(status: 'ok' | 'recovered' | 'no-value' | 'empty'): string {
  return {
    ok: '',
    recovered: 'recovered: description and permissions unknown; no command receives it until you edit it',
    'no-value': 'broken: no value in SecretStorage; rotate it to set one, or delete it',
    empty: 'broken: nothing stored; delete it, or rotate it to set a value',
  }[status];
}
