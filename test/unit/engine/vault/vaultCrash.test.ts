import { strict as assert } from 'node:assert';
import { INDEX_KEY, META_KEY_PREFIX, SECRET_KEY_PREFIX, metaKey, valueKey } from '../../../../src/engine/vault/layout';
import type { Vault } from '../../../../src/engine/vault/vault';
import { github, makeVault, MemoryStore } from './memoryStore';

const VALUE = 'canary-crash-8f3Kq2';
const NEW_VALUE = 'canary-crash-rotated-77Zp';
const use = { command: 'gh pr list', agent: 'copilot' };

/** Every value or metadata entry in the store must be reachable from the index: nothing is ever invisible. */
function assertNothingUnlisted(store: MemoryStore): void {
  const ids: string[] = JSON.parse(store.map.get(INDEX_KEY) ?? '{"ids":[]}').ids;
  for (const key of store.map.keys()) {
    if (key === INDEX_KEY) continue;
    const id = key.startsWith(META_KEY_PREFIX) ? key.slice(META_KEY_PREFIX.length) : key.slice(SECRET_KEY_PREFIX.length);
    assert.ok(ids.includes(id), `${key} is stored but ${id} is not listed`);
  }
}

/** Runs `change` with the store dying after `writes` writes, then starts a new Vault over what is left. */
async function crashDuring(writes: number, setUp: (vault: Vault) => Promise<unknown>, change: (vault: Vault) => Promise<unknown>) {
  const store = new MemoryStore();
  const before = await makeVault({ store });
  await setUp(before.vault);
  store.crashAfter(writes);
  const outcome = await change(before.vault);
  store.revive();
  assertNothingUnlisted(store);
  const after = await makeVault({ store, session: 'session-2' });
  return { store, outcome, vault: after.vault, entry: after.vault.list().find((e) => e.id === github.id) };
}

const nothing = async () => undefined;

