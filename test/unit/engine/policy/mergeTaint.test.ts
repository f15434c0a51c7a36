/** The policy's taint section: on in every template; only an admin layer may loosen it, a workspace only tightens. */
import assert from 'node:assert/strict';
import { mergeLayers, type PolicyLayer } from '../../../../src/engine/policy/merge';
import { validatePolicy } from '../../../../src/engine/policy/load';
import type { PolicyFile } from '../../../../src/engine/policy/schema';
import { TAINT_SOURCE_KINDS } from '../../../../src/engine/taint/types';

const layer = (source: PolicyLayer['source'], policy: Omit<PolicyFile, 'version'>, trusted = true): PolicyLayer => ({ source, origin: source, policy: { version: 1, ...policy }, trusted });

describe('policy taint section', () => {
  it('is on in the balanced, strict and trusted-automation templates', () => {
    for (const template of ['balanced', 'strict', 'trusted-automation'] as const) {
      const taint = mergeLayers([layer('workspace', { template })]).taint;
      assert.equal(taint.enabled, true, template);
      assert.deepEqual([...taint.sources].sort(), [...TAINT_SOURCE_KINDS].sort());
    }
    assert.equal(mergeLayers([]).taint.windowMinutes, 60);
    assert.equal(mergeLayers([layer('user', { template: 'strict' })]).taint.windowMinutes, 240);
  });

  it('the user settings or a trusted managed policy can switch it off, shorten it, drop sources', () => {
    assert.equal(mergeLayers([layer('user', { taint: { enabled: false } })]).taint.enabled, false);
    assert.equal(mergeLayers([layer('managed', { taint: { enabled: false } })]).taint.enabled, false);
    const narrow = mergeLayers([layer('user', { taint: { windowMinutes: 5, sources: ['flagged'] } })]).taint;
    assert.deepEqual([narrow.windowMinutes, narrow.sources], [5, ['flagged']]);
  });

  it('a workspace file, or a managed file that is not root-owned, can only tighten', () => {
    assert.equal(mergeLayers([layer('workspace', { taint: { enabled: false } })]).taint.enabled, true);
    assert.equal(mergeLayers([layer('managed', { taint: { enabled: false } }, false)]).taint.enabled, true);
    assert.equal(mergeLayers([layer('workspace', { taint: { windowMinutes: 5 } })]).taint.windowMinutes, 60);
    assert.equal(mergeLayers([layer('workspace', { taint: { windowMinutes: 600 } })]).taint.windowMinutes, 600);
    assert.deepEqual(mergeLayers([layer('workspace', { taint: { sources: ['flagged'] } })]).taint.sources.length, TAINT_SOURCE_KINDS.length);
    const reEnabled = mergeLayers([layer('user', { taint: { enabled: false, sources: ['flagged'] } }), layer('workspace', { taint: { enabled: true, sources: ['web-fetch'] } })]).taint;
    assert.deepEqual([reEnabled.enabled, reEnabled.sources], [true, ['flagged', 'web-fetch']]);
    assert.equal(mergeLayers([layer('user', { taint: { enabled: false } }), layer('managed', { taint: { enabled: true } })]).taint.enabled, true, 'strictest admin wins');
  });

  it('the schema refuses unknown sources and out-of-range windows', () => {
    const problems = (taint: unknown) => validatePolicy({ version: 1, taint }, 'p.json').problems.map((p) => p.message).join('; ');
    assert.match(problems({ sources: ['everything'] }), /./);
    assert.match(problems({ windowMinutes: 0 }), /./);
    assert.match(problems({ windowMinutes: 100_000 }), /./);
    assert.equal(problems({ enabled: true, windowMinutes: 30, sources: ['flagged', 'issue-text'] }), '');
  });
});
