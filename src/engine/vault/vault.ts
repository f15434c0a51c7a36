/**
 * The vault service. Each secret's value and its metadata are two entries in a secret store (VS Code
 * SecretStorage in the extension), listed by an index in the same store (layout.ts); nothing depends on
 * globalState. Pure logic over injected ports so it is unit-testable; no method returns or reports a value
 * except `getForInjection`, whose result goes straight into a sandbox environment.
 *
 * The write order keeps every stored entry reachable from the index, whatever step a crash interrupts:
 *   add:    index (+name) → metadata → value   interrupted: listed as `empty` or `no-value`, never used
 *   rotate: value → metadata (rotation time)   interrupted: the new value with the old rotation time
 *   delete: value → metadata → index (−name)   interrupted: listed as `no-value` or `empty`; delete again
 * A value whose metadata is missing lists as `recovered`, with no permissions, until the developer edits
 * it. Permissions are read from the store each time a value is handed out, never from the listing.
 */
import { VaultLayout } from './layout';
import { findStored, loadVault, readLegacyIndex, storedAt } from './load';
import { SecretMetadata, SecretMetadataSchema, SecretNameSchema, VaultEntry, recoveredMetadata } from './model';
import {
  VAULT_LOADING_MESSAGE, VAULT_UNREADABLE_MESSAGE, unknownSecretMessage, vaultUnavailableMessage,
} from './messages';
import { checkUse, readValues } from './use';
import type { InjectionResult, NewSecret, RecoverResult, SecretDetails, VaultAuditEvent, VaultDeps, VaultResult, VaultState } from './types';

export { SECRET_KEY_PREFIX, type SecretStorePort } from './layout';
export type { LegacyIndexPort } from './load';
export type { InjectionResult, NewSecret, RecoverResult, SecretDetails, VaultAuditEvent, VaultDeps, VaultResult, VaultState } from './types';

/** A change's outcome; a refusal may still have changed something worth auditing. */
type Change = { ok: true; event: VaultAuditEvent } | { ok: false; reason: string; event?: VaultAuditEvent };

export class Vault {
  private queue: Promise<unknown> = Promise.resolve();
  private entries: VaultEntry[] = [];
  private current: VaultState = { kind: 'loading' };
  private pendingReload: Promise<void> | undefined;
  /** Every name listed in this session, so redaction keeps covering values while the index is unreadable. */
  private readonly seen = new Set<string>();
  private readonly layout: VaultLayout;
  private readonly firstLoad: Promise<void>;

  constructor(private readonly deps: VaultDeps) {
    this.layout = new VaultLayout(deps.secrets);
    this.firstLoad = this.reload();
  }

  state(): VaultState {
    return { ...this.current };
  }

  /** Metadata and status only, as last loaded; empty until the first load has finished. */
  list(): VaultEntry[] {
    return this.entries.map((e) => ({ ...e, allowedCommands: [...e.allowedCommands], allowedAgents: [...e.allowedAgents] }));
  }

  /** Names whose values the redactor must know: everything listed in this session. */
  namesForRedaction(): string[] {
    return [...this.seen];
  }

  whenLoaded(): Promise<void> {
    return this.firstLoad;
  }

  /** Reads everything again (e.g. another window changed the store). Requests made meanwhile share one load. */
  reload(): Promise<void> {
    if (this.pendingReload) return this.pendingReload;
    const run = this.serial(async () => {
      this.pendingReload = undefined;
      await this.load();
    });
    this.pendingReload = run;
    return run;
  }

  add(secret: NewSecret, value: string): Promise<VaultResult> {
    return this.change(async (ids) => {
      if (!SecretNameSchema.safeParse(secret.id).success) return refuse(`"${secret.id}" is not a valid secret name: use letters, digits and _, not starting with a digit.`);
      if (value.length === 0) return refuse('A secret value cannot be empty.');
      if (ids.includes(secret.id)) return refuse(`A secret named "${secret.id}" already exists; rotate it instead.`);
      const meta = validMetadata({ ...secret, created: this.now() });
      if (typeof meta === 'string') return refuse(meta);
      if (await storedAt(this.layout, secret.id)) {
        await this.layout.writeIndex([...ids, secret.id]);
        return { ...refuse(`SecretStorage already holds something for "${secret.id}" that the vault did not list (left by an earlier version or an interrupted change). It is listed now: rotate or edit it instead of adding it again.`), event: { action: 'recover', secrets: [secret.id], reason: 'found in SecretStorage while adding a secret of that name' } };
      }
      await this.layout.writeIndex([...ids, secret.id]);
      try {
        await this.layout.writeMeta(meta);
        await this.layout.storeValue(secret.id, value);
      } catch (error) {
        await this.undoAdd(secret.id);
        throw error;
      }
      await this.ensureListed(secret.id);
      return { ok: true, event: { action: 'add', secrets: [secret.id] } };
    });
  }

