// A reopened window gets the approvals (issue 17): a browser refresh (as closing the tab and opening the
// URL again) leaves the old extension host running in code-server with nobody looking at it. The new
// window must take the hook bridge over, so a hook request lands in the panel the developer sees.
import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { discoverBridge } from '../../../src/node/bridge/client';
import { activateAgentGuard, testHooks } from '../support/extension';
import { claudeBash, runHook } from '../support/hook';
import { openFreshPanel } from '../support/panel';
import { AFTER_REFRESH_TAG, type Handover, ui, uiAvailable } from '../support/ui';
import { until, workspace } from '../support/workspace';

const HANDOVER_KEY = 'bridge-after-refresh';
interface BridgeHandover extends Handover { hostPid: number }

describe('hook bridge across a reopened window', () => {
  it('serves the bridge from this host, then asks the runner for a browser refresh', async function () {
    if (!uiAvailable()) this.skip();
    await activateAgentGuard();
    await (await testHooks()).interceptor!.bridgesReady;
    const found = discoverBridge(workspace());
    assert.ok(found.found, 'no bridge before the refresh');
    const handover: BridgeHandover = { hostPid: process.pid };
    await ui.workbench.requestReload(HANDOVER_KEY, handover, 'browser');
  });
});

describe(`hook bridge after a browser refresh ${AFTER_REFRESH_TAG}`, function () {
  this.timeout(60_000);
  let handover: BridgeHandover;

  before(async () => {
    const session = await ui.session();
    const given = session.handovers[HANDOVER_KEY] as BridgeHandover | null | undefined;
    assert.ok(given, 'phase 1 handed nothing over for the bridge');
    handover = given;
  });

  it('the new window took the bridge over and a hook request is approved in its panel', async () => {
    assert.notEqual(process.pid, handover.hostPid, 'same extension host as before the refresh');
    await activateAgentGuard();
    const hooks = await testHooks();
    const interceptor = hooks.interceptor!;
    await interceptor.bridgesReady;
    const found = discoverBridge(workspace());
    assert.ok(found.found, 'no bridge after the refresh');

    interceptor.guard.agents.register('hook:claude', 'Claude Code');
    interceptor.guard.agents.approve('hook:claude', 'execute');
    mkdirSync(join(workspace(), 'refresh-dir'), { recursive: true });
    await openFreshPanel(hooks.panel);
    await ui.webview.click('#tab-approvals');
    const queue = interceptor.guard.queue;
    const before = new Set(queue.pending().map((r) => r.id));
    const answer = runHook('claude', claudeBash('rm -r refresh-dir'), process.env).then((run) => run.stdout);
    await until(() => queue.pending().some((r) => !before.has(r.id)), 'the hook request waiting in this window', 15_000);
    const request = queue.pending().find((r) => !before.has(r.id))!;
    await ui.webview.click(`[data-approval-id="${request.id}"] .approve-once`);
    const out = JSON.parse(await answer) as { hookSpecificOutput?: { permissionDecision?: string } };
    assert.equal(out.hookSpecificOutput?.permissionDecision, 'allow');
    assert.ok(existsSync(join(workspace(), 'refresh-dir')), 'the hook only decides; the agent runs the command');
  });
});
