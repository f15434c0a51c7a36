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

  // The target is 90 % on both held-out parts, and it is NOT met: when the round-5 rules were frozen the r4
  // held-out quarter measured 87.1 % and the r5 one 80.4 % (false flags 1.1 % and 0 %). These floors guard
  // those figures against regressions; raise them when the detector gets there without anyone reading the
  // held-out texts.
  it('r4 held-out quarter: recall at least 85 % (target 90 %, not met) and at most 3 % false flags', () => check(true, 0.85, 0.03));
  it('r5 held-out quarter: recall at least 80 % (target 90 %, not met) and at most 3 % false flags', () => check(true, 0.8, 0.03, 'r5'));
});