  rotate(id: string, value: string): Promise<VaultResult> {
    return this.change(async (ids) => {
      if (value.length === 0) return refuse('A secret value cannot be empty.');
      if (!ids.includes(id)) return refuse(unknownSecretMessage(id));
      await this.layout.storeValue(id, value);
      const meta = await this.layout.readMeta(id);
      if (meta.kind === 'ok') await this.layout.writeMeta({ ...meta.meta, rotated: this.now() });
      return { ok: true, event: { action: 'rotate', secrets: [id] } };
    });
  }

  remove(id: string): Promise<VaultResult> {
    return this.change(async (ids) => {
      if (!ids.includes(id)) return refuse(unknownSecretMessage(id));
      await this.layout.deleteValue(id);
      await this.layout.deleteMeta(id);
      await this.layout.writeIndex((await this.currentIds()).filter((other) => other !== id));
      return { ok: true, event: { action: 'delete', secrets: [id] } };
    });
  }

  /** Description and permissions. On a recovered secret this writes its metadata anew. */
  update(id: string, details: SecretDetails): Promise<VaultResult> {
    return this.change(async (ids) => {
      if (!ids.includes(id)) return refuse(unknownSecretMessage(id));
      const stored = await this.layout.readMeta(id);
      const meta = validMetadata({ ...(stored.kind === 'ok' ? stored.meta : recoveredMetadata(id)), ...details, id });
      if (typeof meta === 'string') return refuse(meta);
      await this.layout.writeMeta(meta);
      return { ok: true, event: { action: 'edit', secrets: [id] } };
    });
  }

  /**
   * Lists what SecretStorage holds under `names`, or under names in the old globalState index, without
   * being in the vault's index (e.g. values an older version stored before its metadata was lost). Also
   * rebuilds an unreadable index from those names and the ones listed earlier in this session.
   */
  recover(names: readonly string[]): Promise<RecoverResult> {
    return this.serial(() => this.recoverNow(names));
  }

  /**
   * All-or-nothing: every named secret must be listed with readable metadata that allows this command
   * and this agent, and have a value. Records the use (metadata only) and updates `lastUsed`.
   */
  getForInjection(names: readonly string[], use: { command: string; agent: string }): Promise<InjectionResult> {
    return this.serial(async () => {
      const refused = (reason: string) => {
        this.deps.audit({ action: 'refused', secrets: [...names], command: use.command, agent: use.agent, reason });
        return refuse(reason);
      };
      try {
        await this.retryIfUnavailable();
        const blocked = this.problem();
        if (blocked) return refused(blocked);
        const checked = await checkUse(this.layout, names, use);
        if (!checked.ok) return refused(checked.reason);
        const values = await readValues(this.layout, names);
        if (!values.ok) return refused(values.reason);
        await this.markUsed(checked.metas);
        this.deps.audit({ action: 'use', secrets: [...names], command: use.command, agent: use.agent });
        return { ok: true as const, values: values.values };
      } catch (error) {
        return refused(vaultUnavailableMessage(errorText(error)));
      }
    });
  }

  private async load(): Promise<void> {
    try {
      const result = await loadVault({ layout: this.layout, ...(this.deps.legacy ? { legacy: this.deps.legacy } : {}), session: this.deps.session });
      if (result.kind === 'unreadable') {
        this.current = { kind: 'unreadable' };
        this.entries = [];
      } else {
        this.current = { kind: 'ready' };
        this.entries = result.entries;
        for (const entry of result.entries) this.seen.add(entry.id);
        if (result.migrated.length > 0) this.deps.audit({ action: 'migrate', secrets: result.migrated, reason: 'metadata moved from globalState into SecretStorage' });
        if (result.adopted.length > 0) this.deps.audit({ action: 'recover', secrets: result.adopted, reason: 'values in SecretStorage listed only in the old globalState index' });
      }
    } catch (error) {
      this.current = { kind: 'unavailable', detail: errorText(error) };
      this.entries = [];
    }
    this.deps.onDidLoad?.();
  }

