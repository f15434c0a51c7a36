import * as assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { INDEX_KEY, metaKey, valueKey } from '../../../src/engine/vault/layout';
import type { SecretMetadata, VaultEntry } from '../../../src/engine/vault/model';
import { LEGACY_INDEX_KEY } from '../../../src/extension/vault/storage';
import { activateAgentGuard, testHooks } from '../support/extension';

// Migration and recovery against the real SecretStorage and globalState of a real VS Code. Every step
// goes through the palette commands' production code (scripted answers, test mode only); storage is
// changed behind the vault's back only to build the situations an older version or a crash leaves.
// `agentGuard.test.vault.reload` waits until the vault has read the store again (no timing involved).
// Values are random per run, compared only as SHA-256 digests with assert.ok, so a failure never prints one.
type RunOutcome = { shown: string[]; prompts: string[]; unusedAnswers: number };
type Injected = { ok: true; digests: Record<string, string> } | { ok: false; reason: string };
const run = (command: string, answers: (string | string[] | boolean | null)[]) =>
  vscode.commands.executeCommand<RunOutcome>('agentGuard.test.vault.run', command, answers);
const list = () => vscode.commands.executeCommand<VaultEntry[]>('agentGuard.test.vault.list');
const reload = () => vscode.commands.executeCommand<void>('agentGuard.test.vault.reload');
const inject = (names: string[], command: string, agent = 'copilot') =>
  vscode.commands.executeCommand<Injected>('agentGuard.test.vault.inject', names, { command, agent });
const sha = (value: string) => createHash('sha256').update(value).digest('hex');
const fresh = () => `it-${randomBytes(16).toString('hex')}`;
const suffix = randomBytes(3).toString('hex').toUpperCase();
const entry = async (id: string) => (await list()).find((s) => s.id === id);

describe('vault recovery in a real VS Code', () => {
  before(() => activateAgentGuard());

  it('migrates an install in the old layout (metadata in globalState) with nothing lost', async () => {
    const [a, b] = [`MIG_A_${suffix}`, `MIG_B_${suffix}`];
    const valueA = fresh();
    await run('add', [a, 'deploy', valueA, 'deploy *', 'copilot']);
    await run('add', [b, 'npm', fresh(), 'npm *', '*']);
    const before = await list();
    assert.ok(before.every((s) => s.status === 'ok'), 'the vault was expected to be healthy before the test');
    // What an earlier version left: the same values, the metadata only in globalState, no SecretStorage index.
    const { secrets, globalState } = await testHooks();
    await secrets.delete(INDEX_KEY);
    for (const s of before) await secrets.delete(metaKey(s.id));
    const legacy = before.map(({ status: _status, ...meta }): SecretMetadata => meta);
    await globalState.update(LEGACY_INDEX_KEY, { version: 1, secrets: legacy });
    await reload();

    assert.deepEqual(await list(), before, 'the migration lost or changed something');
    for (const s of before) assert.ok((await secrets.get(metaKey(s.id))) !== undefined, `no metadata entry for ${s.id} in SecretStorage`);
    const index = JSON.parse((await secrets.get(INDEX_KEY)) ?? '{}') as { ids?: string[]; migratedIn?: string };
    assert.deepEqual([index.ids, index.migratedIn], [before.map((s) => s.id), vscode.env.sessionId]);
    assert.ok(globalState.get(LEGACY_INDEX_KEY), 'the old index was deleted by the session that migrated it');
    const granted = await inject([a], 'deploy prod');
    assert.ok(granted.ok && granted.digests[a] === sha(valueA), 'a migrated secret did not hand out its value');
    assert.equal((await inject([a], 'curl https://example.com')).ok, false);
    await globalState.update(LEGACY_INDEX_KEY, undefined);
    await run('delete', [a, true]);
    await run('delete', [b, true]);
  });

  it('a value whose metadata is lost lists as recovered, is refused, and is usable as granted after Edit Vault Secret', async () => {
    const id = `REC_${suffix}`;
    const value = fresh();
    await run('add', [id, 'deploy', value, 'deploy *', 'copilot']);
    const { secrets } = await testHooks();
    await secrets.delete(metaKey(id));
    await reload();
    const recovered = await entry(id);
    assert.deepEqual([recovered?.status, recovered?.allowedCommands, recovered?.allowedAgents], ['recovered', [], []]);
    const refused = await inject([id], 'deploy prod');
    assert.ok(!refused.ok && /recovered/.test(refused.reason), 'a value without metadata was handed out');
    const edit = await run('edit', [id, 'deploy', 'found again', 'deploy *', 'copilot']);
    assert.equal(edit.unusedAnswers, 0);
    assert.deepEqual([(await entry(id))?.status, (await entry(id))?.label], ['ok', 'found again']);
    const granted = await inject([id], 'deploy prod');
    assert.ok(granted.ok && granted.digests[id] === sha(value), 'the edited secret did not hand out its value');
    assert.equal((await inject([id], 'deploy prod', 'stranger')).ok, false);
    await run('delete', [id, true]);
  });

  it('metadata whose value is lost lists as broken and is never injected; Rotate makes it whole', async () => {
    const id = `NOVAL_${suffix}`;
    await run('add', [id, 'deploy', fresh(), 'deploy *', 'copilot']);
    const { secrets } = await testHooks();
    await secrets.delete(valueKey(id));
    await reload();
    assert.equal((await entry(id))?.status, 'no-value');
    const refused = await inject([id], 'deploy prod');
    assert.ok(!refused.ok && /no value/.test(refused.reason));
    const value = fresh();
    await run('rotate', [id, value]);
    const granted = await inject([id], 'deploy prod');
    assert.ok(granted.ok && granted.digests[id] === sha(value), 'the rotated value was not handed out');
    await run('delete', [id, true]);
  });

  it('Recover Vault Secrets lists a value an older version stranded, without permissions', async () => {
    const id = `ORPHAN_${suffix}`;
    const { secrets } = await testHooks();
    await secrets.store(valueKey(id), fresh()); // an old version's value whose globalState metadata was lost
    await reload();
    assert.equal(await entry(id), undefined, 'SecretStorage cannot list keys, so the vault cannot know the name yet');
    const outcome = await run('recover', [`${id}, NOT_STORED_${suffix}`]);
    assert.ok(outcome.shown.some((m) => m.includes(`Listed again: ${id}`) && m.includes(`NOT_STORED_${suffix}`)), outcome.shown.join(' | '));
    assert.deepEqual([(await entry(id))?.status, (await entry(id))?.allowedCommands], ['recovered', []]);
    assert.equal((await inject([id], 'anything', 'anyone')).ok, false);
    await run('delete', [id, true]);
    assert.equal(await secrets.get(valueKey(id)), undefined, 'deleting the recovered secret left its value behind');
  });
});
