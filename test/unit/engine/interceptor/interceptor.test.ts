import * as assert from 'node:assert/strict';
import { createGuard } from '../../../../src/engine/interceptor';
import { FakeClock } from '../approval/fakeClock';
import { cmd, decisionOf, makeHarness, waitForPending } from './harness';

const policy = {
  'ls': decisionOf('allow', 'low'),
  'npm install': decisionOf('allow', 'medium'),
  'git push': decisionOf('allow', 'high'),
  'npm publish': decisionOf('ask', 'medium', 'publishing needs a human'),
  'rm -rf /': decisionOf('deny', 'critical', 'deleting the file system root is never allowed'),
  'terraform destroy': decisionOf('ask', 'critical', 'destroys infrastructure'),
  'rm -rf build': decisionOf('ask', 'high', 'recursive delete'),
  'rm -rf ./build': decisionOf('allow', 'medium'),
  'rm -rf ~': decisionOf('deny', 'critical', 'home directory'),
  'read:/w/README.md': decisionOf('allow', 'low'),
};

function approvedHarness(profile: 'read-only' | 'execute' | 'admin' = 'execute', timeoutMs?: number) {
  const h = makeHarness(policy, { timeoutMs });
  h.guard.agents.register('agent', 'Test agent');
  h.guard.agents.approve('agent', profile);
  return h;
}

