/** Adapters from VS Code storage to the vault's ports: values in SecretStorage, metadata in globalState. */
import type * as vscode from 'vscode';
import type { VaultIndex } from '../../engine/vault/model';
import type { IndexStorePort, SecretStorePort } from '../../engine/vault/vault';

export const VAULT_INDEX_KEY = 'agentGuard.vault.index';

export function secretStore(secrets: vscode.SecretStorage): SecretStorePort {
  return {
    get: (key) => secrets.get(key),
    store: (key, value) => secrets.store(key, value),
    delete: (key) => secrets.delete(key),
  };
}

/** globalState survives window reloads and is machine-local; it holds metadata only. */
export function indexStore(state: vscode.Memento): IndexStorePort {
  return {
    read: () => state.get<unknown>(VAULT_INDEX_KEY),
    write: (index: VaultIndex) => state.update(VAULT_INDEX_KEY, index),
  };
}