  /** One serialized change against a fresh read of the index; the listing is reloaded afterwards in every case. */
  private change(body: (ids: string[]) => Promise<Change>): Promise<VaultResult> {
    return this.serial(async () => {
      await this.retryIfUnavailable();
      const blocked = this.problem();
      if (blocked) return refuse(blocked);
      let result: Change;
      try {
        result = await body(await this.currentIds());
      } catch (error) {
        result = refuse(`SecretStorage did not accept the change (${errorText(error)}); the vault lists what it now holds.`);
      }
      await this.load();
      if (result.event) this.deps.audit(result.event);
      return result.ok ? { ok: true } : refuse(result.reason);
    });
  }

  private async recoverNow(names: readonly string[]): Promise<RecoverResult> {
    await this.retryIfUnavailable();
    if (this.current.kind === 'loading' || this.current.kind === 'unavailable') return refuse(this.problem() ?? VAULT_LOADING_MESSAGE);
    const bad = names.filter((name) => !SecretNameSchema.safeParse(name).success);
    if (bad.length > 0) return refuse(`Not a secret name: ${bad.join(', ')}.`);
    try {
      const read = await this.layout.readIndex();
      const ids = read.kind === 'ok' ? read.index.ids : [];
      const legacy = readLegacyIndex(this.deps.legacy?.read());
      const candidates = [...names, ...legacy.ids, ...(read.kind === 'unreadable' ? this.seen : [])].filter((n) => !ids.includes(n));
      const found = await findStored(this.layout, legacy, candidates);
      if (found.length > 0 || read.kind === 'unreadable') await this.layout.writeIndex([...ids, ...found]);
      await this.load();
      if (found.length > 0) this.deps.audit({ action: 'recover', secrets: found, reason: 'listed again from what SecretStorage holds' });
      return { ok: true, recovered: found, notFound: names.filter((n) => !found.includes(n) && !ids.includes(n)) };
    } catch (error) {
      await this.load();
      return refuse(vaultUnavailableMessage(errorText(error)));
    }
  }

  /** SecretStorage may have failed for a moment: a request reads it again rather than waiting for a change event. */
  private async retryIfUnavailable(): Promise<void> {
    if (this.current.kind === 'unavailable') await this.load();
  }

  /** Why the vault cannot be used right now, in plain words; undefined when it can. */
  problem(): string | undefined {
    switch (this.current.kind) {
      case 'ready': return undefined;
      case 'loading': return VAULT_LOADING_MESSAGE;
      case 'unreadable': return VAULT_UNREADABLE_MESSAGE;
      case 'unavailable': return vaultUnavailableMessage(this.current.detail);
    }
  }

  /** Listed names as stored now (another window may have changed them since the last load). */
  private async currentIds(): Promise<string[]> {
    const read = await this.layout.readIndex();
    if (read.kind === 'unreadable') throw new Error('the vault index became unreadable');
    return read.kind === 'ok' ? read.index.ids : [];
  }

  /** Another window may have rewritten the index between our read and write; put the name back if so. */
  private async ensureListed(id: string): Promise<void> {
    const ids = await this.currentIds();
    if (!ids.includes(id)) await this.layout.writeIndex([...ids, id]);
  }

  /** In delete order, so a failure half-way still leaves everything stored listed. */
  private async undoAdd(id: string): Promise<void> {
    try {
      await this.layout.deleteValue(id);
      await this.layout.deleteMeta(id);
      await this.layout.writeIndex((await this.currentIds()).filter((other) => other !== id));
    } catch {
      // Whatever is left stays listed (as no-value or empty) and can be deleted from the palette.
    }
  }

  private async markUsed(metas: readonly SecretMetadata[]): Promise<void> {
    const at = this.now();
    for (const meta of metas) {
      await this.layout.writeMeta({ ...meta, lastUsed: at });
      this.entries = this.entries.map((e) => (e.id === meta.id ? { ...e, lastUsed: at } : e));
    }
  }

  private now(): string {
    return (this.deps.now?.() ?? new Date()).toISOString();
  }

  /** Changes are read-modify-write; running them one at a time keeps concurrent calls from losing one. */
  private serial<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }
}

function validMetadata(meta: SecretMetadata): SecretMetadata | string {
  const parsed = SecretMetadataSchema.safeParse(meta);
  if (parsed.success) return parsed.data;
  return `The secret's details are not valid: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'value'}: ${i.message}`).join('; ')}.`;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function refuse(reason: string): { ok: false; reason: string } {
  return { ok: false, reason };
}
