// The Security panel driven through headless Chromium in the real VS Code: real clicks in the webview,
// real agent requests through the public agent API, real commands in the sandbox.
import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { planHookInstall } from '../../../src/cli/hook/install';
import type { AgentGuardTestHooks } from '../../../src/extension/services';
import type { AgentGuardApi } from '../../../src/protocol/agentApi';
import { activateAgentGuard, nextEvent, testHooks } from '../support/extension';
import { openFreshPanel, WEBVIEW_READY_MS } from '../support/panel';
import { ui, uiAvailable } from '../support/ui';
import { workspace, until } from '../support/workspace';

const AGENT = 'panel-agent';
const XSS = '<img src=x onerror=alert(1)>';

/** The pinned agent CLIs `npm run test:agents` installs (scripts/lib/agentClis.mjs): their bin folder, if installed. */
function agentClisBin(): string | undefined {
  const root = join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'agent-guard');
  const dirs = existsSync(root) ? readdirSync(root).filter((d) => d.startsWith('agent-clis-') && !d.endsWith('.lock')) : [];
  const done = dirs.map((d) => join(root, d)).find((d) => existsSync(join(d, '.agent-guard-complete.json')) && existsSync(join(d, 'node_modules', '.bin', 'claude')));
  return done && join(done, 'node_modules', '.bin');
}


