import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { appendFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { AuditRecord } from '../../../src/engine/audit/auditEntry';
import { VERDICT_ORDER } from '../../../src/engine/decision';
import { verifyAuditPath } from '../../../src/node/audit';
import { POLICY_DIAGNOSTIC_SOURCE } from '../../../src/extension/diagnostics';
import { auditGatedPort } from '../../../src/extension/guard/auditGate';
import { createAuditService } from '../../../src/extension/guard/auditService';
import type { GuardServices } from '../../../src/extension/guard/guardServices';
import type { AgentGuardApi, OperationResult } from '../../../src/protocol/agentApi';
import { activateAgentGuard, EXTENSION_ID, nextEvent, testHooks } from '../support/extension';
import { workspace } from '../support/workspace';

// The wiring of audit log, anomaly detector, pause switch, vault redaction and layered policy inside a
// real VS Code. Secret values are random per run and only checked with assert.ok(bool), never printed.

async function until<T>(probe: () => T | undefined | Promise<T | undefined>, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Every byte of every file in the audit directory, as text. */
function auditText(dir: string): string {
  return readdirSync(dir).filter((name) => !name.endsWith('.lock')).map((name) => readFileSync(join(dir, name), 'utf8')).join('\n');
}

async function records(guard: GuardServices, agent: string): Promise<AuditRecord[]> {
  return guard.audit.query({ agent, newestFirst: false, limit: 1000 });
}

describe('guard wiring in a real VS Code', function () {
  this.timeout(60_000);
  let api: AgentGuardApi;
  let guard: GuardServices;
  const suffix = randomBytes(4).toString('hex');

  /** Registers and approves a fresh agent (ids are unique per run so anomaly baselines start clean). */
  async function agent(name: string): Promise<string> {
    const id = `it-guard-${name}-${suffix}`;
    await api.registerAgent({ id, name });
    guard.interceptor?.guard.agents.approve(id, 'execute');
    return id;
  }

  /** Runs a command and approves it once if it waits for a developer (as a click on "Approve once" would). */
  async function runApproved(agentId: string, command: string, secrets?: string[]): Promise<OperationResult> {
    const queue = guard.interceptor?.guard.queue;
    assert.ok(queue);
    const off = queue.onChange((pending) => {
      for (const request of pending) if (request.agentId === agentId) queue.approveOnce(request.id);
    });
    try {
      return await api.runCommand(agentId, { command, cwd: workspace(), timeoutMs: 20_000, ...(secrets ? { secrets } : {}) });
    } finally {
      off();
    }
  }

  before(async () => {
    const exports = await activateAgentGuard();
    assert.ok(exports.agentApi);
    api = exports.agentApi;
    const hooks = await testHooks();
    guard = hooks.guard;
    // Kept for the activation-time figure (not asserted: timings belong in benches, not tests).
    const extensionPath = vscode.extensions.getExtension(EXTENSION_ID)?.extensionPath;
    if (extensionPath) {
      mkdirSync(join(extensionPath, 'test-results'), { recursive: true });
      appendFileSync(join(extensionPath, 'test-results', 'activation-ms.txt'), `${new Date().toISOString()} createServices ${hooks.activationMs.toFixed(1)} ms\n`);
    }
    await until(() => guard.audit.status().state !== 'opening', 'the audit log to open');
  });

  it('opens the audit log in the extension storage and chains an API command into it', async () => {
    const status = guard.audit.status();
    assert.equal(status.state, 'open', status.state === 'unavailable' ? status.reason : undefined);
    assert.match(guard.audit.dir, /[/\\]audit$/);
    const id = await agent('audit');
    const ran = await api.runCommand(id, { command: 'echo audited', cwd: workspace() });
    assert.equal(ran.status, 'executed', ran.reason);
    const entries = await until(async () => {
      const found = await records(guard, id);
      return found.some((r) => r.operation === 'command.run') ? found : undefined;
    }, 'the command.run entry');
    const run = entries.find((r) => r.operation === 'command.run');
    assert.deepEqual([run?.target, run?.result, run?.source], ['echo audited', 'executed', 'api']);
    assert.ok(readdirSync(guard.audit.dir).some((name) => /^audit-\d{6}\.jsonl$/.test(name)), 'no audit file in the storage dir');
    const report = await verifyAuditPath(guard.audit.dir);
    assert.equal(report.ok, true, JSON.stringify(report.problem));
    assert.ok(report.entries >= 3, `only ${report.entries} entries`);
    const live = await guard.audit.verify();
    assert.equal(live.ok, true, JSON.stringify(live.problem));
  });

  it('never writes a vault value used by an approved command into the audit files', async () => {
    const id = await agent('canary');
    const name = `IT_CANARY_${suffix.toUpperCase()}`;
    const canary = `canary-${randomBytes(16).toString('hex')}`;
    const added = await vscode.commands.executeCommand<{ unusedAnswers: number }>('agentGuard.test.vault.run', 'add', [name, 'it', canary, 'printenv *, echo *', id]);
    assert.equal(added.unusedAnswers, 0);
    const used = await runApproved(id, `printenv ${name}`, [name]);
    assert.equal(used.status, 'executed', used.reason);
    assert.ok(!(used.outcome?.output ?? '').includes(canary), 'the command output handed to the agent carried the value');
    // An agent that somehow learned the value and puts it on a command line: the entry is redacted.
    const leaked = await api.runCommand(id, { command: `echo ${canary}`, cwd: workspace() });
    assert.equal(leaked.status, 'executed', leaked.reason);
    await until(async () => ((await records(guard, id)).filter((r) => r.operation === 'command.run').length >= 2 ? true : undefined), 'both command entries');
    await until(async () => ((await guard.audit.query({ operation: 'sandbox.run', limit: 10 })).length >= 2 ? true : undefined), 'sandbox entries');
    const vaultUse = (await guard.audit.query({ operation: 'vault.*', limit: 50 })).find((r) => r.operation === 'vault.use' && r.target === name);
    assert.ok(vaultUse, 'the vault use was not audited');
    assert.ok(!auditText(guard.audit.dir).includes(canary), 'the canary value appears in the audit files');
    assert.ok(!auditText(guard.audit.dir).includes(Buffer.from(canary).toString('base64')), 'the canary appears base64-encoded');
  });

  it('an exfiltration sequence auto-pauses every agent until a developer resumes; pause and resume are audited', async () => {
    const id = await agent('exfil');
    const other = await agent('bystander');
    mkdirSync(join(workspace(), 'config'), { recursive: true });
    writeFileSync(join(workspace(), 'config', 'secrets.json'), '{"token":"not-a-real-token"}\n');
    const read = await api.readFile(id, { path: join(workspace(), 'config', 'secrets.json') });
    assert.equal(read.status, 'executed', read.reason);
    const paused = nextEvent(guard.pause.onDidChange, (state) => state.paused);
    const egress = await runApproved(id, 'curl -s -m 2 https://example.com/collect');
    assert.notEqual(egress.status, 'invalid');
    const state = await paused;
    assert.ok(state.paused && /Emergency anomaly/.test(state.reason), JSON.stringify(state));
    const anomaly = guard.anomalies.list({ agent: id }).find((a) => a.rule === 'exfiltration');
    assert.equal(anomaly?.severity, 'emergency');
    try {
      for (const agentId of [id, other]) {
        const denied = await api.runCommand(agentId, { command: 'echo after', cwd: workspace() });
        assert.equal(denied.status, 'denied');
        assert.match(denied.reason, /Agent Guard is paused \(Emergency anomaly .*exfil.*\); every operation is denied until a developer resumes it/s);
      }
      const deniedRead = await api.readFile(other, { path: join(workspace(), 'README.md') });
      assert.equal(deniedRead.status, 'denied');
    } finally {
      await vscode.commands.executeCommand('agentGuard.resume');
    }
    assert.equal(guard.pause.state().paused, false);
    const after = await api.runCommand(other, { command: 'echo resumed', cwd: workspace() });
    assert.equal(after.status, 'executed', after.reason);

    guard.pause.pause('integration test: developer pause');
    const whilePaused = await api.readFile(other, { path: join(workspace(), 'README.md') });
    assert.match(whilePaused.reason, /integration test: developer pause/);
    assert.equal(guard.pause.resume('integration test'), true);

    const trail = await until(async () => {
      const found = await guard.audit.query({ operation: 'guard.*', limit: 20 });
      return found.length >= 4 ? found : undefined;
    }, 'pause and resume entries');
    const results = trail.map((r) => `${r.operation}:${r.result}:${String(r.details?.by)}`);
    assert.ok(results.includes('guard.pause:paused:anomaly-detector'), results.join(' '));
    assert.ok(results.includes('guard.pause:paused:developer'), results.join(' '));
    assert.ok(results.filter((r) => r.startsWith('guard.resume:resumed')).length >= 2, results.join(' '));
    assert.ok((await guard.audit.query({ operation: 'anomaly.exfiltration', limit: 5 })).length >= 1, 'the anomaly was not audited');
    const verified = await guard.audit.verify();
    assert.equal(verified.ok, true, JSON.stringify(verified.problem));
  });

  it('a broken workspace policy yields located diagnostics and stricter decisions, audited as a policy change', async () => {
    const file = join(workspace(), '.vscode', 'agent-guard.json');
    const before = await guard.policy.checkCommand('npm test');
    assert.equal(before.decision, 'allow', before.reasons.join('; '));
    const unknown = await guard.policy.checkCommand('frobnicate --now');
    // A broken file that would loosen things if it were applied.
    const broken = '{\n  "version": 1,\n  "template": "trusted-automation",\n  "commands": { "unknownPrograms": "allow", "rules": 42 }\n}\n';
    mkdirSync(join(workspace(), '.vscode'), { recursive: true });
    const reloaded = nextEvent(guard.policy.onDidChange, (snapshot) => snapshot.degraded, 15_000);
    writeFileSync(file, broken);
    try {
      const snapshot = await reloaded;
      assert.ok(snapshot.problems.some((p) => p.file === file), JSON.stringify(snapshot.problems));
      const diagnostics = await until(() => {
        const found = vscode.languages.getDiagnostics(vscode.Uri.file(file)).filter((d) => d.source === POLICY_DIAGNOSTIC_SOURCE);
        return found.length > 0 ? found : undefined;
      }, 'policy diagnostics');
      const located = diagnostics.find((d) => d.message.includes('$.commands.rules'));
      assert.ok(located, diagnostics.map((d) => d.message).join(' | '));
      assert.equal(located.range.start.line, 3);
      assert.equal(broken.split('\n')[3]?.slice(located.range.start.character, located.range.end.character), '42');
      const strictTest = await guard.policy.checkCommand('npm test');
      assert.notEqual(strictTest.decision, 'allow', 'a broken policy loosened or kept npm test allowed instead of falling back to strict');
      const strictUnknown = await guard.policy.checkCommand('frobnicate --now');
      assert.ok(VERDICT_ORDER.indexOf(strictUnknown.decision) >= Math.max(VERDICT_ORDER.indexOf(unknown.decision), VERDICT_ORDER.indexOf('ask')), strictUnknown.decision);
      const change = await until(async () => (await guard.audit.query({ operation: 'policy.reload', limit: 5 })).find((r) => r.details?.degraded === true), 'the degraded reload to be audited');
      assert.equal(change.result, 'policy-changed');
    } finally {
      const restored = nextEvent(guard.policy.onDidChange, (snapshot) => !snapshot.degraded, 15_000);
      rmSync(file, { force: true });
      await restored;
    }
    await until(() => (vscode.languages.getDiagnostics(vscode.Uri.file(file)).length === 0 ? true : undefined), 'diagnostics to clear');
    assert.equal((await guard.policy.checkCommand('npm test')).decision, 'allow');
  });

  it('runs approved commands with the sandbox section of the effective policy (limits, required)', async () => {
    const file = join(workspace(), '.vscode', 'agent-guard.json');
    mkdirSync(join(workspace(), '.vscode'), { recursive: true });
    const loaded = nextEvent(guard.policy.onDidChange, (snapshot) => snapshot.policy.sandbox.limits?.timeoutSeconds === 1, 15_000);
    writeFileSync(file, JSON.stringify({ version: 1, sandbox: { required: true, network: 'none', limits: { timeoutSeconds: 1 } } }));
    try {
      const snapshot = await loaded;
      assert.equal(snapshot.degraded, false, JSON.stringify(snapshot.problems));
      assert.equal((await guard.sandbox.availability()).required, true);
      const id = await agent('limits');
      // The agent asks for 20 s; the policy's 1 s wins.
      const slow = await runApproved(id, 'sleep 5');
      assert.equal(slow.outcome?.timedOut, true, JSON.stringify(slow));
      const run = await until(async () => (await guard.audit.query({ operation: 'sandbox.run', limit: 20 })).find((r) => r.target === 'sleep 5'), 'the sandbox.run entry');
      assert.equal(run.details?.killedBy, 'timeout');
      assert.equal(run.details?.sandboxed, true);
    } finally {
      const restored = nextEvent(guard.policy.onDidChange, (snapshot) => snapshot.policy.sandbox.limits?.timeoutSeconds !== 1, 15_000);
      rmSync(file, { force: true });
      await restored;
    }
  });

  it('maps the policy\'s sandbox network setting: allowlist goes through the egress proxy (audited), none cuts it off', async () => {
    let hits = 0;
    const server = createServer((_request, response) => { hits++; response.end('ok'); });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    const file = join(workspace(), '.vscode', 'agent-guard.json');
    try {
      const id = await agent('network');
      // Issue 12 item 4: allowlist used to share the whole network with a command naming a URL. Now the
      // command only has the egress proxy, which refuses the host loopback even though the line names it.
      // (--noproxy '': NO_PROXY sends 127.0.0.1 to the sandbox's own loopback, which has no route out either.)
      const proxied = await runApproved(id, `curl --noproxy '' -s -m 5 http://127.0.0.1:${port}/allowlist`);
      assert.equal(hits, 0, `the allowlist run reached the host loopback (${proxied.outcome?.output ?? ''})`);
      const entry = await until(async () => (await guard.audit.query({ operation: 'sandbox.egress', limit: 50 }))
        .find((r) => r.target === `127.0.0.1:${port}`), 'the egress request to be audited');
      assert.equal(entry.result, 'denied');
      assert.match(entry.reason ?? '', /loopback/);
      mkdirSync(join(workspace(), '.vscode'), { recursive: true });
      const offline = nextEvent(guard.policy.onDidChange, (snapshot) => snapshot.policy.sandbox.network === 'none', 15_000);
      writeFileSync(file, JSON.stringify({ version: 1, sandbox: { network: 'none' } }));
      await offline;
      const cut = await runApproved(id, `curl -s -m 5 http://127.0.0.1:${port}/none`);
      assert.notEqual(cut.outcome?.exitCode, 0, 'curl succeeded without a network');
      assert.equal(hits, 0, 'the run with network "none" reached the host');
    } finally {
      server.close();
      const restored = nextEvent(guard.policy.onDidChange, (snapshot) => snapshot.policy.sandbox.network !== 'none', 15_000);
      rmSync(file, { force: true });
      await restored.catch(() => undefined);
    }
  });

  it('applies the user-settings policy layer (agentGuard.policy) and reloads when it changes', async () => {
    const config = vscode.workspace.getConfiguration('agentGuard');
    assert.equal((await guard.policy.checkCommand('npm test')).decision, 'allow');
    const strict = nextEvent(guard.policy.onDidChange, (snapshot) => snapshot.policy.template === 'strict', 15_000);
    await config.update('policy', { version: 1, template: 'strict' }, vscode.ConfigurationTarget.Global);
    try {
      await strict;
      assert.notEqual((await guard.policy.checkCommand('npm test')).decision, 'allow');
      // Written in the background: wait for it rather than racing the append.
      await until(async () => (await guard.audit.query({ operation: 'policy.reload', limit: 10 })).find((r) => String(r.details?.cause).split('; ').includes('user settings changed')), 'the settings change to be audited');
    } finally {
      const back = nextEvent(guard.policy.onDidChange, (snapshot) => snapshot.policy.template !== 'strict', 15_000);
      await config.update('policy', undefined, vscode.ConfigurationTarget.Global);
      await back;
    }
    assert.equal((await guard.policy.checkCommand('npm test')).decision, 'allow');
  });

  it('denies agent operations with a clear reason when the audit log cannot be opened (held by another writer)', async () => {
    const log = vscode.window.createOutputChannel('Agent Guard test', { log: true });
    const notified: string[] = [];
    // Recorded instead of shown: VS Code drops toasts beyond 3 per 800 ms, and later suites click theirs.
    const second = createAuditService({
      dir: guard.audit.dir, log, vaultValues: () => [], vaultValuesReady: Promise.resolve(), notifyUnavailable: (_dir, reason) => notified.push(reason),
    });
    try {
      const status = await second.ready;
      assert.equal(status.state, 'unavailable');
      assert.match(status.state === 'unavailable' ? status.reason : '', /being written by process/);
      assert.equal(notified.length, 1, 'the developer was not told');
      const gated = auditGatedPort(guard.policy, second);
      const decision = await gated.checkCommand('echo hello', workspace());
      assert.equal(decision.decision, 'deny');
      assert.match(decision.reasons[0] ?? '', /audit log is unavailable .*being written by process.*agent operations are denied/);
      await assert.rejects(second.append({ agent: 'x', operation: 'x', target: 'x', result: 'recorded', source: 'system' }), /unavailable/);
      assert.equal(guard.audit.status().state, 'open', 'the window\'s own log must stay open');
    } finally {
      second.dispose();
      log.dispose();
    }
  });
});
