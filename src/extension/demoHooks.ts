/**
 * What `npm run demo`'s scripted agent (demo/agent) needs beyond the public agent API: a way to put its
 * clearly fake demo secret into the real vault (SecretStorage), as a developer would with "Add Secret to
 * Vault". Only returned when Agent Guard runs from source for the demo (ExtensionMode.Development with
 * AGENT_GUARD_DEMO=1, set by scripts/demo.mjs) or under the integration tests: an installed extension
 * never has it. It can only add a secret that does not exist yet; values never come back.
 */
import * as vscode from 'vscode';
import type { NewSecret } from '../engine/vault/types';
import type { Vault } from '../engine/vault/vault';

export interface AgentGuardDemoHooks {
  /** Adds the secret unless one of that name is already listed (then `added: false`); never returns values. */
  seedVaultSecret(secret: NewSecret, value: string): Promise<{ ok: true; added: boolean } | { ok: false; reason: string }>;
}

export function demoHooksEnabled(mode: vscode.ExtensionMode, env: NodeJS.ProcessEnv = process.env): boolean {
  return mode === vscode.ExtensionMode.Test || (mode === vscode.ExtensionMode.Development && env.AGENT_GUARD_DEMO === '1');
}

export function createDemoHooks(vault: Vault): AgentGuardDemoHooks {
  return {
    seedVaultSecret: async (secret, value) => {
      await vault.whenLoaded();
      const problem = vault.problem();
      if (problem !== undefined) return { ok: false, reason: problem };
      if (vault.list().some((entry) => entry.id === secret.id)) return { ok: true, added: false };
      const result = await vault.add(secret, value);
      return result.ok ? { ok: true, added: true } : { ok: false, reason: result.reason };
    },
  };
}
