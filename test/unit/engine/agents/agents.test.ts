import * as assert from 'node:assert/strict';
import { KillSwitch } from '../../../../src/engine/agents/killSwitch';
import { checkOperationCap, checkRiskCap } from '../../../../src/engine/agents/profiles';
import { RateLimiter } from '../../../../src/engine/agents/rateLimit';
import { AgentRegistry } from '../../../../src/engine/agents/registry';

describe('agent registry', () => {
  it('a new agent is pending until approved, and re-registering cannot promote or rename it', () => {
    const registry = new AgentRegistry(() => 1);
    const agent = registry.register('copilot', 'Copilot');
    assert.equal(agent.status, 'pending');
    const check = registry.check('copilot');
    assert.equal(check.ok, false);
    assert.match(check.ok ? '' : check.reason, /waiting for a developer to approve/);
    registry.reject('copilot');
    assert.equal(registry.register('copilot', 'Totally Trusted').status, 'rejected');
    assert.equal(registry.get('copilot')?.name, 'Copilot');
    registry.approve('copilot', 'read-only');
    const approved = registry.check('copilot');
    assert.equal(approved.ok && approved.agent.profile, 'read-only');
  });

  it('refuses unknown agents and malformed ids', () => {
    const registry = new AgentRegistry(() => 1);
    assert.match((registry.check('ghost') as { reason: string }).reason, /not registered/);
    assert.throws(() => registry.register('', 'x'), RangeError);
    assert.throws(() => registry.register('bad id with spaces', 'x'), RangeError);
    assert.throws(() => registry.register('a'.repeat(65), 'x'), RangeError);
  });
});

describe('agent profiles', () => {
  it('read-only may only read', () => {
    assert.equal(checkOperationCap('read-only', 'read').ok, true);
    for (const kind of ['write', 'create', 'delete', 'command'] as const) assert.equal(checkOperationCap('read-only', kind).ok, false, kind);
  });
  it('execute may not delete or ask for critical risk; admin may', () => {
    assert.equal(checkOperationCap('execute', 'command').ok, true);
    assert.equal(checkOperationCap('execute', 'delete').ok, false);
    assert.equal(checkRiskCap('execute', 'high').ok, true);
    assert.equal(checkRiskCap('execute', 'critical').ok, false);
    assert.equal(checkOperationCap('admin', 'delete').ok, true);
    assert.equal(checkRiskCap('admin', 'critical').ok, true);
  });
});

describe('rate limiter', () => {
  it('allows the burst, then refuses with a retry hint that is accurate', () => {
    let now = 0;
    const limiter = new RateLimiter(() => now, { burst: 3, perSecond: 2, perHour: 1000 });
    for (let i = 0; i < 3; i++) assert.equal(limiter.take('a').ok, true);
    const refused = limiter.take('a');
    assert.equal(refused.ok, false);
    const retryAfterMs = refused.ok ? 0 : refused.retryAfterMs;
    assert.equal(retryAfterMs, 500);
    assert.match(refused.ok ? '' : refused.reason, /retry in 500 ms/);
    now += retryAfterMs - 1;
    assert.equal(limiter.take('a').ok, false);
    now += 1;
    assert.equal(limiter.take('a').ok, true);
    assert.equal(limiter.take('b').ok, true, 'agents have separate buckets');
  });

  it('enforces the hourly budget with a retry hint to when the oldest request ages out', () => {
    let now = 0;
    const limiter = new RateLimiter(() => now, { burst: 100, perSecond: 100, perHour: 5 });
    for (let i = 0; i < 5; i++) { assert.equal(limiter.take('a').ok, true); now += 1000; }
    const refused = limiter.take('a');
    assert.equal(refused.ok, false);
    assert.equal(refused.ok ? 0 : refused.retryAfterMs, 3_600_000 - 5000);
    assert.match(refused.ok ? '' : refused.reason, /hourly budget of 5/);
    now = 3_600_000;
    assert.equal(limiter.take('a').ok, true);
  });

  it('rejects nonsense configuration', () => {
    assert.throws(() => new RateLimiter(() => 0, { burst: 0, perSecond: 1, perHour: 1 }), RangeError);
  });

  it('reports the live state (tokens left, hourly budget left, next refill) without consuming anything', () => {
    let now = 10_000;
    const config = { burst: 3, perSecond: 2, perHour: 4 };
    const limiter = new RateLimiter(() => now, config);
    assert.deepEqual(limiter.state('a'), { tokensLeft: 3, hourlyLeft: 4, nextTokenInMs: 0, hourlyRefillInMs: 0, config });
    for (let i = 0; i < 3; i++) assert.equal(limiter.take('a').ok, true);
    assert.deepEqual(limiter.state('a'), { tokensLeft: 0, hourlyLeft: 1, nextTokenInMs: 500, hourlyRefillInMs: 3_600_000, config });
    now += 250;
    assert.deepEqual(limiter.state('a'), { tokensLeft: 0, hourlyLeft: 1, nextTokenInMs: 250, hourlyRefillInMs: 3_599_750, config });
    assert.deepEqual(limiter.state('a'), limiter.state('a'), 'reading is side-effect free');
    now += 250;
    assert.equal(limiter.state('a').tokensLeft, 1);
    assert.equal(limiter.take('a').ok, true, 'the state agrees with take: one token was there');
    assert.equal(limiter.state('a').hourlyLeft, 0);
    now += 10_000;
    assert.equal(limiter.state('a').tokensLeft, 3, 'never above the burst');
    assert.equal(limiter.take('a').ok, false, 'hourly budget used up even with a full bucket');
    now = 10_000 + 3_600_000;
    assert.equal(limiter.state('a').hourlyLeft, 3, 'the three earliest requests aged out of the window');
    assert.equal(limiter.state('b').tokensLeft, 3, 'other agents are untouched');
  });
});

describe('kill switch', () => {
  it('pauses everyone or one agent, and resumes', () => {
    const events: unknown[] = [];
    const sw = new KillSwitch(() => 42);
    sw.onChange((e) => events.push(e));
    sw.pauseAgent('a', 'anomaly: 40 deletes in a minute');
    assert.deepEqual(sw.pauseState('a'), { paused: true, reason: 'anomaly: 40 deletes in a minute', since: 42 });
    assert.deepEqual(sw.pauseState('b'), { paused: false });
    sw.pauseAll('developer pressed pause');
    assert.equal(sw.pauseState('b').paused, true);
    sw.resumeAll();
    assert.equal(sw.pauseState('a').paused, false);
    assert.equal(events.length, 3);
  });
});
