// The scripted agent of `npm run demo` (demo/agent) run at test pace against the real Agent Guard in a
// real VS Code: the agent and the ask are let in by clicks in the Security panel, and the audit log, the
// panel and the output must show each of its five steps, with the demo secret's value nowhere.
import * as assert from 'node:assert/strict';
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { AuditRecord } from '../../../src/engine/audit/auditEntry';
import type { AgentGuardExports, AgentGuardTestHooks } from '../../../src/extension/services';
import {
  ASK_COMMAND, DEMO_AGENT, DEMO_SECRET, DEMO_STEPS, DENIED_COMMAND, INJECTION_FILE, VAULT_COMMAND, runDemoAgent, type DemoRun,
} from '../../../demo/agent/src/demoAgent';
import { activateAgentGuard, EXTENSION_ID, testHooks } from '../support/extension';
import { openFreshPanel } from '../support/panel';
import { ui, uiAvailable } from '../support/ui';
import { until, workspace } from '../support/workspace';

/** Every file below `dir`, as text (the audit directory: segments, head files). */
function filesText(dir: string): string {
  if (!existsSync(dir)) return '';
  return readdirSync(dir).map((name) => join(dir, name))
    .map((file) => (statSync(file).isDirectory() ? filesText(file) : readFileSync(file, 'latin1'))).join('\n');
}

const leaks = (text: string) => text.includes(DEMO_SECRET.value);