describe('interceptor', () => {
  it('low risk allowed and executed; medium allowed, executed and flagged in the audit', async () => {
    const h = approvedHarness();
    const low = await h.guard.interceptor.handle(cmd('ls'));
    assert.equal(low.verdict, 'allow');
    assert.deepEqual(low.outcome, { exitCode: 0, output: 'ok' });
    const medium = await h.guard.interceptor.handle(cmd('npm install'));
    assert.equal(medium.verdict, 'allow');
    assert.match(medium.reason, /medium risk, logged/);
    assert.deepEqual(h.executed.map((o) => o.kind === 'command' && o.command), ['ls', 'npm install']);
    assert.deepEqual(h.audited.map((e) => [e.summary, e.notable, e.executed]), [['run: ls', false, true], ['run: npm install', true, true]]);
  });

  it('injection findings of an executed read reach the audit entry, which is then notable', async () => {
    const h = makeHarness({ 'read:/w/notes.md': decisionOf('allow', 'low'), 'read:/w/README.md': decisionOf('allow', 'low') });
    const guard = createGuard({
      clock: h.clock,
      engine: { checkCommand: () => decisionOf('allow', 'low'), checkPath: (_kind, path) => decisionOf('allow', 'low', `read ${path}`) },
      executor: { execute: async (op) => (op.kind === 'read' && op.path.endsWith('notes.md') ? { content: 'x', flagged: ['ignore-previous'] } : { content: 'y' }) },
      audit: { record: (entry) => { h.audited.push(entry); } },
    });
    guard.agents.register('a', 'A');
    guard.agents.approve('a');
    await guard.interceptor.handle({ kind: 'read', agentId: 'a', path: '/w/notes.md' });
    await guard.interceptor.handle({ kind: 'read', agentId: 'a', path: '/w/README.md' });
    assert.deepEqual(h.audited.map((e) => [e.summary, e.findings, e.notable]), [['read: /w/notes.md', ['ignore-previous'], true], ['read: /w/README.md', undefined, false]]);
  });

  it('a deny is never executed and carries the policy reason', async () => {
    const h = approvedHarness('admin');
    const result = await h.guard.interceptor.handle(cmd('rm -rf /'));
    assert.equal(result.verdict, 'deny');
    assert.equal(result.stage, 'policy');
    assert.equal(result.reason, 'deleting the file system root is never allowed');
    assert.equal(h.executed.length, 0);
    assert.equal(h.audited[0]?.executed, false);
    assert.deepEqual(h.audited[0]?.ruleIds, ['rule-deny-critical']);
  });

  it('high risk asks even when policy allows; approved once executes exactly once', async () => {
    const h = approvedHarness();
    const pending = h.guard.interceptor.handle(cmd('git push'));
    await waitForPending(h.guard);
    assert.equal(h.executed.length, 0, 'nothing runs while waiting');
    const [request] = h.guard.queue.pending();
    assert.ok(request);
    h.guard.queue.approveOnce(request.id);
    h.guard.queue.approveOnce(request.id);
    const result = await pending;
    assert.equal(result.verdict, 'allow');
    assert.equal(result.approval, 'approved-once');
    assert.equal(h.executed.length, 1);
    assert.equal(h.audited.length, 1);
  });

  it('expiry denies with a reason the agent can act on', async () => {
    const h = approvedHarness('execute', 10_000);
    const pending = h.guard.interceptor.handle(cmd('npm publish'));
    await waitForPending(h.guard);
    h.clock.advance(10_000);
    const result = await pending;
    assert.equal(result.verdict, 'deny');
    assert.equal(result.approval, 'expired');
    assert.match(result.reason, /^the approval request expired: nobody approved this in time \(10 s\)/);
    assert.equal(h.executed.length, 0);
  });

  it('a timeout changed while running (the setting) applies to the next request, and expiry still denies', async () => {
    const h = approvedHarness('execute', 60_000);
    h.guard.queue.setTimeoutMs(10_000);
    const pending = h.guard.interceptor.handle(cmd('npm publish'));
    await waitForPending(h.guard);
    const [request] = h.guard.queue.pending();
    assert.equal(request!.expiresAt - request!.createdAt, 10_000);
    h.clock.advance(10_000);
    const result = await pending;
    assert.deepEqual([result.verdict, result.approval, h.executed.length], ['deny', 'expired', 0]);
    assert.deepEqual(h.audited.map((e) => [e.verdict, e.approval, e.executed]), [['deny', 'expired', false]]);
  });

  it('a developer denial returns the optional reason to the agent', async () => {
    const h = approvedHarness();
    const pending = h.guard.interceptor.handle(cmd('npm publish'));
    await waitForPending(h.guard);
    h.guard.queue.deny(h.guard.queue.pending()[0]!.id, 'not on a Friday');
    const result = await pending;
    assert.equal(result.reason, 'denied by the developer: not on a Friday');
    assert.equal(h.executed.length, 0);
  });

  it('approve for session lets the same agent repeat the same command without asking', async () => {
    const h = approvedHarness();
    const first = h.guard.interceptor.handle(cmd('npm publish'));
    await waitForPending(h.guard);
    h.guard.queue.approveForSession(h.guard.queue.pending()[0]!.id);
    assert.equal((await first).verdict, 'allow');
    const second = await h.guard.interceptor.handle(cmd('npm publish'));
    assert.equal(second.approval, 'session-grant');
    h.guard.agents.register('other', 'Other');
    h.guard.agents.approve('other');
    const other = h.guard.interceptor.handle(cmd('npm publish', 'other'));
    await waitForPending(h.guard);
    h.guard.queue.deny(h.guard.queue.pending()[0]!.id);
    assert.equal((await other).verdict, 'deny', 'grants are per agent');
  });

  it('always-allow returns the narrow rule to write', async () => {
    const h = approvedHarness();
    const pending = h.guard.interceptor.handle(cmd('npm publish'));
    await waitForPending(h.guard);
    h.guard.queue.alwaysAllow(h.guard.queue.pending()[0]!.id);
    const result = await pending;
    assert.equal(result.ruleToWrite?.match, 'npm publish');
    assert.equal(result.ruleToWrite?.kind, 'command');
  });

  it('edit-then-approve runs the edited command, but an edit policy denies is still denied', async () => {
    const h = approvedHarness();
    const edited = h.guard.interceptor.handle(cmd('rm -rf build'));
    await waitForPending(h.guard);
    h.guard.queue.editAndApprove(h.guard.queue.pending()[0]!.id, 'rm -rf ./build');
    const result = await edited;
    assert.equal(result.verdict, 'allow');
    assert.deepEqual(h.executed.map((o) => o.kind === 'command' && o.command), ['rm -rf ./build']);
    assert.equal(h.audited[0]?.summary, 'run: rm -rf ./build');
    const sneaky = h.guard.interceptor.handle(cmd('rm -rf build'));
    await waitForPending(h.guard);
    h.guard.queue.editAndApprove(h.guard.queue.pending()[0]!.id, 'rm -rf ~');
    const denied = await sneaky;
    assert.equal(denied.verdict, 'deny');
    assert.match(denied.reason, /edited command is denied by policy/);
    assert.equal(h.executed.length, 1);
  });

  it('critical asks need the typed confirmation and are never covered by a session grant', async () => {
    const h = approvedHarness('admin');
    const first = h.guard.interceptor.handle(cmd('terraform destroy'));
    await waitForPending(h.guard);
    const request = h.guard.queue.pending()[0]!;
    assert.equal(request.confirmationWord, 'terraform');
    assert.equal(h.guard.queue.approveForSession(request.id).ok, false);
    assert.equal(h.guard.queue.approveForSession(request.id, 'terraform').ok, true);
    assert.equal((await first).verdict, 'allow');
    const second = h.guard.interceptor.handle(cmd('terraform destroy'));
    await waitForPending(h.guard);
    h.guard.queue.deny(h.guard.queue.pending()[0]!.id);
    assert.equal((await second).verdict, 'deny');
  });

  it('pause denies everything, including requests already waiting', async () => {
    const h = approvedHarness();
    const waiting = h.guard.interceptor.handle(cmd('npm publish'));
    await waitForPending(h.guard);
    h.guard.killSwitch.pauseAll('developer pressed pause');
    const waited = await waiting;
    assert.equal(waited.verdict, 'deny');
    for (const op of [cmd('ls'), { kind: 'read' as const, agentId: 'agent', path: '/w/README.md' }]) {
      const result = await h.guard.interceptor.handle(op);
      assert.equal(result.verdict, 'deny');
      assert.equal(result.stage, 'pause');
      assert.match(result.reason, /developer pressed pause/);
    }
    assert.equal(h.executed.length, 0);
    assert.equal(h.audited.filter((e) => e.stage === 'pause').length, 3, 'pause denials are audited');
    h.guard.killSwitch.resumeAll();
    assert.equal((await h.guard.interceptor.handle(cmd('ls'))).verdict, 'allow');
  });

  it('unregistered, pending and rejected agents are refused before policy is consulted', async () => {
    const h = makeHarness(policy);
    assert.match((await h.guard.interceptor.handle(cmd('ls', 'nobody'))).reason, /not registered/);
    h.guard.agents.register('new', 'New agent');
    const pending = await h.guard.interceptor.handle(cmd('ls', 'new'));
    assert.equal(pending.stage, 'agent');
    assert.match(pending.reason, /waiting for a developer to approve it/);
    h.guard.agents.reject('new');
    assert.match((await h.guard.interceptor.handle(cmd('ls', 'new'))).reason, /rejected/);
    assert.equal(h.executed.length, 0);
    assert.equal(h.audited.length, 3);
  });

  it('profiles cap operations and risk', async () => {
    const h = approvedHarness('read-only');
    const result = await h.guard.interceptor.handle(cmd('ls'));
    assert.equal(result.stage, 'profile');
    assert.match(result.reason, /may not run commands/);
    assert.equal((await h.guard.interceptor.handle({ kind: 'read', agentId: 'agent', path: '/w/README.md' })).verdict, 'allow');
    h.guard.agents.setProfile('agent', 'execute');
    const critical = await h.guard.interceptor.handle(cmd('terraform destroy'));
    assert.equal(critical.stage, 'profile');
    assert.equal(h.guard.queue.pending().length, 0, 'a capped request is never queued');
  });

  it('rate limit trips with a retry hint', async () => {
    const h = makeHarness(policy);
    const limited = createGuard({
      clock: h.clock,
      rateLimit: { burst: 2, perSecond: 1, perHour: 100 },
      engine: { checkCommand: () => decisionOf('allow', 'low'), checkPath: () => decisionOf('allow', 'low') },
      executor: { execute: async () => ({ exitCode: 0 }) },
      audit: { record: () => undefined },
    });
    limited.agents.register('a', 'A');
    limited.agents.approve('a');
    assert.equal((await limited.interceptor.handle(cmd('ls', 'a'))).verdict, 'allow');
    assert.equal((await limited.interceptor.handle(cmd('ls', 'a'))).verdict, 'allow');
    const refused = await limited.interceptor.handle(cmd('ls', 'a'));
    assert.equal(refused.stage, 'rate-limit');
    assert.equal(refused.retryAfterMs, 1000);
    assert.match(refused.reason, /retry in 1 s/);
  });

  it('tells the engine which vault secrets a command asks for (names only), and nothing for other commands', async () => {
    const h = makeHarness({});
    const seen: unknown[] = [];
    const guard = createGuard({
      clock: h.clock,
      engine: { checkCommand: (_c, _cwd, options) => { seen.push(options); return decisionOf('allow', 'low'); }, checkPath: () => decisionOf('allow', 'low') },
      executor: { execute: async () => ({ exitCode: 0 }) },
      audit: { record: () => undefined },
    });
    guard.agents.register('a', 'A');
    guard.agents.approve('a');
    await guard.interceptor.handle({ kind: 'command', agentId: 'a', command: 'deploy', cwd: '/ws', secrets: ['DEPLOY_TOKEN'] });
    await guard.interceptor.handle(cmd('ls', 'a'));
    assert.deepEqual(seen, [{ injectedSecrets: ['DEPLOY_TOKEN'] }, undefined]);
  });

  it('fails closed when the engine throws or the executor fails', async () => {
    const h = makeHarness({});
    const broken = createGuard({
      clock: h.clock,
      engine: { checkCommand: () => { throw new Error('policy file unreadable'); }, checkPath: async () => decisionOf('allow', 'low') },
      executor: { execute: async () => { throw new Error('sandbox missing'); } },
      audit: { record: () => { throw new Error('disk full'); } },
    });
    broken.agents.register('a', 'A');
    broken.agents.approve('a');
    const denied = await broken.interceptor.handle(cmd('ls', 'a'));
    assert.equal(denied.verdict, 'deny');
    assert.match(denied.reason, /could not evaluate.*policy file unreadable/);
    const failed = await broken.interceptor.handle({ kind: 'read', agentId: 'a', path: '/x' });
    assert.equal(failed.verdict, 'allow');
    assert.match(failed.outcome?.error ?? '', /sandbox missing/);
  });

  it('decide() settles without executing (the hook path)', async () => {
    const h = approvedHarness();
    const result = await h.guard.interceptor.decide(cmd('ls'));
    assert.equal(result.verdict, 'allow');
    assert.equal(h.executed.length, 0);
    assert.equal(h.audited[0]?.executed, false);
  });
});

