import * as assert from 'node:assert/strict';
import { ApprovalQueue, confirmationWordFor, type ApprovalResolution } from '../../../../src/engine/approval/queue';
import type { Decision } from '../../../../src/engine/decision';
import type { Operation } from '../../../../src/engine/interceptor/operation';
import { FakeClock } from './fakeClock';

const ask: Decision = { decision: 'ask', risk: 'high', reasons: ['needs a look'], matchedRules: [], subcommands: [] };
const command = (text: string, agentId = 'agent-a'): Operation => ({ kind: 'command', agentId, command: text, cwd: '/w' });

async function settled(promise: Promise<ApprovalResolution>): Promise<ApprovalResolution | 'pending'> {
  return Promise.race([promise, new Promise<'pending'>((resolve) => setImmediate(() => resolve('pending')))]);
}

describe('approval queue', () => {
  let clock: FakeClock;
  let queue: ApprovalQueue;
  beforeEach(() => {
    clock = new FakeClock();
    queue = new ApprovalQueue({ clock, timeoutMs: 60_000 });
  });

  it('keeps a request pending until answered, then resolves it once', async () => {
    const { request, resolution } = queue.enqueue({ operation: command('npm publish'), decision: ask });
    assert.equal(await settled(resolution), 'pending');
    assert.deepEqual(queue.pending().map((r) => r.id), [request.id]);
    assert.deepEqual(queue.approveOnce(request.id), { ok: true });
    assert.deepEqual(await resolution, { kind: 'approved-once' });
    assert.equal(queue.pending().length, 0);
    assert.equal(queue.approveOnce(request.id).ok, false);
    assert.equal(queue.deny(request.id).ok, false);
    assert.equal(clock.scheduled, 0, 'the expiry timer is cancelled once answered');
  });

  it('denies with the developer reason, and a denied request cannot be approved afterwards', async () => {
    const { request, resolution } = queue.enqueue({ operation: command('rm -rf build'), decision: ask });
    assert.equal(queue.deny(request.id, '  use npm run clean  ').ok, true);
    assert.equal(queue.approveForSession(request.id).ok, false);
    assert.deepEqual(await resolution, { kind: 'denied', reason: 'use npm run clean' });
  });

  it('expires unanswered requests to a denial after the configured time', async () => {
    const { request, resolution } = queue.enqueue({ operation: command('curl example.com'), decision: ask });
    assert.equal(request.expiresAt - request.createdAt, 60_000);
    clock.advance(59_999);
    assert.equal(await settled(resolution), 'pending');
    clock.advance(1);
    assert.deepEqual(await resolution, { kind: 'expired' });
    assert.equal(queue.approveOnce(request.id).ok, false, 'a late click cannot resurrect an expired request');
  });

  it('handles several agents waiting at once, each resolved independently', async () => {
    const a = queue.enqueue({ operation: command('make', 'agent-a'), decision: ask });
    const b = queue.enqueue({ operation: command('make', 'agent-b'), decision: ask });
    const c = queue.enqueue({ operation: command('make', 'agent-c'), decision: ask });
    assert.equal(new Set([a.request.id, b.request.id, c.request.id]).size, 3);
    queue.deny(b.request.id);
    queue.approveForSession(c.request.id);
    clock.advance(60_000);
    assert.deepEqual(await a.resolution, { kind: 'expired' });
    assert.deepEqual(await b.resolution, { kind: 'denied' });
    assert.deepEqual(await c.resolution, { kind: 'approved-session' });
  });

  it('resolves exactly once when answers race (first answer wins)', async () => {
    const { request, resolution } = queue.enqueue({ operation: command('deploy'), decision: ask });
    const outcomes = [queue.deny(request.id, 'no'), queue.approveOnce(request.id), queue.alwaysAllow(request.id)];
    clock.advance(120_000);
    assert.deepEqual(outcomes.map((o) => o.ok), [true, false, false]);
    assert.deepEqual(await resolution, { kind: 'denied', reason: 'no' });
  });

  it('always-allow resolves with the narrowest rule, visible before approving', async () => {
    const { request, resolution } = queue.enqueue({ operation: command('npm test -- --grep x'), decision: ask });
    assert.deepEqual(request.suggestedRule, {
      kind: 'command', effect: 'allow', match: 'npm test -- --grep x', description: 'allow exactly the command `npm test -- --grep x`',
    });
    queue.alwaysAllow(request.id);
    const answer = await resolution;
    assert.equal(answer.kind, 'always-allow');
    assert.equal(answer.kind === 'always-allow' && answer.rule.match, 'npm test -- --grep x');
  });

  it('path rules cover one exact path and one operation', () => {
    const { request } = queue.enqueue({ operation: { kind: 'delete', agentId: 'a', path: '/w/src/a.ts' }, decision: ask });
    assert.deepEqual(request.suggestedRule, {
      kind: 'path', effect: 'allow', match: '/w/src/a.ts', operation: 'delete', description: 'allow delete of exactly /w/src/a.ts',
    });
  });

  it('edit-then-approve carries the edited command, only for commands', async () => {
    const cmd = queue.enqueue({ operation: command('rm -rf /'), decision: ask });
    assert.equal(queue.editAndApprove(cmd.request.id, '   ').ok, false);
    assert.equal(queue.editAndApprove(cmd.request.id, 'rm -rf ./build').ok, true);
    assert.deepEqual(await cmd.resolution, { kind: 'edited', command: 'rm -rf ./build' });
    const file = queue.enqueue({ operation: { kind: 'write', agentId: 'a', path: '/w/x' }, decision: ask });
    assert.equal(queue.editAndApprove(file.request.id, 'echo').ok, false);
    assert.equal(await settled(file.resolution), 'pending');
  });

  it('critical requests need the confirmation word and can never be always-allowed', async () => {
    const { request, resolution } = queue.enqueue({ operation: command('/usr/bin/terraform destroy'), decision: ask, confirmationWord: 'terraform' });
    assert.equal(request.suggestedRule, undefined);
    assert.equal(queue.alwaysAllow(request.id).ok, false);
    const wrong = queue.approveOnce(request.id, 'yes');
    assert.equal(wrong.ok, false);
    assert.match(wrong.ok ? '' : wrong.reason, /type "terraform"/);
    assert.equal(queue.approveOnce(request.id).ok, false);
    assert.equal(await settled(resolution), 'pending');
    assert.equal(queue.approveOnce(request.id, 'terraform').ok, true);
    assert.deepEqual(await resolution, { kind: 'approved-once' });
  });

  it('confirmation words are the program or file name', () => {
    assert.equal(confirmationWordFor(command('/usr/bin/terraform destroy -auto-approve')), 'terraform');
    assert.equal(confirmationWordFor({ kind: 'delete', agentId: 'a', path: '/w/.env' }), '.env');
  });

  it('denyAll answers every pending request and notifies listeners', async () => {
    const seen: number[] = [];
    queue.onChange((pending) => seen.push(pending.length));
    const a = queue.enqueue({ operation: command('a'), decision: ask });
    const b = queue.enqueue({ operation: command('b'), decision: ask });
    assert.equal(queue.denyAll('paused'), 2);
    assert.deepEqual(await a.resolution, { kind: 'denied', reason: 'paused' });
    assert.deepEqual(await b.resolution, { kind: 'denied', reason: 'paused' });
    assert.deepEqual(seen, [1, 2, 1, 0]);
  });

  it('rejects a non-positive timeout', () => {
    assert.throws(() => new ApprovalQueue({ clock, timeoutMs: 0 }), RangeError);
  });

  it('a changed timeout applies to requests queued after the change; waiting ones keep their deadline', async () => {
    const before = queue.enqueue({ operation: command('make a'), decision: ask });
    queue.setTimeoutMs(10_000);
    assert.equal(queue.timeoutMs, 10_000);
    const after = queue.enqueue({ operation: command('make b'), decision: ask });
    assert.deepEqual([before.request.expiresAt - before.request.createdAt, after.request.expiresAt - after.request.createdAt], [60_000, 10_000]);
    clock.advance(10_000);
    assert.deepEqual(await after.resolution, { kind: 'expired' });
    assert.equal(await settled(before.resolution), 'pending');
    clock.advance(50_000);
    assert.deepEqual(await before.resolution, { kind: 'expired' });
  });

  it('refuses a timeout that would never expire (or expire at once) and keeps the current one', () => {
    for (const bad of [0, -1, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 31]) {
      assert.throws(() => queue.setTimeoutMs(bad), RangeError, String(bad));
    }
    assert.equal(queue.timeoutMs, 60_000);
  });
});
