// "Expiry denies", in the real VS Code: an ask nobody answers is denied once the approval timeout
// (`agentGuard.approval.timeoutSeconds`, changed live through the configuration API) runs out. The command
// would delete a folder and write a marker file, so "never executed" is checked on disk.
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { DEFAULT_APPROVAL_TIMEOUT_MS } from '../../../src/engine/approval/queue';
import type { AuditRecord } from '../../../src/engine/audit/auditEntry';
import { APPROVAL_TIMEOUT_SETTING, approvalTimeoutFromSetting, MIN_APPROVAL_TIMEOUT_SECONDS } from '../../../src/engine/approval/timeoutSetting';
import type { AgentGuardTestHooks } from '../../../src/extension/services';
import type { AgentGuardApi } from '../../../src/protocol/agentApi';
import { agentGuardWithInterceptor } from '../support/extension';
import { ui, uiAvailable } from '../support/ui';
import { workspace, until } from '../support/workspace';

const suffix = randomBytes(4).toString('hex');
const AGENT = `it-expiry-${suffix}`;
/** The status-bar item of approvalUi.ts ("<n> pending"), found by its text in the workbench DOM. */
const statusBar = (text: string) => `.statusbar-item:has-text("${text}")`;

describe('approval expiry in a real VS Code', function () {
  // Generous upper bound for a 10-s expiry on 2 shared cores; nothing here asserts on time.
  this.timeout(90_000);
  let api: AgentGuardApi;
  let hooks: AgentGuardTestHooks;
  let savedGlobal: unknown;
  const settings = () => vscode.workspace.getConfiguration();
  const queue = () => hooks.interceptor!.guard.queue;

  before(async () => {
    let interceptor;
    ({ api, hooks, interceptor } = await agentGuardWithInterceptor());
    await api.registerAgent({ id: AGENT, name: 'Expiry test agent' });
    interceptor.guard.agents.approve(AGENT, 'execute');
    savedGlobal = settings().inspect(APPROVAL_TIMEOUT_SETTING)?.globalValue;
  });

  after(async () => {
    if (!hooks) return;
    await settings().update(APPROVAL_TIMEOUT_SETTING, savedGlobal, vscode.ConfigurationTarget.Global);
    const restored = approvalTimeoutFromSetting(settings().get(APPROVAL_TIMEOUT_SETTING)).ms;
    await until(() => queue().timeoutMs === restored, 'the restored setting to reach the approval queue');
    await vscode.commands.executeCommand('notifications.clearAll');
  });

  it('an ask nobody answers expires after the configured timeout and is denied; nothing runs', async () => {
    const minimumMs = MIN_APPROVAL_TIMEOUT_SECONDS * 1000;
    await settings().update(APPROVAL_TIMEOUT_SETTING, MIN_APPROVAL_TIMEOUT_SECONDS, vscode.ConfigurationTarget.Global);
    await until(() => queue().timeoutMs === minimumMs, 'the changed setting to reach the approval queue (no reload)');

    const folder = `expiry-dir-${suffix}`;
    const marker = join(workspace(), `expiry-marker-${suffix}.txt`);
    mkdirSync(join(workspace(), folder));
    const command = `rm -r ${folder}; echo ran > ${marker}`;
    const policy = await hooks.guard.policy.checkCommand(command, workspace());
    assert.equal(policy.decision, 'ask', `precondition: the policy asks for it (${policy.reasons.join('; ')})`);

    await vscode.commands.executeCommand('notifications.clearAll');
    const result = api.runCommand(AGENT, { command, cwd: workspace() });
    await until(() => queue().pending().some((r) => r.agentId === AGENT), 'the request to wait for approval');
    const request = queue().pending().find((r) => r.agentId === AGENT)!;
    assert.equal(request.expiresAt - request.createdAt, minimumMs, 'queued with the timeout set a moment ago');
    // While it waits, the developer sees it in the status bar (the workbench DOM updates a moment later).
    if (uiAvailable()) {
      assert.match(await ui.workbench.text(statusBar('1 pending'), 10_000), /\b1 pending/);
      assert.match(await ui.workbench.text(`.notification-toast:has-text("expiry-marker-${suffix}")`, 10_000), /Approve once/);
    }

    // Nobody answers: the queue's own timer settles it. The bound only turns a hang into a clear failure.
    const denied = await within(result, 60_000, 'the unanswered request to expire (the timeout is 10 s)');
    assert.deepEqual([denied.status, denied.verdict, denied.outcome], ['denied', 'deny', undefined]);
    assert.match(denied.reason, /^the approval request expired: nobody approved this in time \(10 s\), so it was denied; ask again/);
    assert.equal(existsSync(marker), false, 'the marker file was never written');
    assert.equal(existsSync(join(workspace(), folder)), true, 'the folder was never deleted');
    assert.equal(queue().get(request.id), undefined, 'no longer pending');
    assert.equal(queue().approveOnce(request.id).ok, false, 'a late approval cannot run it');
    if (uiAvailable()) {
      await ui.workbench.text(statusBar('0 pending'), 10_000);
      // The expired request's toast closes by itself: nothing is left to click late.
      await ui.workbench.waitGone(`.notification-toast:has-text("expiry-marker-${suffix}")`, 10_000);
      assert.equal(await ui.workbench.count(`.notification-list-item:has-text("expiry-marker-${suffix}")`), 0, 'not in the notification centre either');
    }

    const entry = await auditEntryFor(command);
    assert.deepEqual([entry.result, entry.details?.approval, entry.details?.stage], ['rejected', 'expired', 'approval']);
    assert.equal(entry.reason, denied.reason);
  });

  it('an unusable timeout (0) falls back to the default, never to "never expire"', async () => {
    const minimumMs = MIN_APPROVAL_TIMEOUT_SECONDS * 1000;
    await settings().update(APPROVAL_TIMEOUT_SETTING, MIN_APPROVAL_TIMEOUT_SECONDS, vscode.ConfigurationTarget.Global);
    await until(() => queue().timeoutMs === minimumMs, 'the minimum to reach the approval queue');
    await settings().update(APPROVAL_TIMEOUT_SETTING, 0, vscode.ConfigurationTarget.Global);
    await until(() => queue().timeoutMs === DEFAULT_APPROVAL_TIMEOUT_MS, 'the default to replace 0');
  });

  function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms); });
    return Promise.race([promise, late]).finally(() => clearTimeout(timer));
  }

  /** The audit log's entry for `command` by the test agent (appended before the API result returns). */
  async function auditEntryFor(command: string): Promise<AuditRecord> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const records = await hooks.guard.audit.query({ agent: AGENT, operation: 'command.run', limit: 10 });
      const found = records.find((r) => r.target === command);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no audit entry for ${command}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
});
