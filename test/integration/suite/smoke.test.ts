import * as assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { COMMANDS } from '../../../src/extension/services';
import { activateAgentGuard, EXTENSION_ID, nextEvent, testHooks } from '../support/extension';
import { openFreshPanel } from '../support/panel';
import { ui, uiAvailable } from '../support/ui';

describe('smoke: Agent Guard in a real VS Code', () => {
  it('runs inside VS Code 1.100.3 (code-server 4.100.3) or the version test-electron chose', () => {
    const expected = process.env.AGENT_GUARD_EXPECT_VSCODE ?? '1.100.3';
    assert.equal(vscode.version, expected);
  });

  it('activates', async () => {
    await activateAgentGuard();
    assert.equal(vscode.extensions.getExtension(EXTENSION_ID)?.isActive, true);
  });

  it('registers every command it contributes', async () => {
    await activateAgentGuard();
    const registered = new Set(await vscode.commands.getCommands(true));
    const contributed = (vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON as { contributes: { commands: { command: string }[] } })
      .contributes.commands.map((entry) => entry.command);
    assert.ok(contributed.includes(COMMANDS.showPanel));
    for (const command of contributed) assert.ok(registered.has(command), `${command} is not registered`);
  });

  it('round-trips a value through SecretStorage', async () => {
    const { secrets } = await testHooks();
    const key = `agent-guard.integration.${randomUUID()}`;
    const value = randomUUID();
    await secrets.store(key, value);
    assert.equal(await secrets.get(key), value);
    await secrets.delete(key);
    assert.equal(await secrets.get(key), undefined);
  });

  it('opens the Security panel; a click in the webview reaches the extension', async function () {
    if (!uiAvailable()) this.skip(); // test-electron has no browser to drive
    const { panel } = await testHooks();
    await openFreshPanel(panel);
    assert.equal(panel.isOpen, true);
    assert.match(await ui.webview.waitForText('#status', 'is active'), /Agent Guard .* is active\./);

    const ping = nextEvent(panel.onDidReceiveMessage, (message) => message.method === 'ping');
    await ui.webview.click('#ping-button');
    const received = await ping;
    assert.deepEqual('params' in received ? received.params : undefined, { source: 'button' });
    assert.equal(await ui.webview.waitForText('#ping-reply', 'pong'), 'Extension replied: pong #1');
  });
});
