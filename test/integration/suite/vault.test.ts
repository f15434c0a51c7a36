import * as assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { SecretMetadata } from '../../../src/engine/vault/model';
import { activateAgentGuard, testHooks } from '../support/extension';

// The vault against real SecretStorage and globalState. Palette commands run their production code with
// scripted answers (agentGuard.test.vault.run exists only in test mode). Values are random per run and
// only ever compared with assert.ok(bool, message), so a failure never prints one.
type RunOutcome = { shown: string[]; prompts: string[]; unusedAnswers: number };
const run = (command: string, answers: (string | string[] | boolean | null)[]) =>
  vscode.commands.executeCommand<RunOutcome>('agentGuard.test.vault.run', command, answers);
const list = () => vscode.commands.executeCommand<SecretMetadata[]>('agentGuard.test.vault.list');
const inject = (names: string[], command: string, agent = 'copilot') =>
  vscode.commands.executeCommand<{ ok: true; digests: Record<string, string> } | { ok: false; reason: string }>(
    'agentGuard.test.vault.inject', names, { command, agent });
const sha = (value: string) => createHash('sha256').update(value).digest('hex');
const fresh = () => `it-${randomBytes(12).toString('hex')}`;
const suffix = randomBytes(3).toString('hex').toUpperCase();

describe('vault in a real VS Code', () => {
  const id = `IT_TOKEN_${suffix}`;
  let value = fresh();

  before(() => activateAgentGuard());

  it('adds a secret with masked input: value in SecretStorage, metadata beside it', async () => {
    const outcome = await run('add', [id, 'github', value, 'gh *, git push*', 'copilot']);
    assert.equal(outcome.unusedAnswers, 0);
    assert.ok(outcome.prompts.some((p) => p.startsWith('password:')), 'the value prompt was not masked');
    assert.ok(!JSON.stringify(outcome).includes(value), 'a message shown carried the value');
    const { secrets } = await testHooks();
    assert.ok((await secrets.get(`agentGuard.vault.${id}`)) === value, 'value not in SecretStorage');
    const meta = (await list()).find((s) => s.id === id);
    assert.deepEqual([meta?.service, meta?.allowedCommands, meta?.allowedAgents], ['github', ['gh *', 'git push*'], ['copilot']]);
    assert.ok(!JSON.stringify(await list()).includes(value), 'metadata carried the value');
  });

  it('lists metadata only', async () => {
    const outcome = await run('list', [null]);
    assert.ok(outcome.prompts.some((p) => p.includes(id)));
    assert.ok(!JSON.stringify(outcome).includes(value), 'the listing carried the value');
  });

  it('hands the value only to an allowed command and agent, and records the use', async () => {
    const granted = await inject([id], 'gh pr list');
    assert.ok(granted.ok && granted.digests[id] === sha(value), 'allowed use did not get the stored value');
    assert.ok((await list()).find((s) => s.id === id)?.lastUsed, 'use not recorded');
    const refused = await inject([id], 'curl https://example.com');
    assert.ok(!refused.ok && /not allowed for the command/.test(refused.reason));
    assert.ok(!JSON.stringify(refused).includes(value));
    const otherAgent = await inject([id], 'gh pr list', 'stranger');
    assert.equal(otherAgent.ok, false);
  });

  it('rotates', async () => {
    value = fresh();
    const outcome = await run('rotate', [id, value]);
    assert.equal(outcome.unusedAnswers, 0);
    const granted = await inject([id], 'gh pr list');
    assert.ok(granted.ok && granted.digests[id] === sha(value), 'rotation did not take effect');
  });

  it('survives a new Vault over the same storage (what a window reload constructs)', async () => {
    const reopened = await vscode.commands.executeCommand<SecretMetadata[]>('agentGuard.test.vault.reopenList');
    assert.ok(reopened.some((s) => s.id === id));
  });

  it('imports from .env and replaces the values with references', async () => {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    assert.ok(folder, 'the test bed opens a workspace folder');
    const envFile = join(folder, `.env.${suffix.toLowerCase()}`);
    const [a, b] = [fresh(), fresh()];
    writeFileSync(envFile, `# test\nIMP_A_${suffix}=${a}\nexport IMP_B_${suffix}="${b}"\nKEEP=plain\n`);
    const outcome = await run('importEnv', [envFile, [`IMP_A_${suffix}`, `IMP_B_${suffix}`], 'npm *', '*', true]);
    assert.equal(outcome.unusedAnswers, 0);
    assert.ok(!JSON.stringify(outcome).includes(a) && !JSON.stringify(outcome).includes(b), 'a message carried an imported value');
    const content = readFileSync(envFile, 'utf8');
    assert.ok(!content.includes(a) && !content.includes(b), 'values are still in the file');
    assert.match(content, new RegExp(`^IMP_A_${suffix}=\\$\\{vault:IMP_A_${suffix}\\}$`, 'm'));
    assert.match(content, /^KEEP=plain$/m);
    const granted = await inject([`IMP_A_${suffix}`, `IMP_B_${suffix}`], 'npm publish', 'any-agent');
    assert.ok(granted.ok && granted.digests[`IMP_B_${suffix}`] === sha(b), 'imported value not in the vault');
    await run('delete', [`IMP_A_${suffix}`, true]);
    await run('delete', [`IMP_B_${suffix}`, true]);
  });

  it('deletes only after confirmation', async () => {
    await run('delete', [id, false]);
    assert.ok((await list()).some((s) => s.id === id), 'deleted without confirmation');
    await run('delete', [id, true]);
    assert.ok(!(await list()).some((s) => s.id === id));
    const { secrets } = await testHooks();
    assert.equal(await secrets.get(`agentGuard.vault.${id}`), undefined);
    const gone = await inject([id], 'gh pr list');
    assert.equal(gone.ok, false);
  });
});
