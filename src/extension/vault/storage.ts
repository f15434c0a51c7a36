/**
 * Adapters from VS Code storage to the vault's ports. Values and metadata both live in SecretStorage
 * (layout in src/engine/vault/layout.ts); globalState is only read to migrate what older versions kept
 * there, then cleared (src/engine/vault/load.ts).
 */
import type * as vscode from 'vscode';
import type { LegacyIndexPort, SecretStorePort } from '../../engine/vault/vault';

/** Where versions before the SecretStorage index kept the metadata (globalState). */
export const LEGACY_INDEX_KEY = 'agentGuard.vault.index';

export function secretStore(secrets: vscode.SecretStorage): SecretStorePort {
  return {
    get: (key) => secrets.get(key),
    store: (key, value) => secrets.store(key, value),
    delete: (key) => secrets.delete(key),
  };
}

export function legacyIndex(state: vscode.Memento): LegacyIndexPort {
  return {
    read: () => state.get<unknown>(LEGACY_INDEX_KEY),
    clear: () => state.update(LEGACY_INDEX_KEY, undefined),
  };
}
