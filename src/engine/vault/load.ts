/**
 * Reading the vault from the secret store, and moving an older install's metadata into it.
 *
 * Versions before the SecretStorage index kept metadata in globalState (`agentGuard.vault.index`,
 * `{version:1, secrets:[…]}`) and values in SecretStorage under the keys still used. Migration copies each
 * entry's metadata to its SecretStorage entry first and writes the index last, so an interrupted migration
 * simply runs again (the old index is still there). The old index is deleted only by a later editor
 * session that finds the new index already stored, i.e. once the new copy has survived a restart.
 */
import { SecretMetadata, SecretMetadataSchema, SecretNameSchema, VaultEntry, recoveredMetadata } from './model';
import type { VaultLayout } from './layout';

/** The old globalState index: read once for migration, then cleared. */
export interface LegacyIndexPort {
  read(): unknown;
  clear(): PromiseLike<void>;
}

export interface LegacyIndex {
  present: boolean;
  /** Names in the old index, in order, including those whose metadata was damaged. */
  ids: string[];
  metas: Map<string, SecretMetadata>;
  /** Every entry parsed: only then may the old index be deleted. */
  intact: boolean;
}

/** Entry by entry, so one damaged entry does not hide the others: a name alone still finds a value. */
export function readLegacyIndex(raw: unknown): LegacyIndex {
  const none: LegacyIndex = { present: false, ids: [], metas: new Map(), intact: true };
  if (raw === undefined || raw === null) return none;
  const secrets = typeof raw === 'object' && (raw as { version?: unknown }).version === 1 ? (raw as { secrets?: unknown }).secrets : undefined;
  if (!Array.isArray(secrets)) return { ...none, present: true, intact: false };
  const result: LegacyIndex = { present: true, ids: [], metas: new Map(), intact: true };
  for (const item of secrets as unknown[]) {
    const parsed = SecretMetadataSchema.safeParse(item);
    const id = parsed.success ? parsed.data.id : (item as { id?: unknown } | null)?.id;
    if (!parsed.success) result.intact = false;
    if (!SecretNameSchema.safeParse(id).success || result.ids.includes(id as string)) continue;
    result.ids.push(id as string);
    if (parsed.success) result.metas.set(parsed.data.id, parsed.data);
  }
  return result;
}

export type LoadResult =
  | { kind: 'ready'; entries: VaultEntry[]; migrated: string[]; adopted: string[] }
  | { kind: 'unreadable' };

export interface LoadContext {
  layout: VaultLayout;
  legacy?: LegacyIndexPort;
  /** Identifies this editor session (vscode.env.sessionId), see the header. */
  session: string;
}

export async function loadVault(ctx: LoadContext): Promise<LoadResult> {
  const read = await ctx.layout.readIndex();
  if (read.kind === 'unreadable') return { kind: 'unreadable' };
  const legacy = readLegacyIndex(ctx.legacy?.read());
  let ids: string[];
  let migrated: string[] = [];
  let adopted: string[] = [];
  if (read.kind === 'absent') {
    if (legacy.ids.length > 0) {
      await copyLegacyMetadata(ctx.layout, legacy, legacy.ids);
      await ctx.layout.writeIndex(legacy.ids, ctx.session);
      migrated = legacy.ids;
    }
    ids = legacy.ids;
  } else {
    ids = read.index.ids;
    if (legacy.present && read.index.migratedIn !== ctx.session) {
      adopted = await adoptStranded(ctx.layout, legacy, ids);
      if (adopted.length > 0) await ctx.layout.writeIndex([...ids, ...adopted]);
      ids = [...ids, ...adopted];
      if (legacy.intact) await ctx.legacy?.clear();
    }
  }
  return { kind: 'ready', entries: await describeAll(ctx.layout, ids), migrated, adopted };
}

/** Never overwrites metadata already in the secret store: that copy is the newer one. */
async function copyLegacyMetadata(layout: VaultLayout, legacy: LegacyIndex, ids: readonly string[]): Promise<void> {
  for (const id of ids) {
    const meta = legacy.metas.get(id);
    if (meta && (await layout.readMeta(id)).kind === 'absent') await layout.writeMeta(meta);
  }
}

/**
 * Old-index names missing from the new index but with a value stored (e.g. added by an older version run
 * after the migration). A name without a value was deleted since, and stays deleted.
 */
async function adoptStranded(layout: VaultLayout, legacy: LegacyIndex, ids: readonly string[]): Promise<string[]> {
  const stranded: string[] = [];
  for (const id of legacy.ids) {
    if (!ids.includes(id) && (await layout.hasValue(id))) stranded.push(id);
  }
  await copyLegacyMetadata(layout, legacy, stranded);
  return stranded;
}

/** Whether SecretStorage holds a value or metadata under `id`. */
export async function storedAt(layout: VaultLayout, id: string): Promise<boolean> {
  return (await layout.hasValue(id)) || (await layout.readMeta(id)).kind !== 'absent';
}

/** The candidates SecretStorage holds something for, with the old metadata copied where none is stored. */
export async function findStored(layout: VaultLayout, legacy: LegacyIndex, candidates: Iterable<string>): Promise<string[]> {
  const found: string[] = [];
  for (const name of new Set(candidates)) {
    if (await storedAt(layout, name)) found.push(name);
  }
  await copyLegacyMetadata(layout, legacy, found);
  return found;
}

export async function describeAll(layout: VaultLayout, ids: readonly string[]): Promise<VaultEntry[]> {
  const entries: VaultEntry[] = [];
  for (const id of ids) entries.push(await describe(layout, id));
  return entries;
}

export async function describe(layout: VaultLayout, id: string): Promise<VaultEntry> {
  const [meta, hasValue] = [await layout.readMeta(id), await layout.hasValue(id)];
  if (meta.kind === 'ok') return { ...meta.meta, status: hasValue ? 'ok' : 'no-value' };
  if (hasValue) return { ...recoveredMetadata(id), status: 'recovered' };
  return { ...recoveredMetadata(id), label: 'nothing stored (an add or a delete was interrupted)', status: 'empty' };
}
