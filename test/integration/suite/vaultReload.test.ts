import * as assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { SecretMetadata } from '../../../src/engine/vault/model';
import { activateAgentGuard, testHooks } from '../support/extension';
import { AFTER_RELOAD_TAG, type Handover, ui, uiAvailable } from '../support/ui';

// The vault across a REAL window reload: phase 1 stores a secret through the palette command (production
// code, scripted answers) and asks the runner to reload the page; VS Code then starts a new extension host
// that activates Agent Guard from scratch and runs only the `@after-reload` tests below. The value crosses
// the reload only as its SHA-256 (handed over through the runner) and is only compared with assert.ok, so
// a failure never prints it.
type RunOutcome = { shown: string[]; prompts: string[]; unusedAnswers: number };
const run = (command: string, answers: (string | string[] | boolean | null)[]) =>
  vscode.commands.executeCommand<RunOutcome>('agentGuard.test.vault.run', command, answers);
const list = () => vscode.commands.executeCommand<SecretMetadata[]>('agentGuard.test.vault.list');
const inject = (names: string[], command: string, agent: string) =>
  vscode.commands.executeCommand<{ ok: true; digests: Record<string, string> } | { ok: false; reason: string }>(
    'agentGuard.test.vault.inject', names, { command, agent });
const sha = (value: string) => createHash('sha256').update(value).digest('hex');
const HANDOVER_KEY = 'vault-survives-reload';

interface VaultHandover extends Handover {
  id: string;
  valueSha256: string;
  metadata: SecretMetadata;
  hostPid: number;
}

describe('vault across a window reload', () => {
  it('stores a secret through the add command and asks the runner for a real reload', async function () {
    if (!uiAvailable()) this.skip(); // test-electron has no runner to reload the window
    await activateAgentGuard();
    const id = `IT_RELOAD_${randomBytes(3).toString('hex').toUpperCase()}`;
    const value = `it-${randomBytes(16).toString('hex')}`;
    const outcome = await run('add', [id, 'reload-check', value, 'deploy *', 'copilot']);
    assert.equal(outcome.unusedAnswers, 0);
    const { secrets } = await testHooks();
    assert.ok((await secrets.get(`agentGuard.vault.${id}`)) === value, 'value not in SecretStorage before the reload');
    const metadata = (await list()).find((s) => s.id === id);
    assert.ok(metadata, 'metadata not stored');
    const handover: VaultHandover = { id, valueSha256: sha(value), metadata, hostPid: process.pid };
    await ui.workbench.requestReload(HANDOVER_KEY, handover);
  });
});

describe(`vault after a window reload ${AFTER_RELOAD_TAG}`, () => {
  let handover: VaultHandover;

  before(async () => {
    const session = await ui.session();
    assert.equal(session.stage, 'window', 'the runner says this is not the extension host the window reload started');
    const given = session.handovers[HANDOVER_KEY] as VaultHandover | null | undefined;
    assert.ok(given, 'phase 1 handed nothing over for the vault');
    handover = given;
  });

  after(async () => {
    if (handover) await run('delete', [handover.id, true]);
  });

  it('runs in a new extension host that activated Agent Guard again', async () => {
    assert.notEqual(process.pid, handover.hostPid, 'same extension host process as before the reload');
    assert.ok((await activateAgentGuard()).testHooks, 'Agent Guard did not activate in the new host');
  });

  it('still has the metadata, unchanged', async () => {
    const metadata = (await list()).find((s) => s.id === handover.id);
    assert.deepEqual(JSON.parse(JSON.stringify(metadata ?? null)), handover.metadata); // as it crossed the reload: JSON
  });

  it('still has the value in SecretStorage and hands it to an allowed command', async () => {
    const { secrets } = await testHooks();
    const stored = await secrets.get(`agentGuard.vault.${handover.id}`);
    assert.ok(stored !== undefined && sha(stored) === handover.valueSha256, 'SecretStorage lost or changed the value across the reload');
    const granted = await inject([handover.id], 'deploy prod', 'copilot');
    assert.ok(granted.ok && granted.digests[handover.id] === handover.valueSha256, 'the vault did not hand out the stored value after the reload');
    const refused = await inject([handover.id], 'curl https://example.com', 'copilot');
    assert.equal(refused.ok, false, 'permissions were lost across the reload');
  });
});
