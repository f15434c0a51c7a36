/** Per-session taint records: isolation between agents, windows, source filters, bounds. */
import assert from 'node:assert/strict';
import { TaintTracker } from '../../../../src/engine/taint/tracker';
import { TAINT_SOURCE_KINDS, type TaintSettings } from '../../../../src/engine/taint/types';

const ON: TaintSettings = { enabled: true, windowMinutes: 60, sources: TAINT_SOURCE_KINDS };
const T0 = 1_700_000_000_000;
const MIN = 60_000;

describe('taint tracker', () => {
  it('one agent\'s read never taints another', () => {
    const t = new TaintTracker();
    t.noteSources('a', [{ kind: 'flagged', label: 'issue.md' }], T0);
    assert.equal(t.hasSources('a'), true);
    assert.equal(t.hasSources('b'), false);
    assert.deepEqual(t.active('b', ON, T0), []);
    assert.deepEqual(t.active('a', ON, T0).map((s) => s.label), ['issue.md']);
  });

  it('a read expires after the window; a later read refreshes the same source', () => {
    const t = new TaintTracker();
    t.noteSources('a', [{ kind: 'web-fetch', label: 'example.com' }], T0);
    assert.equal(t.active('a', ON, T0 + 60 * MIN).length, 1, 'still inside the window at exactly 60 minutes');
    assert.equal(t.active('a', ON, T0 + 61 * MIN).length, 0);
    assert.equal(t.active('a', { ...ON, windowMinutes: 120 }, T0 + 61 * MIN).length, 1, 'a longer policy window keeps it');
    t.noteSources('a', [{ kind: 'web-fetch', label: 'example.com' }], T0 + 61 * MIN);
    assert.deepEqual(t.active('a', ON, T0 + 61 * MIN).map((s) => s.at), [T0 + 61 * MIN], 'one entry, refreshed');
  });

  it('only the policy\'s sources count, and a disabled policy counts none', () => {
    const t = new TaintTracker();
    t.noteSources('a', [{ kind: 'network-output', label: 'api.github.com' }, { kind: 'flagged', label: 'x.md' }], T0);
    assert.deepEqual(t.active('a', { ...ON, sources: ['flagged'] }, T0).map((s) => s.kind), ['flagged']);
    assert.deepEqual(t.active('a', { ...ON, enabled: false }, T0), []);
    assert.deepEqual(t.active('a', ON, T0).map((s) => s.kind), ['flagged', 'network-output'], 'newest first (last noted first)');
  });

  it('credential reads and downloads are kept per session within the window', () => {
    const t = new TaintTracker();
    t.noteCredentials('a', ['/w/.env'], T0);
    t.noteDownloads('a', ['/w/x.sh'], T0);
    assert.deepEqual(t.credentialsRead('a', ON, T0 + MIN), ['/w/.env']);
    assert.deepEqual(t.credentialsRead('b', ON, T0 + MIN), []);
    assert.deepEqual(t.downloaded('a', ON, T0 + 61 * MIN), []);
  });

  it('is bounded: at most 20 sources per session, the newest kept', () => {
    const t = new TaintTracker();
    for (let i = 0; i < 100; i++) t.noteSources('a', [{ kind: 'web-fetch', label: `h${i}.example` }], T0 + i);
    const active = t.active('a', ON, T0 + 100);
    assert.equal(active.length, 20);
    assert.equal(active[0]?.label, 'h99.example');
  });

  it('lists tainted sessions for the panel and clears one on request', () => {
    const t = new TaintTracker();
    let changes = 0;
    t.onChange(() => changes++);
    t.noteSources('a', [{ kind: 'flagged', label: 'x.md' }], T0);
    t.noteSources('b', [{ kind: 'issue-text', label: 'api.github.com' }], T0 + MIN);
    assert.deepEqual(t.tainted(ON, T0 + 2 * MIN).map((s) => [s.agentId, s.since]), [['b', T0 + MIN], ['a', T0]]);
    assert.equal(t.clear('a'), true);
    assert.deepEqual(t.tainted(ON, T0 + 2 * MIN).map((s) => s.agentId), ['b']);
    assert.equal(changes, 3);
  });
});
