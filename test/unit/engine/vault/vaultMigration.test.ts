import { strict as assert } from 'node:assert';
import { INDEX_KEY, metaKey, valueKey } from '../../../../src/engine/vault/layout';
import { readLegacyIndex } from '../../../../src/engine/vault/load';
import { github, makeVault, MemoryLegacy, MemoryStore } from './memoryStore';

const VALUES = { GITHUB_TOKEN: 'canary-legacy-gh-1Qx', NPM_TOKEN: 'canary-legacy-npm-7Rw' };
const npm = { id: 'NPM_TOKEN', service: 'npm', label: 'publish', created: '2025-05-05T00:00:00.000Z', lastUsed: '2025-06-01T00:00:00.000Z', allowedCommands: ['npm publish'], allowedAgents: ['*'] };
const oldGithub = { ...github, created: '2025-01-01T00:00:00.000Z' };

/** What an install of an earlier version holds: values in SecretStorage, metadata in globalState. */
function oldInstall(secrets: unknown[] = [oldGithub, npm]) {
  const store = new MemoryStore();
  store.map.set(valueKey('GITHUB_TOKEN'), VALUES.GITHUB_TOKEN);
  store.map.set(valueKey('NPM_TOKEN'), VALUES.NPM_TOKEN);
  return { store, legacy: new MemoryLegacy({ version: 1, secrets }) };
}

const strip = (entries: { status: string }[]) => entries.map(({ status, ...meta }) => ({ status, meta }));

