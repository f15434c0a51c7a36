/** Per-session taint records: isolation between agents, windows, source filters, bounds. */
import assert from 'node:assert/strict';
import { MAX_TAINT_SESSIONS, TaintTracker } from '../../../../src/engine/taint/tracker';
import { TAINT_SOURCE_KINDS, type TaintSettings } from '../../../../src/engine/taint/types';

const ON: TaintSettings = { enabled: true, windowMinutes: 60, sources: TAINT_SOURCE_KINDS };
const T0 = 1_700_000_000_000;
const MIN = 60_000;

describe('taint tracker', () => {
  it('one agent\'s read never taints another', () => {
    const t = new TaintTracker();
    t.noteSources({ agentId: 'a' }, [{ kind: 'flagged', label: 'issue.md' }], T0);
    assert.equal(t.hasSources({ agentId: 'a' }), true);
    assert.equal(t.hasSources({ agentId: 'b' }), false);
    assert.deepEqual(t.active({ agentId: 'b' }, ON, T0), []);
    assert.deepEqual(t.active({ agentId: 'a' }, ON, T0).map((s) => s.label), ['issue.md']);
  });

  it('a read expires after the window; a later read refreshes the same source', () => {
    const t = new TaintTracker();
    t.noteSources({ agentId: 'a' }, [{ kind: 'web-fetch', label: 'example.com' }], T0);
    assert.equal(t.active({ agentId: 'a' }, ON, T0 + 60 * MIN).length, 1, 'still inside the window at exactly 60 minutes');
    assert.equal(t.active({ agentId: 'a' }, ON, T0 + 61 * MIN).length, 0);
    assert.equal(t.active({ agentId: 'a' }, { ...ON, windowMinutes: 120 }, T0 + 61 * MIN).length, 1, 'a longer policy window keeps it');
    t.noteSources({ agentId: 'a' }, [{ kind: 'web-fetch', label: 'example.com' }], T0 + 61 * MIN);
    assert.deepEqual(t.active({ agentId: 'a' }, ON, T0 + 61 * MIN).map((s) => s.at), [T0 + 61 * MIN], 'one entry, refreshed');
  });

  it('only the policy\'s sources count, and a disabled policy counts none', () => {
    const t = new TaintTracker();
    t.noteSources({ agentId: 'a' }, [{ kind: 'network-output', label: 'api.github.com' }, { kind: 'flagged', label: 'x.md' }], T0);
    assert.deepEqual(t.active({ agentId: 'a' }, { ...ON, sources: ['flagged'] }, T0).map((s) => s.kind), ['flagged']);
    assert.deepEqual(t.active({ agentId: 'a' }, { ...ON, enabled: false }, T0), []);
    assert.deepEqual(t.active({ agentId: 'a' }, ON, T0).map((s) => s.kind), ['flagged', 'network-output'], 'newest first (last noted first)');
  });

  it('credential reads and downloads are kept per session within the window', () => {
    const t = new TaintTracker();
    t.noteCredentials({ agentId: 'a' }, ['/w/.env'], T0);
    t.noteDownloads({ agentId: 'a' }, ['/w/x.sh'], T0);
    assert.deepEqual(t.credentialsRead({ agentId: 'a' }, ON, T0 + MIN), ['/w/.env']);
    assert.deepEqual(t.credentialsRead({ agentId: 'b' }, ON, T0 + MIN), []);
    assert.deepEqual(t.downloaded({ agentId: 'a' }, ON, T0 + 61 * MIN), []);
  });

  it('is bounded: at most 20 sources per session, the newest kept', () => {
    const t = new TaintTracker();
    for (let i = 0; i < 100; i++) t.noteSources({ agentId: 'a' }, [{ kind: 'web-fetch', label: `h${i}.example` }], T0 + i);
    const active = t.active({ agentId: 'a' }, ON, T0 + 100);
    assert.equal(active.length, 20);
    assert.equal(active[0]?.label, 'h99.example');
  });

  it('lists tainted sessions for the panel and clears one on request', () => {
    const t = new TaintTracker();
    let changes = 0;
    t.onChange(() => changes++);
    t.noteSources({ agentId: 'a' }, [{ kind: 'flagged', label: 'x.md' }], T0);
    t.noteSources({ agentId: 'b' }, [{ kind: 'issue-text', label: 'api.github.com' }], T0 + MIN);
    assert.deepEqual(t.tainted(ON, T0 + 2 * MIN).map((s) => [s.agentId, s.since]), [['b', T0 + MIN], ['a', T0]]);
    assert.equal(t.clear({ agentId: 'a' }), true);
    assert.deepEqual(t.tainted(ON, T0 + 2 * MIN).map((s) => s.agentId), ['b']);
    assert.equal(changes, 3);
  });

  it('per session: two sessions of one agent are apart; a read without a session id taints every session of that agent', () => {
    const t = new TaintTracker();
    const one = { agentId: 'hook:claude', session: 's1' };
    const two = { agentId: 'hook:claude', session: 's2' };
    t.noteSources(one, [{ kind: 'flagged', label: 'issue.md' }], T0);
    t.noteCredentials(one, ['/w/.env'], T0);
    assert.equal(t.hasSources(one), true);
    assert.equal(t.hasSources(two), false, 'the other session of the same CLI is not tainted');
    assert.deepEqual(t.active(two, ON, T0), []);
    assert.deepEqual(t.credentialsRead(two, ON, T0), []);
    assert.equal(t.hasSources({ agentId: 'hook:claude' }), true, 'an operation that names no session may belong to the tainted one');
    assert.deepEqual(t.credentialsRead({ agentId: 'hook:claude' }, ON, T0), ['/w/.env']);
    t.noteSources({ agentId: 'hook:claude' }, [{ kind: 'web-fetch', label: 'example.com' }], T0 + 1);
    assert.deepEqual(t.active(two, ON, T0 + 1).map((s) => s.label), ['example.com'], 'a read with no session id may have been any session: all of them count it');
    assert.deepEqual(t.active(one, ON, T0 + 1).map((s) => s.label), ['example.com', 'issue.md']);
    assert.deepEqual(t.tainted(ON, T0 + 2).map((s) => [s.agentId, s.session]), [['hook:claude', undefined], ['hook:claude', 's1']]);
  });

  it('is bounded in sessions: the oldest are evicted, and an evicted tainted session\'s reads fall back to its agent (never lost)', () => {
    const t = new TaintTracker();
    t.noteSources({ agentId: 'hook:codex', session: 'first' }, [{ kind: 'flagged', label: 'issue.md' }], T0);
    t.noteCredentials({ agentId: 'hook:codex', session: 'first' }, ['/w/.env'], T0);
    for (let i = 0; i < MAX_TAINT_SESSIONS; i++) t.noteSources({ agentId: 'hook:codex', session: `s${i}` }, [{ kind: 'web-fetch', label: `h${i}.example` }], T0 + 1 + i);
    assert.ok(t.sessionCount() <= MAX_TAINT_SESSIONS + 1, `at most ${MAX_TAINT_SESSIONS} sessions plus one agent-wide record per agent (${t.sessionCount()})`);
    const later = { agentId: 'hook:codex', session: 'later' };
    assert.deepEqual(t.active(later, ON, T0 + 10_000).map((s) => s.label).includes('issue.md'), true, 'the evicted session\'s flagged read now counts for the whole agent');
    assert.deepEqual(t.credentialsRead(later, ON, T0 + 10_000), ['/w/.env']);
    assert.equal(t.hasSources({ agentId: 'hook:gemini', session: 'x' }), false, 'another agent is untouched');
  });

  it('clear is for one session only', () => {
    const t = new TaintTracker();
    t.noteSources({ agentId: 'a', session: 's1' }, [{ kind: 'flagged', label: 'x.md' }], T0);
    t.noteSources({ agentId: 'a', session: 's2' }, [{ kind: 'issue-text', label: 'api.github.com' }], T0);
    assert.equal(t.clear({ agentId: 'a', session: 's1' }), true);
    assert.equal(t.hasSources({ agentId: 'a', session: 's1' }), false);
    assert.equal(t.clear({ agentId: 'a', session: 's1' }), false, 'nothing left to clear');
    assert.equal(t.hasSources({ agentId: 'a', session: 's2' }), true);
  });
});
