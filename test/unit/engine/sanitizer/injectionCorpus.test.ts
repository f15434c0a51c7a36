import { strict as assert } from 'node:assert';
import { loadCorpus, measure, type Batch } from './injectionCorpus';

describe('sanitizer: structural injection detector on the corpus (test/fixtures/injection)', () => {
  it('has at least 400 injections and 400 benign texts, a fifth of them or more not in English', () => {
    for (const name of ['attacks', 'benign'] as const) {
      const entries = loadCorpus(name);
      assert.ok(entries.length >= 400, `${name}: ${entries.length}`);
      assert.ok(entries.filter((e) => e.lang !== 'en').length / entries.length >= 0.2, name);
      assert.deepEqual(new Set(entries.filter((e) => e.lang !== 'en').map((e) => e.lang)).size, 10, name);
    }
  });

  const check = (holdout: boolean, minRecall: number, maxFalseFlags: number, batch: Batch = 'r4'): void => {
    const m = measure(holdout, batch);
    // Held-out texts are never named here: whoever tunes the rules must not read them or their misses.
    const misses = holdout ? `${m.missed.length} missed` : m.missed.map((e) => e.id).join(', ');
    const flags = holdout ? `${m.wronglyFlagged.length} flagged` : m.wronglyFlagged.map((e) => e.id).join(', ');
    assert.ok(m.recall >= minRecall, `recall ${m.recall}; ${misses}`);
    assert.ok(m.falseFlags <= maxFalseFlags, `false flags ${m.falseFlags}; ${flags}`);
  };

  it('finds at least 90 % of the injections and flags at most 3 % of the benign texts in the tuning set', () => check(false, 0.9, 0.03));
  it('r5 batch (written before the round-5 tuning): the same targets on its tuning part', () => check(false, 0.9, 0.03, 'r5'));

  it('r6 batch (written before the round-6 tuning): the same targets on its tuning part', () => check(false, 0.9, 0.03, 'r6'));

  // The target is 90 % on every held-out part. When the round-6 rules were frozen the r4 held-out quarter
  // measured 91.4 %, the r6 one 90.6 % (before the round-6 changes: 87.1 % and 87.5 %), and the r5 one
  // 80.4 %, NOT met. The r5 floor guards that figure against regressions; raise it when the detector gets
  // there without anyone reading the held-out texts.
  it('r4 held-out quarter: recall at least 90 % and at most 3 % false flags', () => check(true, 0.9, 0.03));
  it('r6 held-out quarter: recall at least 90 % and at most 3 % false flags', () => check(true, 0.9, 0.03, 'r6'));
  it('r5 held-out quarter: recall at least 80 % (target 90 %, not met) and at most 3 % false flags', () => check(true, 0.8, 0.03, 'r5'));
});
