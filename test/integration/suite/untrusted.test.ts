// Runs only in the untrusted bed (scripts/integration.mjs): a second code-server with Workspace Trust on
// and the opened folder (a copy of test/integration/workspace-untrusted) not trusted. That folder comes
// with a committed .vscode/agent-guard.json that tries to loosen the policy: template trusted-automation,
// approval mode never, unknown programs allowed, allow rules for `rm -rf *` and its own ./deploy.sh, and
// an extra allowed host. In an untrusted workspace that file may only tighten (docs/policy.md).
import * as assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { Verdict } from '../../../src/engine/decision';
import type { PolicySnapshot } from '../../../src/extension/guard/guardServices';
import type { AgentGuardTestHooks } from '../../../src/extension/services';
import type { AgentGuardApi, OperationResult } from '../../../src/protocol/agentApi';
import { activateAgentGuard, EXTENSION_ID, nextEvent, testHooks } from '../support/extension';
import { openFreshPanel } from '../support/panel';
import { ui, UNTRUSTED_TAG } from '../support/ui';
import { until, workspace } from '../support/workspace';

/** Commands the committed policy tries to allow; the balanced defaults ask for each of them. */
const LOOSENED = ['rm -rf build', './deploy.sh --prod', 'frobnicate --now', 'curl https://exfil.example/x'];
const AGENT = 'untrusted-agent';
const isWorkspaceLayer = (layer: string) => layer.startsWith('workspace ');
const hasWorkspaceLayer = (snapshot: PolicySnapshot) => snapshot.policy.layers.some(isWorkspaceLayer);

