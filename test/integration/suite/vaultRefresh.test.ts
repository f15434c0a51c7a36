import * as assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { VaultEntry } from '../../../src/engine/vault/model';
import { activateAgentGuard, testHooks } from '../support/extension';
import { AFTER_REFRESH_TAG, atPhaseEnd, type Handover, ui, uiAvailable } from '../support/ui';

// The vault across a REAL browser refresh (F5 on the code-server page), the case that once lost the
// metadata of a secret added just before it: the workbench flushes globalState lazily, and a refresh
// does not wait. Phase 1 adds a secret through the palette command (production code, scripted answers),
// then wipes every globalState key of the extension (what such a refresh can leave), checks that a Vault
// built from storage alone still lists and grants it exactly, and asks the runner for a browser refresh.
// After it, a new extension host must list the secret with the same metadata and hand its value only to
// the granted command and agent.
// A second secret is added as the phase's very last write (atPhaseEnd), and the runner refreshes the page
// the moment the browser has saved all of its SecretStorage writes (code-server seals and stores secrets
// asynchronously, after the extension host's call returned): the value is durable, a globalState write
// made with it usually is not (the workbench flushes globalState after a delay). That secret, too, must
// then be listed with its metadata and used only as granted. Whether a globalState write made at the same
// moment survived is printed (not asserted: it is a race), to show the refresh hit the window that lost
// metadata before. Values cross only as SHA-256 digests and are compared with assert.ok.
type RunOutcome = { shown: string[]; prompts: string[]; unusedAnswers: number };
type Injected = { ok: true; digests: Record<string, string> } | { ok: false; reason: string };
const run = (command: string, answers: (string | string[] | boolean | null)[]) =>
  vscode.commands.executeCommand<RunOutcome>('agentGuard.test.vault.run', command, answers);
const list = () => vscode.commands.executeCommand<VaultEntry[]>('agentGuard.test.vault.list');
const reopenList = () => vscode.commands.executeCommand<VaultEntry[]>('agentGuard.test.vault.reopenList');
const inject = (names: string[], command: string, agent: string) =>
  vscode.commands.executeCommand<Injected>('agentGuard.test.vault.inject', names, { command, agent });
const sha = (value: string) => createHash('sha256').update(value).digest('hex');
const vaultWrites = () => vscode.commands.executeCommand<number>('agentGuard.test.vault.writes');
const HANDOVER_KEY = 'vault-survives-browser-refresh';
const PROBE_KEY = 'agentGuard.test.refreshProbe';

interface RefreshHandover extends Handover {
  id: string;
  valueSha256: string;
  metadata: VaultEntry;
  hostPid: number;
  wipedKeys: string[];
  late: { id: string; valueSha256: string };
}

/** The grants given at add time: `deploy *` for copilot only. */
async function assertGrantedOnlyAsAdded(id: string, valueSha256: string): Promise<void> {
  const granted = await inject([id], 'deploy prod', 'copilot');
  assert.ok(granted.ok && granted.digests[id] === valueSha256, 'the vault did not hand the stored value to the granted command');
  const otherCommand = await inject([id], 'curl https://example.com', 'copilot');
  assert.ok(!otherCommand.ok && /not allowed for the command/.test(otherCommand.reason), 'a command it was not granted to was not refused');
  const otherAgent = await inject([id], 'deploy prod', 'stranger');
  assert.ok(!otherAgent.ok && /not allowed for the agent/.test(otherAgent.reason), 'an agent it was not granted to was not refused');
}