describe('engine/vault migration from globalState', () => {
  it('moves every entry\'s metadata into SecretStorage, values untouched, nothing lost', async () => {
    const { store, legacy } = oldInstall();
    const { vault, events } = await makeVault({ store, legacy, session: 'upgrade' });
    assert.deepEqual(strip(vault.list()), [{ status: 'ok', meta: oldGithub }, { status: 'ok', meta: npm }]);
    assert.deepEqual(JSON.parse(store.map.get(INDEX_KEY) ?? '{}'), { version: 2, ids: ['GITHUB_TOKEN', 'NPM_TOKEN'], migratedIn: 'upgrade' });
    assert.deepEqual(JSON.parse(store.map.get(metaKey('NPM_TOKEN')) ?? '{}'), npm);
    assert.ok(store.map.get(valueKey('GITHUB_TOKEN')) === VALUES.GITHUB_TOKEN && store.map.get(valueKey('NPM_TOKEN')) === VALUES.NPM_TOKEN, 'a value moved or changed');
    assert.ok(!store.writes.some((w) => w.startsWith('store agentGuard.vault.') && /\.(GITHUB|NPM)_TOKEN$/.test(w) && !w.includes('.meta.')), 'migration rewrote a value');
    assert.deepEqual(events.map((e) => [e.action, e.secrets]), [['migrate', ['GITHUB_TOKEN', 'NPM_TOKEN']]]);
    const r = await vault.getForInjection(['NPM_TOKEN'], { command: 'npm publish', agent: 'x' });
    assert.ok(r.ok && r.values.NPM_TOKEN === VALUES.NPM_TOKEN, 'a migrated secret was not usable as before');
    assert.ok(!JSON.stringify(events).includes('canary-legacy'), 'a value reached the audit');
  });

  it('keeps the old index until a later session has found the new one, then deletes it', async () => {
    const { store, legacy } = oldInstall();
    await makeVault({ store, legacy, session: 'upgrade' });
    await makeVault({ store, legacy, session: 'upgrade' }); // e.g. a reopened Vault in the same window
    assert.equal(legacy.cleared, 0, 'the old index was deleted before the new one survived a restart');
    const { vault } = await makeVault({ store, legacy, session: 'next-start' });
    assert.equal(legacy.cleared, 1);
    assert.equal(vault.list().length, 2);
  });

  it('losing globalState after the migration loses nothing', async () => {
    const { store, legacy } = oldInstall();
    const { vault: before } = await makeVault({ store, legacy, session: 'upgrade' });
    legacy.value = undefined; // what a lazy globalState flush followed by a browser refresh can leave
    const { vault } = await makeVault({ store, legacy: new MemoryLegacy(), session: 'after-refresh' });
    assert.deepEqual(vault.list(), before.list());
  });

  it('an interrupted migration runs again on the next start and completes', async () => {
    for (let n = 0; n <= 2; n += 1) {
      const { store, legacy } = oldInstall();
      store.crashAfter(n); // n metadata entries land, then the window goes away (the index is written last)
      const { vault: crashed } = await makeVault({ store, legacy, session: 'upgrade' });
      assert.equal(crashed.state().kind, 'unavailable');
      assert.equal(store.map.has(INDEX_KEY), false);
      store.revive();
      const { vault } = await makeVault({ store, legacy, session: 'next-start' });
      assert.deepEqual(strip(vault.list()), [{ status: 'ok', meta: oldGithub }, { status: 'ok', meta: npm }], `after ${n} write(s)`);
      assert.equal(legacy.cleared, 0, 'the old index was deleted in the session that migrated it');
    }
  });

  it('never overwrites metadata already in SecretStorage with the older copy', async () => {
    const { store, legacy } = oldInstall();
    const edited = { ...npm, allowedCommands: ['npm whoami'] };
    store.map.set(metaKey('NPM_TOKEN'), JSON.stringify(edited));
    const { vault } = await makeVault({ store, legacy });
    assert.deepEqual(vault.list().find((e) => e.id === 'NPM_TOKEN')?.allowedCommands, ['npm whoami']);
  });

  it('salvages a damaged old index entry by entry: a name alone still finds its value', async () => {
    const { store, legacy } = oldInstall([{ id: 'GITHUB_TOKEN', service: 42 }, npm, { service: 'no id' }, 'junk']);
    const { vault } = await makeVault({ store, legacy });
    assert.deepEqual(vault.list().map((e) => [e.id, e.status]), [['GITHUB_TOKEN', 'recovered'], ['NPM_TOKEN', 'ok']]);
    assert.equal((await vault.getForInjection(['GITHUB_TOKEN'], { command: 'gh pr list', agent: 'copilot' })).ok, false);
    await makeVault({ store, legacy, session: 'next-start' });
    assert.equal(legacy.cleared, 0, 'a damaged old index was deleted although not all of it was understood');
    assert.deepEqual(readLegacyIndex('garbage'), { present: true, ids: [], metas: new Map(), intact: false });
  });

  it('adopts a value an older version stored after the migration; a deleted one stays deleted', async () => {
    const { store, legacy } = oldInstall();
    const { vault: upgraded } = await makeVault({ store, legacy, session: 'upgrade' });
    await upgraded.remove('NPM_TOKEN');
    // An older version ran in between and added LATE_TOKEN the old way.
    const late = { ...npm, id: 'LATE_TOKEN' };
    legacy.value = { version: 1, secrets: [oldGithub, npm, late] };
    store.map.set(valueKey('LATE_TOKEN'), 'canary-late-value');
    const { vault, events } = await makeVault({ store, legacy, session: 'next-start' });
    assert.deepEqual(vault.list().map((e) => [e.id, e.status]), [['GITHUB_TOKEN', 'ok'], ['LATE_TOKEN', 'ok']]);
    assert.deepEqual(events.map((e) => [e.action, e.secrets]), [['recover', ['LATE_TOKEN']]]);
    assert.equal(legacy.cleared, 1);
  });

  it('recovers values whose metadata an older version lost, by name, as recovered entries with no permissions', async () => {
    const store = new MemoryStore();
    store.map.set(valueKey('ORPHAN_TOKEN'), 'canary-orphan-value');
    const { vault, events } = await makeVault({ store });
    assert.deepEqual(vault.list(), [], 'SecretStorage cannot list its keys, so the orphan is unknown until named');
    const r = await vault.recover(['ORPHAN_TOKEN', 'NEVER_STORED']);
    assert.deepEqual(r, { ok: true, recovered: ['ORPHAN_TOKEN'], notFound: ['NEVER_STORED'] });
    assert.deepEqual(vault.list().map((e) => [e.id, e.status, e.allowedCommands]), [['ORPHAN_TOKEN', 'recovered', []]]);
    assert.equal((await vault.getForInjection(['ORPHAN_TOKEN'], { command: 'anything', agent: 'anyone' })).ok, false);
    assert.equal(store.map.get(valueKey('ORPHAN_TOKEN')), 'canary-orphan-value');
    assert.deepEqual(events.map((e) => e.action), ['recover', 'refused']);
    assert.equal((await vault.recover(['not a name'])).ok, false);
  });

  it('adding over a value the vault does not list refuses, keeps the value, and lists it', async () => {
    const store = new MemoryStore();
    store.map.set(valueKey('GITHUB_TOKEN'), 'canary-stranded-value');
    const { vault } = await makeVault({ store });
    const r = await vault.add(github, 'canary-new-value');
    assert.ok(!r.ok && r.reason.includes('already holds'));
    assert.equal(store.map.get(valueKey('GITHUB_TOKEN')), 'canary-stranded-value');
    assert.deepEqual(vault.list().map((e) => [e.id, e.status]), [['GITHUB_TOKEN', 'recovered']]);
  });

  it('rebuilds an unreadable index from the names it knew and the ones given', async () => {
    const store = new MemoryStore();
    const { vault } = await makeVault({ store });
    await vault.add(github, 'canary-rebuild-1');
    store.map.set(INDEX_KEY, 'not json');
    await vault.reload();
    assert.equal(vault.state().kind, 'unreadable');
    assert.deepEqual(vault.namesForRedaction(), ['GITHUB_TOKEN'], 'redaction forgot a value while the index is unreadable');
    const r = await vault.recover([]);
    assert.ok(r.ok && r.recovered.includes('GITHUB_TOKEN'));
    assert.deepEqual([vault.state().kind, vault.list()[0]?.status], ['ready', 'ok']);
  });
});