describe(`untrusted workspace (VS Code Workspace Trust) ${UNTRUSTED_TAG}`, function () {
  this.timeout(60_000);
  let hooks: AgentGuardTestHooks;
  let api: AgentGuardApi;
  let committed: string;
  const policyFile = () => join(workspace(), '.vscode', 'agent-guard.json');
  /** Next to the workspace folder, in the runner's temporary folder. */
  const outside = () => join(workspace(), '..', 'outside-the-workspace.txt');
  const policy = () => hooks.guard.policy;

  before(async () => {
    const exports = await activateAgentGuard();
    assert.ok(exports.agentApi && exports.testHooks);
    api = exports.agentApi;
    hooks = await testHooks();
    committed = readFileSync(policyFile(), 'utf8');
  });

  after(async () => {
    if (!hooks) return;
    await vscode.workspace.getConfiguration('agentGuard').update('policy', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  async function verdicts(commands: readonly string[]): Promise<Record<string, Verdict>> {
    const pairs = await Promise.all(commands.map(async (command) => [command, (await policy().checkCommand(command, workspace())).decision] as const));
    return Object.fromEntries(pairs);
  }

  /** Writes (or deletes, for undefined) the workspace policy file and waits for the reload that shows `what`. */
  async function writePolicy(text: string | undefined, what: string, accept: (snapshot: PolicySnapshot) => boolean): Promise<PolicySnapshot> {
    const reloaded = nextEvent(policy().onDidChange, accept, 15_000).catch(() => { throw new Error(`no policy reload within 15 s showed ${what}`); });
    if (text === undefined) rmSync(policyFile());
    else writeFileSync(policyFile(), text);
    return reloaded;
  }

  it('VS Code reports the folder as not trusted, and Agent Guard declares it runs there', async () => {
    assert.equal(vscode.workspace.isTrusted, false, 'the untrusted bed came up TRUSTED: nothing below would test the untrusted case');
    assert.equal((await policy().current()).trusted, false);
    // This bed runs Agent Guard as an extension under development, which VS Code never disables; an
    // installed extension runs in Restricted Mode only if its manifest says so (else no guarding at all).
    const manifest = vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON as { capabilities?: { untrustedWorkspaces?: { supported?: unknown } } };
    const supported = manifest.capabilities?.untrustedWorkspaces?.supported;
    assert.ok(supported === true || supported === 'limited', `package.json declares capabilities.untrustedWorkspaces.supported ${String(supported)}`);
  });

  it('the committed policy that tries to loosen loosens nothing; snapshot, audit and Policy tab say why', async () => {
    const snapshot = await policy().current();
    const layer = snapshot.policy.layers.find(isWorkspaceLayer);
    assert.ok(layer?.includes('agent-guard.json') && layer.endsWith('(untrusted: tighten only)'), `workspace layer: ${layer}`);
    assert.equal(snapshot.policy.template, 'balanced');
    assert.equal(snapshot.policy.approvalMode, 'smart');
    assert.equal(snapshot.policy.unknownPrograms, 'ask');
    assert.deepEqual(snapshot.policy.commandRules.filter((rule) => rule.source === 'workspace').map((rule) => rule.value.id), []);
    assert.equal(snapshot.policy.network.allowedHosts.includes('exfil.example'), false);
    const withFile = await verdicts(LOOSENED);
    // What the stricter layers alone decide: the same window with the file gone, then the file back.
    await writePolicy(undefined, 'no workspace layer', (s) => !hasWorkspaceLayer(s));
    const withoutFile = await verdicts(LOOSENED);
    await writePolicy(committed, 'the workspace layer again', hasWorkspaceLayer);
    assert.deepEqual(withFile, withoutFile);
    assert.deepEqual(Object.values(withoutFile), LOOSENED.map(() => 'ask'));
    const load = (await hooks.guard.audit.query({ operation: 'policy.load', limit: 5 }))[0];
    assert.equal(load?.details?.trusted, false, 'the policy load is audited as untrusted');
    await openFreshPanel(hooks.panel);
    await ui.webview.click('#tab-policy');
    await ui.webview.waitForText('#tabpanel', 'This workspace is not trusted: its policy can only tighten.');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('a workspace policy that tightens takes effect (deny git status, ask npm test), loosening still ignored', async () => {
    assert.deepEqual(await verdicts(['git status', 'npm test']), { 'git status': 'allow', 'npm test': 'allow' });
    const tightened = JSON.parse(committed) as { commands: { rules: unknown[] } };
    tightened.commands.rules.push(
      { id: 'repo-deny-status', effect: 'deny', command: 'git status', description: 'the team forbids it' },
      { id: 'repo-ask-tests', effect: 'ask', command: 'npm test' },
    );
    await writePolicy(JSON.stringify(tightened, null, 2), 'the workspace deny rule repo-deny-status', (s) => s.policy.commandRules.some((rule) => rule.value.id === 'repo-deny-status'));
    const status = await policy().checkCommand('git status', workspace());
    assert.equal(status.decision, 'deny', status.reasons.join('; '));
    assert.ok(status.matchedRules.some((rule) => rule.source === 'workspace' && rule.ruleId === 'repo-deny-status'));
    assert.equal((await policy().checkCommand('npm test', workspace())).decision, 'ask');
    assert.deepEqual(Object.values(await verdicts(LOOSENED)), LOOSENED.map(() => 'ask'));
  });

  /** Starts the agent's operation and resolves once it waits for approval. */
  async function pending(start: () => Promise<OperationResult>): Promise<{ id: string; result: Promise<OperationResult> }> {
    const queue = hooks.interceptor!.guard.queue;
    let id: string | undefined;
    const off = queue.onChange((requests) => { id ??= requests.find((request) => request.agentId === AGENT)?.id; });
    try {
      const result = start();
      await until(() => id !== undefined, 'the operation to wait for approval');
      return { id: id!, result };
    } finally {
      off();
    }
  }

  // A read outside the workspace (the defaults ask for it), not a command: VS Code runs no tasks in
  // Restricted Mode, and Agent Guard runs commands as tasks (there they are refused after 30 s).
  it('always allow writes only to the user policy: the workspace target is refused, the workspace file stays byte-for-byte the same', async () => {
    const writer = hooks.guard.policyWriter!;
    const queue = hooks.interceptor!.guard.queue;
    await api.registerAgent({ id: AGENT, name: 'Untrusted-workspace test agent' });
    hooks.interceptor!.guard.agents.approve(AGENT, 'execute');
    writeFileSync(outside(), 'next to the workspace\n');
    const before = readFileSync(policyFile(), 'utf8');
    const userPolicy = () => vscode.workspace.getConfiguration('agentGuard').inspect<{ paths?: { rules?: { ops?: string[]; globs?: string[] }[] } }>('policy')?.globalValue;
    const run = await pending(() => api.readFile(AGENT, { path: outside() }));

    // VS Code shows no modal while it runs extension tests (its DialogService refuses them), so the
    // developer's choice comes through the writer's test seam. Asked for the workspace target, it refuses.
    writer.answerNextConfirmationForTests('workspace');
    const refused = await writer.alwaysAllow(queue, run.id);
    assert.deepEqual([refused.ok, refused.ruleWritten], [false, false], refused.message);
    assert.ok(queue.get(run.id), 'still waiting for an answer');
    assert.equal(userPolicy(), undefined);

    writer.answerNextConfirmationForTests('user');
    const written = await writer.alwaysAllow(queue, run.id);
    assert.deepEqual([written.ok, written.ruleWritten], [true, true], written.message);
    const result = await run.result;
    assert.deepEqual([result.status, result.verdict], ['executed', 'allow'], result.reason);
    const rules = userPolicy()?.paths?.rules ?? [];
    assert.deepEqual(rules.map((rule) => [rule.ops, rule.globs]), [[['read'], [outside()]]]);
    assert.equal((await policy().checkPath('read', outside())).decision, 'allow', 'the user rule is in effect');
    assert.equal(readFileSync(policyFile(), 'utf8'), before, 'the workspace policy file was not touched');
  });

  it('an allowed command is refused at once with the reason (VS Code runs no tasks in Restricted Mode)', async () => {
    await api.registerAgent({ id: AGENT, name: 'Untrusted-workspace test agent' });
    hooks.interceptor!.guard.agents.approve(AGENT, 'execute');
    assert.equal((await policy().checkCommand('echo untrusted-run', workspace())).decision, 'allow', 'precondition: the policy allows it');
    const result = await api.runCommand(AGENT, { command: 'echo untrusted-run', cwd: workspace() });
    assert.equal(result.status, 'failed');
    assert.match(result.outcome?.error ?? '', /untrusted workspace \(Restricted Mode\), so the command was not run; trust the folder/);
  });

  it('granting trust in VS Code\'s trust editor reloads the policy, and only then does the committed file loosen', async () => {
    assert.deepEqual(Object.values(await verdicts(LOOSENED)), LOOSENED.map(() => 'ask'));
    const granted = nextEvent(vscode.workspace.onDidGrantWorkspaceTrust, () => true, 15_000);
    const reloaded = nextEvent(policy().onDidChange, (s) => s.trusted, 15_000);
    await vscode.commands.executeCommand('workbench.trust.manage');
    // The editor's "Trust" button (a real click; the first button of the row, before "Trust Parent").
    await ui.workbench.click('.workspace-trust-editor .workspace-trust-limitations.trusted .workspace-trust-buttons .monaco-button');
    await granted;
    const snapshot = await reloaded;
    assert.equal(vscode.workspace.isTrusted, true);
    assert.equal(snapshot.policy.layers.find(isWorkspaceLayer)?.endsWith('(untrusted: tighten only)'), false);
    assert.equal(snapshot.policy.template, 'trusted-automation');
    assert.deepEqual(Object.values(await verdicts(LOOSENED)), LOOSENED.map(() => 'allow'));
    assert.equal((await policy().checkCommand('git status', workspace())).decision, 'deny', 'the tightening rule still holds');
    const reload = (await hooks.guard.audit.query({ operation: 'policy.reload', limit: 10 }))
      .find((record) => String(record.details?.cause).split('; ').includes('workspace trusted'));
    assert.equal(reload?.details?.trusted, true, 'the reload on trust is audited');
  });
});