describe('demo agent (npm run demo) in a real VS Code', function () {
  this.timeout(180_000);
  let exports: AgentGuardExports;
  let hooks: AgentGuardTestHooks;
  let demoWorkspace: string;

  before(async function () {
    if (!uiAvailable()) this.skip(); // the agent and the ask are answered by clicks in the panel
    exports = await activateAgentGuard();
    hooks = await testHooks();
    assert.ok(exports.agentApi && exports.demoHooks, 'the test bed gets the agent API and the demo hooks');
    // The demo's own files, inside the test bed's workspace (whose policy is the balanced template too).
    demoWorkspace = join(workspace(), 'demo-workspace');
    const checkout = vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath;
    cpSync(join(checkout, 'demo', 'workspace'), demoWorkspace, { recursive: true, filter: (src) => !src.includes('.vscode') });
    await openFreshPanel(hooks.panel);
    await ui.webview.waitForText('#status', 'is active');
  });

  after(async () => {
    if (!hooks) return;
    await vscode.commands.executeCommand('agentGuard.test.vault.run', 'delete', [DEMO_SECRET.id, true]);
    rmSync(demoWorkspace, { recursive: true, force: true });
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('workbench.action.toggleSidebarVisibility');
  });

  /** Runs the agent, approving it in the Agents tab and its ask in the Approvals tab, as the README says. */
  async function runAndClick(lines: string[]): Promise<DemoRun> {
    const queue = hooks.interceptor!.guard.queue;
    const running = runDemoAgent({ api: exports.agentApi!, workspace: demoWorkspace, demoHooks: exports.demoHooks, paceMs: 300, say: (line) => lines.push(line), approvalWaitMs: 60_000 });
    await ui.webview.click('#tab-agents');
    await ui.webview.click(`[data-agent-id="${DEMO_AGENT.id}"] .agent-approve`, 30_000);
    await ui.webview.click('#tab-approvals');
    await until(() => queue.pending().some((r) => r.operation.agentId === DEMO_AGENT.id), 'the demo agent\'s ask to wait for approval', 60_000);
    const request = queue.pending().find((r) => r.operation.agentId === DEMO_AGENT.id)!;
    assert.ok((await ui.webview.waitForText(`[data-approval-id="${request.id}"] .target`, ASK_COMMAND, 5000)).includes(ASK_COMMAND));
    await ui.webview.click(`[data-approval-id="${request.id}"] .approve-once`);
    return running;
  }

  it('the read, the ask answered in the panel, the deny, the redacted vault command and the injection finding, in the audit log and the panel; the secret value nowhere', async () => {
    const startedAt = Date.now() - 1000;
    const lines: string[] = [];
    const run = await runAndClick(lines);
    assert.equal(run.approved, true);
    const byStep = Object.fromEntries(run.results.map(({ id, result }) => [id, result]));
    assert.deepEqual(run.results.map((r) => r.id), DEMO_STEPS.map((s) => s.id), 'every step ran, in order');
    assert.equal(byStep.read?.status, 'executed', JSON.stringify(byStep.read));
    assert.equal(byStep.ask?.status, 'executed', JSON.stringify(byStep.ask));
    assert.equal(byStep.ask?.outcome?.output, 'hello from the Agent Guard demo workspace\n');
    assert.equal(byStep.deny?.status, 'denied');
    assert.equal(byStep.vault?.status, 'executed', JSON.stringify(byStep.vault));
    // The command really got the value (else there would be nothing to redact): the output names the secret.
    assert.equal(byStep.vault?.outcome?.output, `deploying with token [REDACTED:${DEMO_SECRET.id}]\n`);
    assert.equal(byStep.injection?.status, 'executed');
    assert.match(byStep.injection?.outcome?.output ?? '', /possible prompt injection/);

    const mine = (await hooks.guard.audit.query({ since: startedAt, agent: DEMO_AGENT.id, newestFirst: false, limit: 100 }));
    const find = (operation: string, target: RegExp, result: AuditRecord['result']) =>
      mine.find((r) => r.operation === operation && target.test(r.target) && r.result === result);
    assert.ok(find('file.read', /README\.md$/, 'executed'), `the allowed read is audited: ${JSON.stringify(mine.map((r) => [r.operation, r.target, r.result]))}`);
    assert.equal(find('command.run', new RegExp(`^${ASK_COMMAND.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`), 'executed')?.details?.approval, 'approved-once', 'the ask, approved once in the panel');
    assert.match(find('command.run', /get\.example\.sh/, 'denied')?.reason ?? '', /pipes data from curl/);
    const vaultRun = find('command.run', new RegExp(`DEMO_DEPLOY_TOKEN`), 'executed');
    assert.ok(vaultRun, 'the vault command is audited');
    // It expands only the secret injected into it, which the policy allows without asking (nobody clicked for it).
    assert.equal(vaultRun.details?.approval, undefined, JSON.stringify(vaultRun.details));
    const injection = find('file.read', new RegExp(`${INJECTION_FILE.replace('.', '\\.')}$`), 'executed');
    assert.match(injection?.reason ?? '', /possible prompt injection in the content \(.*ignore-previous/);
    assert.equal(injection?.details?.notable, true);
    const all = await hooks.guard.audit.query({ since: startedAt, newestFirst: false, limit: 500 });
    assert.ok(all.some((r) => r.operation === 'vault.use' && r.target === DEMO_SECRET.id && r.details?.command === VAULT_COMMAND), 'the secret\'s use is audited by name');
    assert.ok(all.some((r) => r.operation === 'sandbox.run' && r.details?.secretNames === DEMO_SECRET.id), 'the sandboxed run names the secret it got');
    assert.ok(!mine.some((r) => r.target === DENIED_COMMAND && r.result === 'executed'), 'the denied command never ran');

    // The value is nowhere: audit files on disk, the panel's state and rendered Audit tab, the agent's
    // narration (what the demo's output channel shows) and Agent Guard's own output channel.
    assert.ok(!leaks(filesText(hooks.guard.audit.dir)), 'the audit directory holds the secret value');
    assert.ok(!leaks(JSON.stringify(hooks.panel.snapshot())), 'the panel snapshot holds the secret value');
    await ui.webview.click('#tab-audit');
    const auditTab = await ui.webview.waitForText('#tabpanel', 'get.example.sh', 10_000);
    assert.match(auditTab, /possible prompt injection/);
    assert.ok(!leaks(auditTab), 'the Audit tab shows the secret value');
    assert.ok(!leaks(lines.join('\n')), 'the agent narration holds the secret value');
    assert.ok(lines.some((line) => line.includes(`[REDACTED:${DEMO_SECRET.id}]`)), 'the narration shows the redacted output');
    const outputLog = join(hooks.logUri.fsPath, 'Agent Guard.log');
    assert.ok(existsSync(outputLog), `Agent Guard's output channel log is at ${outputLog}`);
    assert.ok(!leaks(readFileSync(outputLog, 'utf8')), 'Agent Guard\'s output channel holds the secret value');
  });
});
