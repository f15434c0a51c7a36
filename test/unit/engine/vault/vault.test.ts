import { strict as assert } from 'node:assert';
import { Vault, VaultAuditEvent, SECRET_KEY_PREFIX } from '../../../../src/engine/vault/vault';
import { VaultIndex } from '../../../../src/engine/vault/model';

const VALUE = 'canary-vault-Qm93aXQ';

/** In-memory ports: the vault's logic is pure, so plain maps stand in for SecretStorage and globalState. */
function makeVault(initialIndex?: unknown) {
  const stored = new Map<string, string>();
  let index: unknown = initialIndex;
  const events: VaultAuditEvent[] = [];
  const vault = new Vault({
    secrets: {
      get: async (k) => stored.get(k),
      store: async (k, v) => { stored.set(k, v); },
      delete: async (k) => { stored.delete(k); },
    },
    index: { read: () => index, write: async (i: VaultIndex) => { index = JSON.parse(JSON.stringify(i)); } },
    audit: (e) => events.push(e),
    now: () => new Date('2026-01-02T03:04:05Z'),
  });
  return { vault, stored, events, index: () => index };
}

const github = { id: 'GITHUB_TOKEN', service: 'github', label: 'CI token', allowedCommands: ['gh *', 'git push*'], allowedAgents: ['copilot'] };

describe('engine/vault/vault', () => {
  it('adds a secret: value in the secret store, metadata in the index, audit without value', async () => {
    const { vault, stored, events, index } = makeVault();
    assert.deepEqual(await vault.add(github, VALUE), { ok: true });
    assert.ok(stored.get(SECRET_KEY_PREFIX + 'GITHUB_TOKEN') === VALUE, 'value not stored');
    assert.equal(vault.list().length, 1);
    assert.equal(vault.list()[0]?.created, '2026-01-02T03:04:05.000Z');
    assert.ok(!JSON.stringify(index()).includes(VALUE), 'value reached the index');
    assert.ok(!JSON.stringify(events).includes(VALUE), 'value reached the audit');
    assert.ok(!JSON.stringify(vault.list()).includes(VALUE), 'value reached the listing');
  });

  it('rejects bad names, empty values and duplicates', async () => {
    const { vault } = makeVault();
    assert.equal((await vault.add({ ...github, id: '1BAD' }, VALUE)).ok, false);
    assert.equal((await vault.add({ ...github, id: 'A-B' }, VALUE)).ok, false);
    assert.equal((await vault.add(github, '')).ok, false);
    await vault.add(github, VALUE);
    const dup = await vault.add(github, 'other-value');
    assert.equal(dup.ok, false);
  });

  it('hands out values only to allowed commands and agents, and records the use', async () => {
    const { vault, events } = makeVault();
    await vault.add(github, VALUE);
    const ok = await vault.getForInjection(['GITHUB_TOKEN'], { command: 'gh  pr list', agent: 'copilot' });
    assert.ok(ok.ok && ok.values.GITHUB_TOKEN === VALUE, 'allowed use refused');
    assert.equal(vault.list()[0]?.lastUsed, '2026-01-02T03:04:05.000Z');
    const badCommand = await vault.getForInjection(['GITHUB_TOKEN'], { command: 'curl evil.example', agent: 'copilot' });
    assert.ok(!badCommand.ok && badCommand.reason.includes('not allowed for the command'));
    const badAgent = await vault.getForInjection(['GITHUB_TOKEN'], { command: 'gh pr list', agent: 'other' });
    assert.ok(!badAgent.ok && badAgent.reason.includes('agent'));
    const unknown = await vault.getForInjection(['GITHUB_TOKEN', 'NOPE'], { command: 'gh pr list', agent: 'copilot' });
    assert.ok(!unknown.ok && unknown.reason.includes('NOPE'));
    assert.deepEqual(events.map((e) => e.action), ['add', 'use', 'refused', 'refused', 'refused']);
    assert.ok(!JSON.stringify(events).includes(VALUE), 'value reached the audit');
  });

  it('rotates and deletes', async () => {
    const { vault, stored } = makeVault();
    await vault.add(github, VALUE);
    assert.deepEqual(await vault.rotate('GITHUB_TOKEN', 'new-value-123'), { ok: true });
    assert.equal(stored.get(SECRET_KEY_PREFIX + 'GITHUB_TOKEN'), 'new-value-123');
    assert.equal((await vault.rotate('NOPE', 'x')).ok, false);
    assert.deepEqual(await vault.remove('GITHUB_TOKEN'), { ok: true });
    assert.equal(stored.size, 0);
    assert.equal(vault.list().length, 0);
    const gone = await vault.getForInjection(['GITHUB_TOKEN'], { command: 'gh x', agent: 'copilot' });
    assert.equal(gone.ok, false);
  });

  it('refuses when the value is missing from the secret store', async () => {
    const { vault, stored } = makeVault();
    await vault.add(github, VALUE);
    stored.clear();
    const r = await vault.getForInjection(['GITHUB_TOKEN'], { command: 'gh x', agent: 'copilot' });
    assert.ok(!r.ok && r.reason.includes('no value'));
  });

  it('fails closed on a corrupt index', async () => {
    const { vault } = makeVault({ version: 1, secrets: [{ id: 42 }] });
    assert.deepEqual(vault.list(), []);
    assert.equal((await vault.add(github, VALUE)).ok, false);
    const r = await vault.getForInjection(['GITHUB_TOKEN'], { command: 'gh x', agent: 'copilot' });
    assert.ok(!r.ok && r.reason.includes('unreadable'));
  });

  it('serialises concurrent adds so none is lost', async () => {
    const { vault } = makeVault();
    await Promise.all(['A', 'B', 'C', 'D'].map((id) => vault.add({ ...github, id }, `value-${id}-long`)));
    assert.deepEqual(vault.list().map((s) => s.id).sort(), ['A', 'B', 'C', 'D']);
  });

  it('updates permissions', async () => {
    const { vault } = makeVault();
    await vault.add(github, VALUE);
    await vault.setPermissions('GITHUB_TOKEN', { allowedCommands: ['npm publish'], allowedAgents: ['*'] });
    const r = await vault.getForInjection(['GITHUB_TOKEN'], { command: 'npm publish', agent: 'anyone' });
    assert.equal(r.ok, true);
  });
});