describe('engine/vault crash between writes', () => {
  it('add interrupted after the index: listed as empty, never used, deletable', async () => {
    const { vault, entry, outcome } = await crashDuring(1, nothing, (v) => v.add(github, VALUE));
    assert.equal((outcome as { ok: boolean }).ok, false);
    assert.equal(entry?.status, 'empty');
    const r = await vault.getForInjection([github.id], use);
    assert.ok(!r.ok && r.reason.includes('holds nothing'), 'an empty entry was not refused');
    assert.deepEqual(await vault.remove(github.id), { ok: true });
    assert.equal(vault.list().length, 0);
  });

  it('add interrupted after the metadata: listed as no-value, never used, rotate makes it whole', async () => {
    const { vault, entry } = await crashDuring(2, nothing, (v) => v.add(github, VALUE));
    assert.deepEqual([entry?.status, entry?.service], ['no-value', 'github']);
    const r = await vault.getForInjection([github.id], use);
    assert.ok(!r.ok && r.reason.includes('no value'));
    await vault.rotate(github.id, NEW_VALUE);
    const ok = await vault.getForInjection([github.id], use);
    assert.ok(ok.ok && ok.values[github.id] === NEW_VALUE, 'the rotated value was not handed out');
  });

  it('an add whose value write fails is undone in delete order and leaves nothing behind', async () => {
    const store = new MemoryStore();
    const { vault } = await makeVault({ store });
    store.beforeWrite = (key) => {
      if (key !== valueKey(github.id)) return;
      store.beforeWrite = undefined;
      throw new Error('disk full');
    };
    const r = await vault.add(github, VALUE);
    assert.ok(!r.ok && r.reason.includes('disk full') && !r.reason.includes(VALUE));
    assertNothingUnlisted(store);
    assert.deepEqual([...store.map.keys()], [INDEX_KEY]);
    assert.deepEqual(vault.list(), [], 'the undo left a listed entry behind');
  });

  it('rotate interrupted after the value: the new value is in force with the old metadata', async () => {
    const { vault, entry } = await crashDuring(1, (v) => v.add(github, VALUE), (v) => v.rotate(github.id, NEW_VALUE));
    assert.deepEqual([entry?.status, entry?.rotated], ['ok', undefined]);
    const r = await vault.getForInjection([github.id], use);
    assert.ok(r.ok && r.values[github.id] === NEW_VALUE);
  });

  it('delete interrupted after the value: listed as no-value, never used; deleting again finishes it', async () => {
    const { vault, entry, store } = await crashDuring(1, (v) => v.add(github, VALUE), (v) => v.remove(github.id));
    assert.equal(entry?.status, 'no-value');
    assert.equal((await vault.getForInjection([github.id], use)).ok, false);
    await vault.remove(github.id);
    assert.deepEqual([...store.map.keys()], [INDEX_KEY]);
  });

  it('delete interrupted after the metadata: listed as empty; deleting again finishes it', async () => {
    const { vault, entry, store } = await crashDuring(2, (v) => v.add(github, VALUE), (v) => v.remove(github.id));
    assert.equal(entry?.status, 'empty');
    await vault.remove(github.id);
    assert.deepEqual(vault.list(), []);
    assert.deepEqual(JSON.parse(store.map.get(INDEX_KEY) ?? '{}').ids, []);
  });

  it('a value whose metadata is gone lists as recovered, has no permissions, and is used only after an edit', async () => {
    const store = new MemoryStore();
    await (await makeVault({ store })).vault.add(github, VALUE);
    store.map.delete(metaKey(github.id));
    const { vault, events } = await makeVault({ store });
    const entry = vault.list()[0];
    assert.deepEqual([entry?.status, entry?.label, entry?.allowedCommands, entry?.allowedAgents], ['recovered', 'recovered, description unknown', [], []]);
    const refused = await vault.getForInjection([github.id], use);
    assert.ok(!refused.ok && refused.reason.includes('recovered'), 'a recovered value was handed out');
    await vault.update(github.id, { service: 'github', label: 'found again', allowedCommands: ['gh pr *'], allowedAgents: ['copilot'] });
    assert.deepEqual([vault.list()[0]?.status, vault.list()[0]?.created], ['ok', 'unknown']);
    const granted = await vault.getForInjection([github.id], use);
    assert.ok(granted.ok && granted.values[github.id] === VALUE, 'the edited secret was not usable');
    assert.equal((await vault.getForInjection([github.id], { command: 'curl x', agent: 'copilot' })).ok, false);
    assert.ok(!JSON.stringify(events).includes(VALUE));
  });

  it('metadata filed under another name does not lend its permissions', async () => {
    const store = new MemoryStore();
    await (await makeVault({ store })).vault.add(github, VALUE);
    store.map.set(metaKey(github.id), JSON.stringify({ ...github, id: 'SOMETHING_ELSE', created: 'x', allowedCommands: ['*'], allowedAgents: ['*'] }));
    const { vault } = await makeVault({ store });
    assert.equal(vault.list()[0]?.status, 'recovered');
    assert.equal((await vault.getForInjection([github.id], { command: 'anything', agent: 'anyone' })).ok, false);
  });

  it('never leaves a stored entry unlisted, whichever write of add, rotate or delete is the last', async () => {
    for (const [name, writes, setUp, change] of [
      ['add', 3, nothing, (v: Vault) => v.add(github, VALUE)],
      ['rotate', 2, (v: Vault) => v.add(github, VALUE), (v: Vault) => v.rotate(github.id, NEW_VALUE)],
      ['delete', 3, (v: Vault) => v.add(github, VALUE), (v: Vault) => v.remove(github.id)],
    ] as const) {
      for (let n = 0; n <= writes; n += 1) {
        const { vault } = await crashDuring(n, setUp, change);
        const injected = await vault.getForInjection([github.id], use);
        const status = vault.list().find((e) => e.id === github.id)?.status;
        assert.ok(!injected.ok || status === 'ok', `${name} cut after ${n} write(s): a ${status} entry was used`);
      }
    }
  });
});
