// Live audit forwarding in the real VS Code (issue 16): the user policy names a real rsyslog on
// 127.0.0.1, every new entry reaches it with the policy fingerprint, and the Audit tab says how far
// behind forwarding is, also while the collector is down.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { verifySyslogLines } from '../../../src/engine/audit';
import type { AgentGuardTestHooks } from '../../../src/extension/services';
import { RsyslogCollector, rsyslogAvailable } from '../../support/rsyslogCollector';
import { activateAgentGuard, nextEvent, testHooks } from '../support/extension';
import { openFreshPanel } from '../support/panel';
import { ui, uiAvailable } from '../support/ui';
import { until } from '../support/workspace';

describe('audit forwarding to a real rsyslog', function () {
  this.timeout(120_000);
  let hooks: AgentGuardTestHooks;
  let collector: RsyslogCollector | undefined;
  const config = () => vscode.workspace.getConfiguration('agentGuard');

  before(async function () {
    if (!rsyslogAvailable() || !uiAvailable()) this.skip();
    await activateAgentGuard();
    hooks = await testHooks();
    collector = await RsyslogCollector.start();
  });

  after(async () => {
    if (hooks) {
      const back = nextEvent(hooks.guard.policy.onDidChange, (snapshot) => snapshot.policy.audit.forward === undefined, 15_000);
      await config().update('policy', undefined, vscode.ConfigurationTarget.Global);
      await back.catch(() => undefined);
    }
    await collector?.stop();
    // The panel this suite opened stays focused otherwise, and the next suites expect the workbench as they found it.
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('forwards the log to the collector the user policy names, and the Audit tab shows the state', async () => {
    const forward = { transport: 'tcp', host: '127.0.0.1', port: collector!.port };
    const loaded = nextEvent(hooks.guard.policy.onDidChange, (snapshot) => snapshot.policy.audit.forward?.port === collector!.port, 15_000);
    await config().update('policy', { version: 1, audit: { forward } }, vscode.ConfigurationTarget.Global);
    await loaded;
    const head = () => { const s = hooks.guard.audit.status(); return s.state === 'open' ? s.seq : -1; };
    await until(() => verifySyslogLines(collector!.lines()).logs[0]?.lastSeq === head(), 'the whole log forwarded', 30_000);
    const report = verifySyslogLines(collector!.lines());
    assert.deepEqual([report.problems, report.gaps], [[], []]);
    assert.equal(report.logs[0]?.firstSeq, 0);
    // The reload that turned forwarding on is itself an entry, stamped with the policy in force.
    assert.match(collector!.lines().at(-1) ?? '', /policy="sha256:[0-9a-f]{32}"/);

    await openFreshPanel(hooks.panel);
    await ui.webview.click('#tab-audit');
    assert.match(await ui.webview.waitForText('#audit-forwarding', 'Up to date'), new RegExp(`to tcp://127\\.0\\.0\\.1:${collector!.port}`));

    // Collector down: entries still land locally; the tab says how many are waiting and why.
    await collector!.crash();
    await hooks.guard.audit.append({ agent: 'forwarding-test', operation: 'command.run', target: 'echo while down', result: 'allowed', source: 'api' });
    // "behind" can show a moment before the failed connection's error does: wait for the error itself.
    assert.match(await ui.webview.waitForText('#audit-forwarding', 'ECONNREFUSED', 15_000), /Forwarding \d+ entries behind .*ECONNREFUSED/);
    await collector!.launch();
    await ui.webview.waitForText('#audit-forwarding', 'Up to date', 30_000);
    assert.ok(collector!.lines().some((line) => line.includes('echo while down')));
  });
});
