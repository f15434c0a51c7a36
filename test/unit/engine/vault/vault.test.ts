import { strict as assert } from 'node:assert';
import { INDEX_KEY, metaKey, valueKey } from '../../../../src/engine/vault/layout';
import { Vault } from '../../../../src/engine/vault/vault';
import { github, makeVault, MemoryStore } from './memoryStore';

const VALUE = 'canary-vault-Qm93aXQ';

const use = { command: 'gh pr list', agent: 'copilot' };

describe('engine/vault/vault', () => {
  it('adds a secret: value and metadata in the secret store, listed by the index, audit without value', async () => {
    const { vault, store, events } = await makeVault();
    assert.deepEqual(await vault.add(github, VALUE), { ok: true });
    assert.ok(store.map.get(valueKey('GITHUB_TOKEN')) === VALUE, 'value not stored');
    assert.deepEqual(JSON.parse(store.map.get(INDEX_KEY) ?? '{}'), { version: 2, ids: ['GITHUB_TOKEN'] });
    assert.equal(JSON.parse(store.map.get(metaKey('GITHUB_TOKEN')) ?? '{}').service, 'github');
    assert.deepEqual(vault.list().map((s) => [s.id, s.status, s.created]), [['GITHUB_TOKEN', 'ok', '2026-01-02T03:04:05.000Z']]);
    for (const [key, stored] of store.map) if (key !== valueKey('GITHUB_TOKEN')) assert.ok(!stored.includes(VALUE), `value reached ${key}`);
    assert.ok(!JSON.stringify(events).includes(VALUE), 'value reached the audit');
    assert.ok(!JSON.stringify(vault.list()).includes(VALUE), 'value reached the listing');
  });

  it('writes in the order that keeps every stored entry listed', async () => {
    const { vault, store } = await makeVault();
    await vault.add(github, VALUE);
    await vault.rotate('GITHUB_TOKEN', 'rotated-value-1');
    await vault.remove('GITHUB_TOKEN');
    const [index, meta, value] = [INDEX_KEY, metaKey('GITHUB_TOKEN'), valueKey('GITHUB_TOKEN')];
    assert.deepEqual(store.writes, [
      `store ${index}`, `store ${meta}`, `store ${value}`, // add
      `store ${value}`, `store ${meta}`, // rotate
      `delete ${value}`, `delete ${meta}`, `store ${index}`, // delete
    ]);
  });

  it('rejects bad names, empty values, invalid details and duplicates', async () => {
    const { vault } = await makeVault();
    assert.equal((await vault.add({ ...github, id: '1BAD' }, VALUE)).ok, false);
    assert.equal((await vault.add({ ...github, id: 'A-B' }, VALUE)).ok, false);
    assert.equal((await vault.add(github, '')).ok, false);
    const long = await vault.add({ ...github, service: 'x'.repeat(201) }, VALUE);
    assert.ok(!long.ok && long.reason.includes('service'), 'an over-long service was accepted');
    await vault.add(github, VALUE);
    const dup = await vault.add(github, 'other-value');
    assert.equal(dup.ok, false);
  });

  it('hands out values only to allowed commands and agents, and records the use', async () => {
    const { vault, events } = await makeVault();
    await vault.add(github, VALUE);
    const ok = await vault.getForInjection(['GITHUB_TOKEN'], { command: 'gh  pr list', agent: 'copilot' });
    assert.ok(ok.ok && ok.values.GITHUB_TOKEN === VALUE, 'allowed use refused');
    assert.equal(vault.list()[0]?.lastUsed, '2026-01-02T03:04:05.000Z');
    const badCommand = await vault.getForInjection(['GITHUB_TOKEN'], { command: 'curl evil.example', agent: 'copilot' });
    assert.ok(!badCommand.ok && badCommand.reason.includes('not allowed for the command'));
    const badAgent = await vault.getForInjection(['GITHUB_TOKEN'], { command: 'gh pr list', agent: 'other' });
    assert.ok(!badAgent.ok && badAgent.reason.includes('agent'));
    const unknown = await vault.getForInjection(['GITHUB_TOKEN', 'NOPE'], use);
    assert.ok(!unknown.ok && unknown.reason.includes('NOPE'));
    assert.deepEqual(events.map((e) => e.action), ['add', 'use', 'refused', 'refused', 'refused']);
    assert.ok(!JSON.stringify(events).includes(VALUE), 'value reached the audit');
  });

  it('rotates (recording when) and deletes everything it stored', async () => {
    const { vault, store } = await makeVault();
    await vault.add(github, VALUE);
    assert.deepEqual(await vault.rotate('GITHUB_TOKEN', 'new-value-123'), { ok: true });
    assert.equal(store.map.get(valueKey('GITHUB_TOKEN')), 'new-value-123');
    assert.equal(vault.list()[0]?.rotated, '2026-01-02T03:04:05.000Z');
    assert.equal((await vault.rotate('NOPE', 'x')).ok, false);
    assert.deepEqual(await vault.remove('GITHUB_TOKEN'), { ok: true });
    assert.deepEqual([...store.map.keys()], [INDEX_KEY]);
    assert.equal(vault.list().length, 0);
    const gone = await vault.getForInjection(['GITHUB_TOKEN'], use);
    assert.equal(gone.ok, false);
  });

  it('reads permissions from the store when handing out a value, not from its own listing', async () => {
    const { vault, store } = await makeVault();
    await vault.add(github, VALUE);
    // Another window narrows the permissions; this window has not reloaded yet.
    const { vault: other } = await makeVault({ store });
    await other.update('GITHUB_TOKEN', { ...github, allowedCommands: ['gh auth status'] });
    assert.deepEqual(vault.list()[0]?.allowedCommands, ['gh *', 'git push*'], 'the listing was expected to be stale here');
    const r = await vault.getForInjection(['GITHUB_TOKEN'], use);
    assert.ok(!r.ok && r.reason.includes('not allowed for the command'), 'stale permissions handed the value out');
  });

  it('fails closed on a corrupt index', async () => {
    const store = new MemoryStore();
    store.map.set(INDEX_KEY, '{"version":2,"ids":[42]}');
    const { vault } = await makeVault({ store });
    assert.equal(vault.state().kind, 'unreadable');
    assert.deepEqual(vault.list(), []);
    assert.equal((await vault.add(github, VALUE)).ok, false);
    const r = await vault.getForInjection(['GITHUB_TOKEN'], use);
    assert.ok(!r.ok && r.reason.includes('unreadable'));
  });

  it('fails closed while SecretStorage cannot be read, and says so without any value', async () => {
    const store = new MemoryStore();
    const { vault: first } = await makeVault({ store });
    await first.add(github, VALUE);
    store.failReads = true;
    const { vault } = await makeVault({ store });
    assert.equal(vault.state().kind, 'unavailable');
    const r = await vault.getForInjection(['GITHUB_TOKEN'], use);
    assert.ok(!r.ok && r.reason.includes('SecretStorage could not be read'));
    assert.equal((await vault.rotate('GITHUB_TOKEN', 'v')).ok, false);
    store.failReads = false;
    // The next request reads SecretStorage again instead of waiting for a change event.
    const r2 = await vault.getForInjection(['GITHUB_TOKEN'], use);
    assert.ok(r2.ok && r2.values.GITHUB_TOKEN === VALUE, 'the vault stayed unavailable after SecretStorage recovered');
    assert.equal(vault.state().kind, 'ready');
    assert.equal(vault.list()[0]?.status, 'ok');
  });

  it('serialises concurrent adds so none is lost', async () => {
    const { vault } = await makeVault();
    await Promise.all(['A', 'B', 'C', 'D'].map((id) => vault.add({ ...github, id }, `value-${id}-long`)));
    assert.deepEqual(vault.list().map((s) => s.id).sort(), ['A', 'B', 'C', 'D']);
  });

  it('puts its name back when another window rewrote the index during an add', async () => {
    const { vault, store } = await makeVault();
    await vault.add({ ...github, id: 'OTHER' }, 'other-window-value');
    // The other window read the index before our add and writes it back after our value landed.
    const stale = store.map.get(INDEX_KEY) ?? '';
    store.beforeWrite = (key) => { if (key === valueKey('GITHUB_TOKEN')) queueMicrotask(() => store.map.set(INDEX_KEY, stale)); };
    await vault.add(github, VALUE);
    assert.deepEqual(JSON.parse(store.map.get(INDEX_KEY) ?? '{}').ids.sort(), ['GITHUB_TOKEN', 'OTHER']);
  });

  it('edits description and permissions', async () => {
    const { vault, events } = await makeVault();
    await vault.add(github, VALUE);
    await vault.update('GITHUB_TOKEN', { service: 'npm', label: 'publish', allowedCommands: ['npm publish'], allowedAgents: ['*'] });
    const r = await vault.getForInjection(['GITHUB_TOKEN'], { command: 'npm publish', agent: 'anyone' });
    assert.equal(r.ok, true);
    assert.deepEqual([vault.list()[0]?.service, vault.list()[0]?.label], ['npm', 'publish']);
    assert.equal(events.find((e) => e.action === 'edit')?.secrets[0], 'GITHUB_TOKEN');
  });

  it('loads asynchronously: empty and loading first, then the stored secrets', async () => {
    const store = new MemoryStore();
    await (await makeVault({ store })).vault.add(github, VALUE);
    let loads = 0;
    const vault = new Vault({ secrets: store, session: 's', audit: () => undefined, onDidLoad: () => { loads += 1; } });
    assert.deepEqual([vault.state().kind, vault.list().length], ['loading', 0]);
    await vault.whenLoaded();
    assert.deepEqual([vault.state().kind, vault.list().length, loads], ['ready', 1, 1]);
    await Promise.all([vault.reload(), vault.reload(), vault.reload()]);
    assert.equal(loads, 2, 'reloads requested together were not coalesced');
  });
});