describe('vault across a browser refresh', () => {
  it('adds a secret, loses all globalState, still lists and grants it, and asks the runner for a browser refresh', async function () {
    if (!uiAvailable()) this.skip(); // test-electron has no browser to refresh
    await activateAgentGuard();
    const id = `IT_REFRESH_${randomBytes(3).toString('hex').toUpperCase()}`;
    const value = `it-${randomBytes(16).toString('hex')}`;
    const outcome = await run('add', [id, 'refresh-check', value, 'deploy *', 'copilot']);
    assert.equal(outcome.unusedAnswers, 0);
    const metadata = (await list()).find((s) => s.id === id);
    assert.ok(metadata && metadata.status === 'ok', 'the added secret is not listed as ok');

    const { globalState } = await testHooks();
    const wipedKeys = [...globalState.keys()];
    for (const key of wipedKeys) await globalState.update(key, undefined);
    assert.deepEqual(globalState.keys(), [], 'globalState still holds keys');
    const reopened = (await reopenList()).find((s) => s.id === id);
    assert.deepEqual(reopened, metadata, 'a vault built without globalState lost or changed the metadata');
    await assertGrantedOnlyAsAdded(id, sha(value));

    const listed = (await list()).find((s) => s.id === id);
    assert.ok(listed, 'the secret disappeared');
    const late = { id: `${id}_LATE`, value: `it-${randomBytes(16).toString('hex')}` };
    const handover: RefreshHandover = {
      id, valueSha256: sha(value), metadata: listed, hostPid: process.pid, wipedKeys, late: { id: late.id, valueSha256: sha(late.value) },
    };
    assert.ok(!JSON.stringify(handover).includes(value) && !JSON.stringify(handover).includes(late.value), 'the handover carries a value');
    await ui.workbench.requestReload(HANDOVER_KEY, handover, 'browser');
    atPhaseEnd('add a secret right before the browser refresh', async () => {
      const [saves, writes] = [await ui.workbench.secretSaves(), await vaultWrites()];
      const added = await run('add', [late.id, 'refresh-late', late.value, 'deploy *', 'copilot']);
      assert.equal(added.unusedAnswers, 0);
      await globalState.update(PROBE_KEY, late.id); // where earlier versions kept the metadata, written after the value as they did
      await ui.workbench.refreshAfterSecretSaves(saves + (await vaultWrites()) - writes);
    });
  });
});

describe(`vault after a browser refresh ${AFTER_REFRESH_TAG}`, () => {
  let handover: RefreshHandover;

  before(async () => {
    const session = await ui.session();
    assert.equal(session.stage, 'browser', 'the runner says this is not the extension host a browser refresh started');
    const given = session.handovers[HANDOVER_KEY] as RefreshHandover | null | undefined;
    assert.ok(given, 'phase 1 handed nothing over for the vault');
    handover = given;
  });

  after(async () => {
    if (!handover) return;
    for (const id of [handover.id, handover.late.id]) {
      if ((await list()).some((s) => s.id === id)) await run('delete', [id, true]);
    }
  });

  it('runs in a new extension host that activated Agent Guard again', async () => {
    assert.notEqual(process.pid, handover.hostPid, 'same extension host process as before the refresh');
    assert.ok((await activateAgentGuard()).testHooks, 'Agent Guard did not activate in the new host');
  });

  it('lists the secret with its metadata unchanged', async () => {
    const metadata = (await list()).find((s) => s.id === handover.id);
    assert.deepEqual(JSON.parse(JSON.stringify(metadata ?? null)), handover.metadata);
  });

  it('hands the value only to the command and agent it was granted to', async () => {
    const { secrets } = await testHooks();
    const stored = await secrets.get(`agentGuard.vault.${handover.id}`);
    assert.ok(stored !== undefined && sha(stored) === handover.valueSha256, 'SecretStorage lost or changed the value across the refresh');
    await assertGrantedOnlyAsAdded(handover.id, handover.valueSha256);
  });

  it('a secret added right before the refresh is listed with its metadata and used only as granted', async () => {
    const { secrets, globalState } = await testHooks();
    const { id, valueSha256 } = handover.late;
    const probe = globalState.get(PROBE_KEY) === id ? 'kept' : 'lost';
    await globalState.update(PROBE_KEY, undefined);
    const stored = await secrets.get(`agentGuard.vault.${id}`);
    console.log(`vault: right before the browser refresh, SecretStorage saved the secret (value ${stored === undefined ? 'lost' : 'kept'}, listed as ${(await list()).find((s) => s.id === id)?.status ?? 'absent'}); a globalState write made with it was ${probe}`);
    assert.ok(stored !== undefined && sha(stored) === valueSha256, 'SecretStorage lost or changed the value although the browser had saved it');
    const entry = (await list()).find((s) => s.id === id);
    assert.deepEqual(entry && [entry.status, entry.service, entry.allowedCommands, entry.allowedAgents], ['ok', 'refresh-late', ['deploy *'], ['copilot']],
      'the secret added right before the refresh is not listed with its metadata');
    await assertGrantedOnlyAsAdded(id, valueSha256);
  });
});
