/**
 * The exact vault values, held in memory only so the audit log can redact them synchronously on every
 * append (AuditLog's `vaultValues` is a sync getter). Reloaded from SecretStorage whenever a vault
 * secret changes, in this window or another.
 */
import * as vscode from 'vscode';
import { SECRET_KEY_PREFIX, valueKey } from '../../engine/vault/layout';
import type { Vault } from '../../engine/vault/vault';

export interface VaultValueCache extends vscode.Disposable {
  values(): readonly string[];
  /** The same values by vault name, for markers that say which secret was redacted. */
  named(): Readonly<Record<string, string>>;
  /** Settles after the first load, which `start` begins (once the vault exists). */
  readonly ready: Promise<void>;
  start(): void;
  reload(): Promise<void>;
  /** Settles when no reload is in flight (decisions wait for it, so a new value is redacted at once). */
  settled(): Promise<void>;
}

export function createVaultValueCache(secrets: vscode.SecretStorage, vault: () => Vault | undefined, log: vscode.LogOutputChannel): VaultValueCache {
  let values: readonly string[] = [];
  let named: Readonly<Record<string, string>> = {};
  let loading: Promise<void> = Promise.resolve();
  const load = async (): Promise<void> => {
    const current = vault();
    await current?.whenLoaded();
    // Every name seen in this session, recovered and broken ones too: a value is redacted whatever its status.
    const names = current?.namesForRedaction() ?? [];
    const loaded: string[] = [];
    const byName: Record<string, string> = {};
    for (const name of names) {
      try {
        const value = await secrets.get(valueKey(name));
        if (value) {
          loaded.push(value);
          byName[name] = value;
        }
      } catch {
        log.warn(`vault: could not read the value of ${name} for audit redaction`);
      }
    }
    values = loaded;
    named = byName;
  };
  // Reloads run one after another so a slow early load cannot overwrite a newer one.
  const reload = () => (loading = loading.then(load, load));
  let started: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => { started = resolve; });
  const subscription = secrets.onDidChange((event) => {
    if (event.key.startsWith(SECRET_KEY_PREFIX)) void reload();
  });
  return { values: () => values, named: () => named, ready, start: () => void reload().then(started), reload, settled: () => loading, dispose: () => subscription.dispose() };
}
