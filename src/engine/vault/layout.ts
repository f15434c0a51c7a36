/**
 * Where the vault keeps things in the secret store (VS Code SecretStorage), and typed access to them.
 * Everything lives there, nothing in globalState: the workbench flushes globalState lazily (a browser
 * refresh of code-server right after a write can drop it), so metadata there could vanish while its
 * value stayed. Per secret two entries, plus one index of names:
 *
 *   agentGuard.vault.<ID>        the value (the key earlier versions used, so values never move)
 *   agentGuard.vault.meta.<ID>   its metadata as JSON
 *   agentGuard.vault.index.v2    {"version":2,"ids":[…]}: SecretStorage cannot list its keys
 *
 * A name never contains a dot, so no secret's keys can collide with `meta.*` or `index.v2`.
 */
import { z } from 'zod';
import { SecretMetadata, SecretMetadataSchema, SecretNameSchema } from './model';

export interface SecretStorePort {
  get(key: string): PromiseLike<string | undefined>;
  store(key: string, value: string): PromiseLike<void>;
  delete(key: string): PromiseLike<void>;
}

export const SECRET_KEY_PREFIX = 'agentGuard.vault.';
export const META_KEY_PREFIX = 'agentGuard.vault.meta.';
export const INDEX_KEY = 'agentGuard.vault.index.v2';

export const valueKey = (id: string): string => SECRET_KEY_PREFIX + id;
export const metaKey = (id: string): string => META_KEY_PREFIX + id;

const IndexSchema = z.object({
  version: z.literal(2),
  ids: z.array(SecretNameSchema),
  /** The editor session that migrated the old globalState index; it is deleted in a later session only. */
  migratedIn: z.string().optional(),
});
export type SecretIndex = z.infer<typeof IndexSchema>;

export type IndexRead = { kind: 'absent' } | { kind: 'ok'; index: SecretIndex } | { kind: 'unreadable' };
export type MetaRead = { kind: 'absent' } | { kind: 'ok'; meta: SecretMetadata } | { kind: 'unreadable' };

/** Typed reads and writes of the layout above. Values pass through, they are never parsed or kept. */
export class VaultLayout {
  constructor(private readonly secrets: SecretStorePort) {}

  async readIndex(): Promise<IndexRead> {
    const raw = await this.secrets.get(INDEX_KEY);
    if (raw === undefined) return { kind: 'absent' };
    const parsed = IndexSchema.safeParse(parseJson(raw));
    return parsed.success ? { kind: 'ok', index: { ...parsed.data, ids: unique(parsed.data.ids) } } : { kind: 'unreadable' };
  }

  /** Keeps the stored `migratedIn` unless one is given: the old index's deletion depends on it. */
  async writeIndex(ids: readonly string[], migratedIn?: string): Promise<void> {
    if (migratedIn === undefined) {
      const current = await this.readIndex();
      if (current.kind === 'ok') migratedIn = current.index.migratedIn;
    }
    const index: SecretIndex = { version: 2, ids: unique(ids), ...(migratedIn !== undefined ? { migratedIn } : {}) };
    await this.secrets.store(INDEX_KEY, JSON.stringify(index));
  }

  async readMeta(id: string): Promise<MetaRead> {
    const raw = await this.secrets.get(metaKey(id));
    if (raw === undefined) return { kind: 'absent' };
    const parsed = SecretMetadataSchema.safeParse(parseJson(raw));
    // Metadata filed under another name is as good as none: it must not lend its permissions.
    return parsed.success && parsed.data.id === id ? { kind: 'ok', meta: parsed.data } : { kind: 'unreadable' };
  }

  async writeMeta(meta: SecretMetadata): Promise<void> {
    await this.secrets.store(metaKey(meta.id), JSON.stringify(SecretMetadataSchema.parse(meta)));
  }

  async deleteMeta(id: string): Promise<void> {
    await this.secrets.delete(metaKey(id));
  }

  async hasValue(id: string): Promise<boolean> {
    const value = await this.secrets.get(valueKey(id));
    return value !== undefined && value.length > 0;
  }

  getValue(id: string): PromiseLike<string | undefined> {
    return this.secrets.get(valueKey(id));
  }

  async storeValue(id: string, value: string): Promise<void> {
    await this.secrets.store(valueKey(id), value);
  }

  async deleteValue(id: string): Promise<void> {
    await this.secrets.delete(valueKey(id));
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function unique(ids: readonly string[]): string[] {
  return [...new Set(ids)];
}
