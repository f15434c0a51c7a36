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
