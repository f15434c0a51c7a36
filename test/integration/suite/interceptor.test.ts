import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { InterceptorServices } from '../../../src/extension/interceptor';
import { discoverBridge, requestDecision } from '../../../src/node/bridge/client';
import type { AgentGuardApi } from '../../../src/protocol/agentApi';
import { activateAgentGuard, testHooks } from '../support/extension';
import { claudeBash, runHook } from '../support/hook';
import { ui, uiAvailable } from '../support/ui';
import { workspace, until } from '../support/workspace';

function permission(stdout: string): { decision?: string; reason?: string } {
  const out = (JSON.parse(stdout) as { hookSpecificOutput?: { permissionDecision?: string; permissionDecisionReason?: string } }).hookSpecificOutput;
  return { decision: out?.permissionDecision, reason: out?.permissionDecisionReason };
}


describe('interceptor in a real VS Code', function () {
  this.timeout(60_000);
  let api: AgentGuardApi;
  let services: InterceptorServices;

  before(async () => {
    const exports = await activateAgentGuard();
    assert.ok(exports.agentApi, 'activate() returns the agent API');
    api = exports.agentApi;
    const hooks = await testHooks();
    assert.ok(hooks.interceptor);
    services = hooks.interceptor;
    await services.bridgesReady;
  });

  it('an unapproved agent is refused; once approved, allow runs and deny never runs', async () => {
    assert.equal(api.version, 1);
    assert.equal((await api.registerAgent({ id: 'it-agent', name: 'Integration agent' })).status, 'pending');
    const refused = await api.runCommand('it-agent', { command: 'echo hello-api', cwd: workspace() });
    assert.equal(refused.status, 'denied');
    assert.match(refused.reason, /waiting for a developer to approve/);
    services.guard.agents.approve('it-agent', 'execute');
    const ran = await api.runCommand('it-agent', { command: 'echo hello-api', cwd: workspace() });
    assert.equal(ran.status, 'executed', ran.reason);
    assert.deepEqual([ran.outcome?.exitCode, ran.outcome?.output], [0, 'hello-api\n']);
    const denied = await api.runCommand('it-agent', { command: 'rm -rf /', cwd: workspace() });
    assert.equal(denied.status, 'denied');
    assert.equal(denied.outcome, undefined);
    const invalid = await api.runCommand('it-agent', { command: '', cwd: workspace() });
    assert.equal(invalid.status, 'invalid');
  });

  it('an ask resolved by clicking "Approve once" in the notification executes exactly once', async function () {
    if (!uiAvailable()) this.skip();
    services.guard.agents.register('it-asker', 'Asking agent');
    services.guard.agents.approve('it-asker', 'admin');
    mkdirSync(join(workspace(), 'ask-dir'), { recursive: true });
    const command = 'rm -r ask-dir; echo ran >> ask-count.txt';
    // Earlier notifications (other suites, new-agent notices) could push this toast into the centre.
    await vscode.commands.executeCommand('notifications.clearAll');
    const pending = api.runCommand('it-asker', { command, cwd: workspace() });
    await until(() => services.guard.queue.pending().length === 1, 'the request to wait for approval');
    const toast = '.notification-toast:has-text("ask-count.txt")';
    await ui.workbench.click(`${toast} .notification-list-item-message a:has-text("Approve once")`, 15_000);
    const result = await pending;
    assert.equal(result.status, 'executed', result.reason);
    assert.equal(readFileSync(join(workspace(), 'ask-count.txt'), 'utf8'), 'ran\n');
    assert.equal(existsSync(join(workspace(), 'ask-dir')), false);
    assert.equal(services.guard.queue.pending().length, 0);
    await ui.workbench.waitGone(toast, 10_000);
  });

  it('a toast closes by itself when its request is answered elsewhere, and agent text in it is never a link', async function () {
    if (!uiAvailable()) this.skip();
    services.guard.agents.register('it-elsewhere', 'Elsewhere agent');
    services.guard.agents.approve('it-elsewhere', 'admin');
    mkdirSync(join(workspace(), 'elsewhere-dir'), { recursive: true });
    // A crafted markdown link in the command: VS Code would render it in a notification and open it with
    // command URIs allowed (this one would make the toast's "Approve" run a terminal command instead).
    const trap = '[Approve now](command:workbench.action.terminal.sendSequence?%7B%22text%22%3A%22touch%20trap%22%7D)';
    const command = `rm -r elsewhere-dir; echo "${trap}" > elsewhere-marker.txt`;
    await vscode.commands.executeCommand('notifications.clearAll');
    const pending = api.runCommand('it-elsewhere', { command, cwd: workspace() });
    await until(() => services.guard.queue.pending().length === 1, 'the request to wait for approval');
    const request = services.guard.queue.pending()[0]!;
    const toast = '.notification-toast:has-text("elsewhere-marker.txt")';
    await ui.workbench.text(toast, 15_000);
    assert.equal(await ui.workbench.count(`${toast} .notification-list-item-message a`), 4, 'only our four actions are links');
    assert.equal(await ui.workbench.count(`${toast} .notification-list-item-message a:has-text("Approve now")`), 0, 'the crafted link is plain text');
    // The toast's command without the toast's nonce (what another extension could call) does nothing.
    await vscode.commands.executeCommand('agentGuard.approvalToastAction', request.id, 'once', '0'.repeat(32));
    assert.ok(services.guard.queue.get(request.id), 'still waiting after a forged toast action');
    // Decided elsewhere (the panel and the quick pick call the same queue): the toast goes away.
    assert.equal(services.guard.queue.deny(request.id, 'decided elsewhere').ok, true);
    assert.equal((await pending).status, 'denied');
    await ui.workbench.waitGone(toast, 10_000);
    assert.equal(existsSync(join(workspace(), 'elsewhere-marker.txt')), false);
    assert.equal(await ui.workbench.count('.notification-toast:has-text("Elsewhere agent")'), 0, 'an agent approved as it registered gets no notice');
  });

  it("the toast's Cancel button denies the request (the safe reading) and the toast closes", async function () {
    if (!uiAvailable()) this.skip();
    services.guard.agents.register('it-canceller', 'Cancelling agent');
    services.guard.agents.approve('it-canceller', 'admin');
    mkdirSync(join(workspace(), 'cancel-dir'), { recursive: true });
    await vscode.commands.executeCommand('notifications.clearAll');
    const pending = api.runCommand('it-canceller', { command: 'rm -r cancel-dir; echo ran > cancel-marker.txt', cwd: workspace() });
    await until(() => services.guard.queue.pending().length === 1, 'the request to wait for approval');
    const toast = '.notification-toast:has-text("cancel-marker.txt")';
    await ui.workbench.click(`${toast} .monaco-button:has-text("Cancel")`, 15_000);
    const result = await pending;
    assert.equal(result.status, 'denied', result.reason);
    assert.equal(existsSync(join(workspace(), 'cancel-marker.txt')), false);
    assert.equal(existsSync(join(workspace(), 'cancel-dir')), true);
    await ui.workbench.waitGone(toast, 10_000);
  });

  it('a new-agent notice closes by itself once the agent is approved anywhere', async function () {
    if (!uiAvailable()) this.skip();
    services.guard.agents.register('it-noticed', 'Noticed [agent](command:workbench.action.quit)');
    const notice = '.notification-toast:has-text("it-noticed")';
    assert.match(await ui.workbench.text(notice, 10_000), /wants to act in this workspace/);
    assert.equal(await ui.workbench.count(`${notice} .notification-list-item-message a`), 1, 'only "Review agents" is a link');
    services.guard.agents.approve('it-noticed', 'execute');
    await ui.workbench.waitGone(notice, 10_000);
  });

  it('pause denies every operation until resumed', async () => {
    services.guard.agents.register('it-pauser', 'Paused agent');
    services.guard.agents.approve('it-pauser', 'execute');
    services.guard.killSwitch.pauseAll('integration test pause');
    try {
      const result = await api.runCommand('it-pauser', { command: 'echo paused', cwd: workspace() });
      assert.equal(result.status, 'denied');
      assert.match(result.reason, /paused \(integration test pause\)/);
      const read = await api.readFile('it-pauser', { path: join(workspace(), 'README.md') });
      assert.equal(read.status, 'denied');
    } finally {
      services.guard.killSwitch.resumeAll();
    }
    const resumed = await api.runCommand('it-pauser', { command: 'echo resumed', cwd: workspace() });
    assert.equal(resumed.status, 'executed', resumed.reason);
  });

  it('`agent-guard hook claude` asks the running extension: new agent refused, then allow and deny', async () => {
    const first = await runHook('claude', claudeBash('echo hello-hook'), process.env);
    assert.equal(first.code, 0);
    assert.match(permission(first.stdout).reason ?? '', /waiting for a developer to approve/);
    services.guard.agents.approve('hook:claude', 'execute');
    assert.equal(permission((await runHook('claude', claudeBash('echo hello-hook'), process.env)).stdout).decision, 'allow');
    const deny = permission((await runHook('claude', claudeBash('rm -rf /'), process.env)).stdout);
    assert.equal(deny.decision, 'deny');
    assert.match(deny.reason ?? '', /protected, it is a system or home root directory/);
  });

  it('`agent-guard hook claude` with VS Code not reachable evaluates the committed policy', async () => {
    const emptyRuntime = mkdtempSync(join(tmpdir(), 'ag-it-rt-'));
    try {
      const env = { ...process.env, XDG_RUNTIME_DIR: emptyRuntime };
      assert.equal(permission((await runHook('claude', claudeBash('echo offline'), env)).stdout).decision, 'allow');
      const ask = permission((await runHook('claude', claudeBash('rm -r some-dir'), env)).stdout);
      assert.equal(ask.decision, 'deny');
      assert.match(ask.reason ?? '', /open VS Code with Agent Guard to approve this/);
    } finally {
      rmSync(emptyRuntime, { recursive: true, force: true });
    }
  });

  it('a pause set in VS Code holds for a hook that cannot reach VS Code (the pause file, issue 12 item 5)', async () => {
    const { guard } = await testHooks();
    const emptyRuntime = mkdtempSync(join(tmpdir(), 'ag-it-rt-'));
    const env = { ...process.env, XDG_RUNTIME_DIR: emptyRuntime };
    try {
      guard.pause.pause('integration test: paused while the hook is offline');
      const paused = permission((await runHook('claude', claudeBash('echo offline-paused'), env)).stdout);
      assert.equal(paused.decision, 'deny');
      assert.match(paused.reason ?? '', /paused: integration test: paused while the hook is offline/);
    } finally {
      guard.pause.resume('integration test');
    }
    try {
      assert.equal(permission((await runHook('claude', claudeBash('echo offline-resumed'), env)).stdout).decision, 'allow');
    } finally {
      rmSync(emptyRuntime, { recursive: true, force: true });
    }
  });

  it('200 concurrent bridge requests are all answered and all audited; the rate limit trips', async () => {
    services.guard.agents.register('hook:load', 'Load test');
    services.guard.agents.approve('hook:load', 'execute');
    const found = discoverBridge(workspace(), process.env);
    assert.ok(found.found, 'the extension serves a bridge for the workspace');
    const before = services.recentAudit.length;
    const outcomes = await Promise.all(Array.from({ length: 200 }, (_, i) =>
      requestDecision(found.endpoint, { id: 'hook:load', name: 'Load test' }, { kind: 'command', command: `echo ${i}`, cwd: workspace() }, 30_000)));
    const results = outcomes.map((o) => (o.kind === 'response' && o.response.ok && 'result' in o.response ? o.response.result : undefined));
    assert.equal(results.filter(Boolean).length, 200, 'every request answered');
    assert.equal(services.recentAudit.length - before, 200, 'every request audited');
    const allowed = results.filter((r) => r?.verdict === 'allow').length;
    assert.ok(allowed >= 20 && allowed < 40, `the burst of 20 passes, then the limit trips (allowed ${allowed})`);
    assert.ok(results.filter((r) => r?.verdict === 'deny').every((r) => /retry in/.test(r?.reason ?? '') && (r?.retryAfterMs ?? 0) > 0));
  });

  it('wrong token, malformed and oversized bridge requests are refused without effect', async () => {
    const found = discoverBridge(workspace(), process.env);
    assert.ok(found.found);
    const before = services.recentAudit.length;
    const send = (payload: string) => new Promise<string>((resolve, reject) => {
      const socket = net.connect(found.endpoint.address);
      let data = '';
      socket.on('connect', () => socket.write(payload));
      socket.on('data', (d) => { data += d.toString(); if (data.includes('\n')) { socket.destroy(); resolve(data); } });
      socket.on('error', reject);
      socket.on('end', () => resolve(data));
    });
    const decide = (token: string) => `${JSON.stringify({ v: 1, id: 'x', token, method: 'decide', agent: { id: 'hook:claude', name: 'c' }, operation: { kind: 'command', command: 'echo x', cwd: workspace() } })}\n`;
    assert.match(await send(decide('not-the-token')), /"code":"unauthorized"/);
    assert.match(await send('{"v":1,\n'), /"code":"malformed"/);
    assert.match(await send('x'.repeat(300 * 1024)), /"code":"too-large"/);
    assert.equal(services.recentAudit.length, before);
  });

  it('"Install agent hooks" writes the Claude Code hook entry once, keeping existing settings', async () => {
    const settings = join(workspace(), '.claude', 'settings.json');
    mkdirSync(join(workspace(), '.claude'), { recursive: true });
    writeFileSync(settings, JSON.stringify({ permissions: { allow: ['Bash(npm test)'] } }));
    // That write is itself a bypass (made outside Agent Guard): wait until it is seen, then count.
    await until(() => services.observed.some((e) => e.target === settings), 'the test\'s own write to be observed', 15_000);
    await new Promise((r) => setTimeout(r, 500));
    const seenBefore = services.observed.filter((e) => e.target === settings).length;
    const plan = await vscode.commands.executeCommand<{ changed: boolean; file: string }>('agentGuard.installAgentHooks', 'claude', { confirm: true });
    assert.equal(plan?.changed, true);
    const written = JSON.parse(readFileSync(settings, 'utf8')) as { permissions: unknown; hooks: { PreToolUse: { hooks: { command: string }[] }[] } };
    assert.deepEqual(written.permissions, { allow: ['Bash(npm test)'] });
    assert.equal(written.hooks.PreToolUse[0]?.hooks[0]?.command, 'agent-guard hook claude');
    const again = await vscode.commands.executeCommand<{ changed: boolean }>('agentGuard.installAgentHooks', 'claude', { confirm: true });
    assert.equal(again?.changed, false);
    await new Promise((r) => setTimeout(r, 1000));
    assert.equal(services.observed.filter((e) => e.target === settings).length, seenBefore, 'its own confirmed write is not reported as a bypass');
  });

  it('language-model tools run through the interceptor as agent lm:chat', async () => {
    assert.ok(vscode.lm.tools.some((tool) => tool.name === 'agentGuard_runCommand'), 'the guarded tools are registered');
    const call = async (name: string, input: object) => {
      const result = await vscode.lm.invokeTool(name, { input, toolInvocationToken: undefined });
      const part = result.content[0];
      assert.ok(part instanceof vscode.LanguageModelTextPart);
      return JSON.parse(part.value) as { status: string; reason: string; outcome?: { output?: string; content?: string } };
    };
    const pending = await call('agentGuard_runCommand', { command: 'echo from-lm-tool' });
    assert.equal(pending.status, 'denied');
    assert.match(pending.reason, /waiting for a developer to approve/);
    services.guard.agents.approve('lm:chat', 'execute');
    const ran = await call('agentGuard_runCommand', { command: 'echo from-lm-tool' });
    assert.deepEqual([ran.status, ran.outcome?.output], ['executed', 'from-lm-tool\n']);
    assert.equal((await call('agentGuard_runCommand', { command: 'rm -rf /' })).status, 'denied');
    writeFileSync(join(workspace(), 'lm-read.txt'), 'hello from a file\n');
    const read = await call('agentGuard_readFile', { path: join(workspace(), 'lm-read.txt') });
    assert.deepEqual([read.status, read.outcome?.content], ['executed', 'hello from a file\n']);
    assert.equal((await call('agentGuard_readFile', { path: 42 })).status, 'invalid');
  });

  it('a protected file created outside Agent Guard is recorded and can be reverted', async () => {
    const file = join(workspace(), '.env');
    rmSync(file, { force: true });
    writeFileSync(file, 'TOKEN=planted-outside-the-guard\n');
    await until(() => services.observed.some((e) => e.target === file && e.operation === 'file.create.observed'), 'the watcher to record the bypass', 15_000);
    const entry = services.observed.find((e) => e.target === file);
    assert.equal(entry?.source, 'file-watcher');
    assert.match(entry?.reason ?? '', /protected file was changed outside Agent Guard/);
    assert.equal(await vscode.commands.executeCommand('agentGuard.revertProtectedFile', file), true);
    assert.equal(existsSync(file), false, 'the file did not exist before, so reverting deletes it');
  });
});