describe('interceptor with an external pause source (the anomaly detector)', () => {
  it('denies while the external source is paused and answers waiting requests at once', async () => {
    let state: { paused: false } | { paused: true; reason: string; since: number } = { paused: false };
    const listeners: ((s: typeof state) => void)[] = [];
    const external = { pauseState: () => state, onChange: (l: (s: typeof state) => void) => { listeners.push(l); return () => undefined; } };
    const executed: string[] = [];
    const guard = createGuard({
      clock: new FakeClock(),
      extraPause: external,
      engine: { checkCommand: (c) => (c === 'deploy' ? decisionOf('ask', 'high') : decisionOf('allow', 'low')), checkPath: () => decisionOf('allow', 'low') },
      executor: { execute: async (op) => { executed.push(op.kind); return { exitCode: 0 }; } },
      audit: { record: () => undefined },
    });
    guard.agents.register('a', 'A');
    guard.agents.approve('a');
    const waiting = guard.interceptor.handle(cmd('deploy', 'a'));
    await waitForPending(guard);
    state = { paused: true, reason: 'anomaly: 50 deletes in 10 s', since: 1 };
    for (const listener of listeners) listener(state);
    const waited = await waiting;
    assert.equal(waited.verdict, 'deny');
    assert.match(waited.reason, /anomaly: 50 deletes in 10 s/);
    const now = await guard.interceptor.handle(cmd('ls', 'a'));
    assert.equal(now.stage, 'pause');
    assert.deepEqual(executed, []);
    state = { paused: false };
    assert.equal((await guard.interceptor.handle(cmd('ls', 'a'))).verdict, 'allow');
  });
});
