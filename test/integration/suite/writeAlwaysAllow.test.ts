// Named to run after guard.test.ts: that suite expects no earlier valid workspace policy (its broken-file
// test checks the fall back to strict defaults, and a last good workspace layer from this suite would be used).
// "Always allow" in the Security panel, end to end in the real VS Code: a real click in the webview, the
// rule written to the workspace policy file or the user setting (the modal answered through the
// test-mode seam), the reloaded policy allowing the same command and still asking for a different one.
import * as assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { AgentGuardTestHooks } from '../../../src/extension/services';
import type { AgentGuardApi } from '../../../src/protocol/agentApi';
import { activateAgentGuard, nextEvent, testHooks } from '../support/extension';
import { openFreshPanel } from '../support/panel';
import { ui, uiAvailable } from '../support/ui';
import { workspace, until } from '../support/workspace';

const AGENT = 'always-agent';
const SCRIPT = './always-allow.sh';


describe('Always allow writes the rule (real VS Code)', function () {
  this.timeout(90_000);
  let hooks: AgentGuardTestHooks;
  let api: AgentGuardApi;
  const policyFile = () => join(workspace(), '.vscode', 'agent-guard.json');

  before(async function () {
    if (!uiAvailable()) this.skip(); // test-electron has no browser to drive
    const exports = await activateAgentGuard();
    assert.ok(exports.agentApi);
    api = exports.agentApi;
    hooks = await testHooks();
    assert.ok(hooks.interceptor && hooks.guard.policyWriter);
    await api.registerAgent({ id: AGENT, name: 'Always-allow test agent' });
    hooks.interceptor.guard.agents.approve(AGENT, 'execute');
    writeFileSync(join(workspace(), 'always-allow.sh'), '#!/bin/sh\necho "$1" >> always-allow.log\n');
    chmodSync(join(workspace(), 'always-allow.sh'), 0o755);
    await openFreshPanel(hooks.panel);
    await ui.webview.waitForText('#status', 'is active');
    await ui.webview.click('#tab-approvals');
  });

  after(async () => {
    if (!hooks) return;
    rmSync(policyFile(), { force: true });
    await vscode.workspace.getConfiguration('agentGuard').update('policy', undefined, vscode.ConfigurationTarget.Global);
    // Leave the workbench as the next suites expect it: no panel open (the sidebar was not touched).
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  /** Runs a command for the agent and counts the approval requests it raised while running. */
  async function runCounting(command: string, answer?: (id: string) => Promise<void>) {
    const queue = hooks.interceptor!.guard.queue;
    const asked: string[] = [];
    const off = queue.onChange((pending) => { for (const r of pending) if (!asked.includes(r.id)) asked.push(r.id); });
    try {
      const result = api.runCommand(AGENT, { command, cwd: workspace() });
      if (answer) {
        await until(() => asked.length > 0, `"${command}" to wait for approval`);
        await answer(asked[0]!);
      }
      return { result: await result, asked };
    } finally {
      off();
    }
  }

  async function clickAlwaysAllow(id: string): Promise<void> {
    const card = `[data-approval-id="${id}"]`;
    await ui.webview.click(`${card} .approve-always`);
  }

  async function alwaysAllowThenRepeat(command: string, other: string): Promise<void> {
    const first = await runCounting(command, clickAlwaysAllow);
    assert.equal(first.asked.length, 1, 'the first run asked once');
    assert.equal(first.result.verdict, 'allow', first.result.reason);
    // The written rule itself allows it (not only the session grant the approval also gives).
    const whatIf = await hooks.guard.policy.checkCommand(command, workspace());
    assert.equal(whatIf.decision, 'allow', whatIf.reasons.join('; '));
    const again = await runCounting(command);
    assert.deepEqual(again.asked, [], 'the identical command was allowed without a prompt');
    assert.equal(again.result.verdict, 'allow', again.result.reason);
    let otherId = '';
    const different = await runCounting(other, async (id) => { otherId = id; hooks.interceptor!.guard.queue.deny(id, 'test'); });
    assert.ok(otherId, 'a different command still asks');
    assert.equal(different.result.verdict, 'deny');
  }

  it('workspace target: the rule is added to the policy file, the rest of the file is byte-for-byte unchanged', async () => {
    mkdirSync(join(workspace(), '.vscode'), { recursive: true });
    const original = '{\n\t"version": 1,\n\t"commands": {\n\t\t"rules": [\n\t\t\t{ "id": "team-deny-push", "effect": "deny", "command": "git push" }\n\t\t]\n\t},\n\t"approvalMode": "smart"\n}\n';
    const loaded = nextEvent(hooks.guard.policy.onDidChange, (s) => s.policy.layers.some((l) => l.includes('agent-guard.json')), 15_000);
    writeFileSync(policyFile(), original);
    await loaded;
    hooks.guard.policyWriter!.answerNextConfirmationForTests('workspace');
    await alwaysAllowThenRepeat(`${SCRIPT} one`, `${SCRIPT} two`);
    const written = readFileSync(policyFile(), 'utf8');
    const anchor = '"git push" }';
    const at = original.indexOf(anchor) + anchor.length;
    assert.equal(written.slice(0, at), original.slice(0, at));
    assert.equal(written.slice(written.length - (original.length - at)), original.slice(at));
    const inserted = written.slice(at, written.length - (original.length - at));
    assert.match(inserted, /^,\n\t\t\t\{"id":"always-allow-[0-9a-f]{8}","effect":"allow","command":".*\$","description":"Always allow, approved by .* for agent always-agent: .*","match":\["\.\/always-allow\.sh one"\]\}$/);
    const audit = await hooks.guard.audit.query({ limit: 50 });
    assert.ok(audit.some((r) => r.result === 'policy-changed' && r.operation === 'policy.always-allow' && r.target.includes('agent-guard.json')), 'the write is audited');
  });

  it('user target: the rule goes into the agentGuard.policy user setting', async () => {
    rmSync(policyFile(), { force: true });
    hooks.guard.policyWriter!.answerNextConfirmationForTests('user');
    await alwaysAllowThenRepeat(`${SCRIPT} three`, `${SCRIPT} four`);
    assert.equal(existsSync(policyFile()), false, 'no workspace file was created for the user target');
    const value = vscode.workspace.getConfiguration('agentGuard').inspect<{ commands?: { rules?: { match?: string[] }[] } }>('policy')?.globalValue;
    assert.deepEqual(value?.commands?.rules?.map((r) => r.match), [['./always-allow.sh three']]);
  });

  it('the Agents tab shows the live allowance, lowered by the agent\'s operations', async () => {
    const limiter = hooks.interceptor!.guard.rateLimiter;
    await ui.webview.click('#tab-agents');
    const selector = `[data-agent-id="${AGENT}"] .rate-state`;
    const shown = async () => (await ui.webview.text(selector)).trim();
    const expected = () => {
      const live = limiter.state(AGENT);
      return `${live.hourlyLeft}/${live.config.perHour} left this hour`;
    };
    await ui.webview.waitForText(selector, expected());
    const before = limiter.state(AGENT).hourlyLeft;
    await runCounting(`${SCRIPT} three`); // allowed by the user rule written above: spends one request
    assert.equal(limiter.state(AGENT).hourlyLeft, before - 1);
    await ui.webview.waitForText(selector, expected());
    assert.match(await shown(), /^Allowance now: \d+\/20 back-to-back/);
    await ui.webview.click('#tab-approvals');
  });

  it('cancelling the confirmation approves nothing and writes nothing', async () => {
    hooks.guard.policyWriter!.answerNextConfirmationForTests('cancel');
    const before = vscode.workspace.getConfiguration('agentGuard').inspect('policy')?.globalValue;
    const run = await runCounting(`${SCRIPT} five`, async (id) => {
      await clickAlwaysAllow(id);
      await new Promise((r) => setTimeout(r, 300));
      assert.ok(hooks.interceptor!.guard.queue.get(id), 'still waiting after the cancel');
      hooks.interceptor!.guard.queue.deny(id, 'test');
    });
    assert.equal(run.result.verdict, 'deny');
    assert.deepEqual(vscode.workspace.getConfiguration('agentGuard').inspect('policy')?.globalValue, before);
    assert.equal(existsSync(policyFile()), false);
  });
});