describe('Security panel in a real VS Code', function () {
  this.timeout(90_000);
  let hooks: AgentGuardTestHooks;
  let api: AgentGuardApi;

  before(async function () {
    if (!uiAvailable()) this.skip(); // test-electron has no browser to drive
    const exports = await activateAgentGuard();
    assert.ok(exports.agentApi, 'the test bed opens a workspace, so the agent API exists');
    api = exports.agentApi;
    hooks = await testHooks();
    assert.ok(hooks.interceptor);
    await api.registerAgent({ id: AGENT, name: 'Panel test agent' });
    hooks.interceptor.guard.agents.approve(AGENT, 'admin');
    // A fresh editor panel (closes editors and the sidebar first), whatever earlier suites left open.
    await openFreshPanel(hooks.panel);
    await ui.webview.waitForText('#status', 'is active');
  });

  after(async () => {
    // Leave the workbench as the other suites expect it: no panel open, sidebar back.
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('workbench.action.toggleSidebarVisibility');
  });

  /** Starts an agent command that asks, and waits until the queue holds it; returns its id and result. */
  async function ask(command: string) {
    const queue = hooks.interceptor!.guard.queue;
    const before = new Set(queue.pending().map((r) => r.id));
    const result = api.runCommand(AGENT, { command, cwd: workspace() });
    await until(() => queue.pending().some((r) => !before.has(r.id)), `"${command}" to wait for approval`);
    const request = queue.pending().find((r) => !before.has(r.id))!;
    return { id: request.id, result, card: `[data-approval-id="${request.id}"]` };
  }

  it('a pending request appears within a second; Approve executes it exactly once', async () => {
    await ui.webview.click('#tab-approvals');
    mkdirSync(join(workspace(), 'panel-a'), { recursive: true });
    const { card, result } = await ask('rm -r panel-a; echo ran >> panel-once.txt');
    // The host pushes the queue change; no polling, so one second is plenty.
    assert.match(await ui.webview.waitForText(`${card} .target`, 'panel-once.txt', 1000), /rm -r panel-a/);
    const toast = '.notification-toast:has-text("panel-once.txt")';
    await ui.workbench.text(toast, 10_000);
    await ui.webview.click(`${card} .approve-once`);
    const outcome = await result;
    assert.equal(outcome.status, 'executed', outcome.reason);
    assert.equal(readFileSync(join(workspace(), 'panel-once.txt'), 'utf8'), 'ran\n');
    assert.equal(existsSync(join(workspace(), 'panel-a')), false);
    assert.match(await ui.webview.waitForText('#action-result', 'Approved once'), /Approved once/);
    await ui.webview.waitForText('#tabpanel', 'Nothing is waiting');
    await ui.workbench.waitGone(toast, 10_000);
    assert.equal(readFileSync(join(workspace(), 'panel-once.txt'), 'utf8'), 'ran\n', 'ran exactly once');
  });

  it('Deny (with a reason) blocks it and the agent gets the reason', async () => {
    mkdirSync(join(workspace(), 'panel-b'), { recursive: true });
    const { card, result } = await ask('rm -r panel-b');
    await ui.webview.fill(`${card} .deny-reason`, 'not during the demo');
    await ui.webview.click(`${card} .deny`);
    const outcome = await result;
    assert.equal(outcome.status, 'denied');
    assert.match(outcome.reason, /not during the demo/);
    assert.equal(existsSync(join(workspace(), 'panel-b')), true, 'a denied command never runs');
  });

  it('Edit-then-approve runs the edited command, not the original', async () => {
    mkdirSync(join(workspace(), 'panel-c'), { recursive: true });
    const { card, result } = await ask('rm -r panel-c; echo original >> panel-edit.txt');
    await ui.webview.fill(`${card} .edit-command`, 'echo edited >> panel-edit.txt');
    await ui.webview.click(`${card} .edit-approve`);
    const outcome = await result;
    assert.equal(outcome.status, 'executed', outcome.reason);
    assert.equal(readFileSync(join(workspace(), 'panel-edit.txt'), 'utf8'), 'edited\n');
    assert.equal(existsSync(join(workspace(), 'panel-c')), true, 'the original command did not run');
  });

  it('Pause denies waiting and new operations; Resume lets agents act again', async () => {
    const waiting = await ask('rm -r panel-never');
    await ui.webview.click('.pause-toggle');
    await ui.webview.waitForText('#status', 'is paused');
    assert.equal((await waiting.result).status, 'denied');
    const fresh = await api.runCommand(AGENT, { command: 'echo hi', cwd: workspace() });
    assert.equal(fresh.status, 'denied');
    assert.match(fresh.reason, /paus/i);
    await ui.webview.click('.pause-toggle');
    await ui.webview.waitForText('#status', 'is active');
    assert.equal((await api.runCommand(AGENT, { command: 'echo hi', cwd: workspace() })).status, 'executed');
  });

  it('agent-supplied markup renders as text, never as an element', async () => {
    const { card, id, result } = await ask(`rm -r 'panel-x/${XSS}'`);
    assert.equal(await ui.webview.text(`${card} .target`), `rm -r 'panel-x/${XSS}'`);
    await assert.rejects(ui.webview.text('#tabpanel img', 1000), /no webview frame contains/);
    hooks.interceptor!.guard.queue.deny(id, 'test cleanup');
    assert.equal((await result).status, 'denied');
  });

  it('the audit tab filters and verifies the chain', async () => {
    await ui.webview.click('#tab-audit');
    await ui.webview.fill('#audit-agent', 'nobody-at-all');
    await ui.webview.click('.audit-apply');
    await ui.webview.waitForText('#audit-status', 'No entries match');
    await ui.webview.fill('#audit-agent', AGENT);
    await ui.webview.fill('#audit-operation', 'command.run');
    await ui.webview.click('.audit-apply');
    await ui.webview.waitForText('#audit-status', 'Entries 1');
    const table = await ui.webview.waitForText('#audit-table', 'panel-once.txt');
    assert.match(table, /echo edited >> panel-edit\.txt/);
    assert.doesNotMatch(table, /nobody-at-all|it-agent/);
    await ui.webview.click('.audit-verify');
    assert.match(await ui.webview.waitForText('#audit-verify-result', 'Verified'), /The chain is intact/);
  });

  it('the Overview audit card follows every new entry, as the Audit tab does (issue 17)', async () => {
    await ui.webview.click('#tab-overview');
    const entries = () => {
      const status = hooks.guard.audit.status();
      assert.equal(status.state, 'open');
      return status.seq + 1;
    };
    const card = '[data-layer="audit"] .detail';
    await ui.webview.waitForText(card, `Recording (${entries()} entries)`);
    assert.equal((await api.runCommand(AGENT, { command: 'echo audit-card', cwd: workspace() })).status, 'executed');
    // Other entries may land meanwhile (late audits of earlier suites): the card must reach the count of the moment.
    let shown = '';
    for (const deadline = Date.now() + 10_000; !shown.includes(`Recording (${entries()} entries)`); await new Promise((r) => setTimeout(r, 50))) {
      assert.ok(Date.now() < deadline, `the card never caught up: "${shown}" while the log holds ${entries()} entries`);
      shown = await ui.webview.text(card);
    }
    assert.match(shown, /recorded since|chain/);
  });

  it('a new agent is approved from the Agents tab with the chosen profile', async () => {
    await api.registerAgent({ id: 'panel-newcomer', name: 'Newcomer' });
    await ui.webview.click('#tab-agents');
    await ui.webview.waitForText('[data-agent-id="panel-newcomer"]', 'pending');
    await ui.webview.click('[data-agent-id="panel-newcomer"] .agent-approve');
    await until(() => hooks.interceptor!.guard.agents.get('panel-newcomer')?.status === 'approved', 'the agent to be approved');
    assert.equal(hooks.interceptor!.guard.agents.get('panel-newcomer')?.profile, 'execute');
    await ui.webview.waitForText('#known-agents', 'Newcomer');
  });

  it('repeated denials raise an anomaly that can be marked reviewed', async () => {
    for (let i = 0; i < 6; i++) assert.equal((await api.runCommand(AGENT, { command: 'rm -rf /', cwd: workspace() })).status, 'denied');
    await until(() => hooks.guard.anomalies.list({ unreviewed: true, agent: AGENT }).length > 0, 'an anomaly for the repeated denials');
    const anomaly = hooks.guard.anomalies.list({ unreviewed: true, agent: AGENT })[0]!;
    await ui.webview.click('#tab-anomalies');
    await ui.webview.click(`[data-anomaly-id="${anomaly.id}"] .mark-reviewed`);
    await until(() => hooks.guard.anomalies.list().find((a) => a.id === anomaly.id)?.reviewed === true, 'the anomaly to be reviewed');
    await ui.webview.waitForText(`[data-anomaly-id="${anomaly.id}"]`, 'reviewed');
  });

  it('the tab list is keyboard operable and the tab survives a reload of the panel', async () => {
    await ui.webview.click('#tab-audit');
    await ui.webview.press('#tab-audit', 'ArrowRight');
    await ui.webview.waitForText('[role="tab"][aria-selected="true"]', 'Policy');
    await ui.webview.fill('#whatif-text', 'git push --force');
    await ui.webview.press('#whatif-text', 'Enter');
    assert.match(await ui.webview.waitForText('#whatif-result', 'risk'), /deny|ask/i);
    const ready = nextEvent(hooks.panel.onDidReceiveMessage, (m) => m.method === 'ready', WEBVIEW_READY_MS);
    await vscode.commands.executeCommand('workbench.action.webview.reloadWebviewAction');
    await ready;
    await ui.webview.waitForText('[role="tab"][aria-selected="true"]', 'Policy');
  });

  it('the Security view in the activity bar hosts the same panel', async function () {
    this.timeout(2 * WEBVIEW_READY_MS + 30_000); // two new webviews, each of which the test bed may hold
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const ready = nextEvent(hooks.panel.onDidReceiveMessage, (m) => m.method === 'ready', WEBVIEW_READY_MS);
    await vscode.commands.executeCommand('workbench.view.extension.agentGuard');
    await ready;
    assert.equal(hooks.panel.isOpen, false, 'the editor panel is closed: the ready came from the view');
    assert.match(await ui.webview.waitForText('#status', 'is active'), /Agent Guard .* is active\./);
    await vscode.commands.executeCommand('workbench.action.closeSidebar');
    const again = nextEvent(hooks.panel.onDidReceiveMessage, (m) => m.method === 'ready', WEBVIEW_READY_MS);
    await vscode.commands.executeCommand('agentGuard.showPanel');
    await again;
  });

  it('Agents tab: "Check hooks" shows the real Claude Code hook active and an untrusted Copilot hook inactive, with its fix', async function () {
    this.timeout(120_000);
    const bin = agentClisBin();
    if (!bin) this.skip(); // the real CLIs come from `npm run test:agents`'s cache
    const saved = { PATH: process.env.PATH, COPILOT_HOME: process.env.COPILOT_HOME };
    const copilotHome = mkdtempSync(join(tmpdir(), 'ag-copilot-home-'));
    // Copilot's own state file, as Copilot writes it: no trusted folder, so it defers repository hooks.
    writeFileSync(join(copilotHome, 'config.json'), JSON.stringify({ trusted_folders: [] }));
    const written: { file: string; before: string | undefined }[] = [];
    try {
      for (const agent of ['claude', 'copilot'] as const) {
        const target = planHookInstall(agent, workspace(), undefined);
        assert.ok(target.ok);
        const before = existsSync(target.plan.file) ? readFileSync(target.plan.file, 'utf8') : undefined;
        const plan = planHookInstall(agent, workspace(), before);
        assert.ok(plan.ok);
        mkdirSync(join(target.plan.file, '..'), { recursive: true });
        writeFileSync(plan.plan.file, plan.plan.after);
        written.push({ file: plan.plan.file, before });
      }
      process.env.PATH = `${bin}:${process.env.PATH ?? ''}`;
      process.env.COPILOT_HOME = copilotHome;
      await ui.webview.click('#tab-agents');
      await ui.webview.waitForText('#h-hooks', 'Agent hooks');
      const started = Date.now();
      await ui.webview.click('.check-hooks');
      assert.match(await ui.webview.waitForText('[data-hook-agent="claude"]', 'active', 60_000), /Claude Code 2\.\d+\.\d+/);
      const copilot = await ui.webview.waitForText('[data-hook-agent="copilot"][data-hook-state="inactive"]', 'not trusted', 60_000);
      console.log(`      hook check shown in ${Date.now() - started} ms`);
      assert.match(copilot, /Fix: cd .* && copilot/);
      // An inactive hook is a warning for the developer, so the notice is in the error style, not the success one.
      assert.match(await ui.webview.waitForText('#action-result.error-text', 'will not run'), /1 installed hook\(s\) will not run/);
      assert.match(await ui.webview.text('[data-hook-agent="claude"]'), /^active/);
      await vscode.commands.executeCommand('notifications.clearAll');
      await vscode.commands.executeCommand('notifications.hideToasts');
      // End on the focused button scrolls the tab to its bottom, so every hook card is in the picture.
      await ui.webview.press('.check-hooks', 'End');
      await new Promise((r) => setTimeout(r, 700));
      await ui.screenshot('panel-agents-hook-health');
    } finally {
      process.env.PATH = saved.PATH;
      if (saved.COPILOT_HOME === undefined) delete process.env.COPILOT_HOME;
      else process.env.COPILOT_HOME = saved.COPILOT_HOME;
      for (const { file, before } of written) {
        if (before === undefined) rmSync(file, { force: true });
        else writeFileSync(file, before);
      }
      rmSync(copilotHome, { recursive: true, force: true });
    }
  });

  it('screenshots of the main tabs, light and dark (AGENT_GUARD_PANEL_SCREENSHOTS=1)', async function () {
    if (!process.env.AGENT_GUARD_PANEL_SCREENSHOTS) this.skip();
    this.timeout(180_000);
    // A repeated-denials anomaly from a second agent (the main one already had its anomaly reviewed).
    await api.registerAgent({ id: 'panel-demo', name: 'Demo agent' });
    hooks.interceptor!.guard.agents.approve('panel-demo', 'execute');
    for (let i = 0; i < 6; i++) await api.runCommand('panel-demo', { command: 'rm -rf /', cwd: workspace() });
    for (const dir of ['build', 'coverage']) mkdirSync(join(workspace(), dir), { recursive: true });
    const waiting = [await ask('rm -r build'), await ask('rm -r coverage && echo cleaned')];
    await api.registerAgent({ id: 'new-agent', name: 'Unreviewed agent' });
    await vscode.commands.executeCommand('workbench.action.closePanel');
    await vscode.commands.executeCommand('notifications.clearAll');
    await vscode.commands.executeCommand('notifications.hideToasts');
    const config = vscode.workspace.getConfiguration('workbench');
    for (const [theme, name] of [['Default Dark Modern', 'dark'], ['Default Light Modern', 'light']] as const) {
      await config.update('colorTheme', theme, vscode.ConfigurationTarget.Global);
      await new Promise((r) => setTimeout(r, 1500));
      for (const tab of ['overview', 'approvals', 'agents', 'anomalies', 'audit', 'policy']) {
        await vscode.commands.executeCommand('notifications.hideToasts');
        await ui.webview.click(`#tab-${tab}`);
        if (tab === 'policy') await ui.webview.press('#whatif-text', 'Enter');
        await new Promise((r) => setTimeout(r, 700));
        await ui.screenshot(`panel-${name}-${tab}`);
      }
    }
    await config.update('colorTheme', 'Default High Contrast', vscode.ConfigurationTarget.Global);
    await new Promise((r) => setTimeout(r, 1500));
    for (const tab of ['overview', 'approvals']) {
      await ui.webview.click(`#tab-${tab}`);
      await new Promise((r) => setTimeout(r, 700));
      await ui.screenshot(`panel-hc-${tab}`);
    }
    await config.update('colorTheme', undefined, vscode.ConfigurationTarget.Global);
    for (const request of waiting) hooks.interceptor!.guard.queue.deny(request.id, 'screenshots done');
  });
});
