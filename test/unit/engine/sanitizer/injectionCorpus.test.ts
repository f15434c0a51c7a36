import { strict as assert } from 'node:assert';
import { loadCorpus, measure } from './injectionCorpus';

describe('sanitizer: structural injection detector on the corpus (test/fixtures/injection)', () => {
  it('has at least 400 injections and 400 benign texts, a fifth of them or more not in English', () => {
    for (const name of ['attacks', 'benign'] as const) {
      const entries = loadCorpus(name);
      assert.ok(entries.length >= 400, `${name}: ${entries.length}`);
      assert.ok(entries.filter((e) => e.lang !== 'en').length / entries.length >= 0.2, name);
      assert.deepEqual(new Set(entries.filter((e) => e.lang !== 'en').map((e) => e.lang)).size, 10, name);
    }
  });

  const check = (holdout: boolean, minRecall: number, maxFalseFlags: number): void => {
    const m = measure(holdout);
    assert.ok(m.recall >= minRecall, `recall ${m.recall}; missed ${m.missed.map((e) => e.id).join(', ')}`);
    assert.ok(m.falseFlags <= maxFalseFlags, `false flags ${m.falseFlags}; ${m.wronglyFlagged.map((e) => e.id).join(', ')}`);
  };

  it('finds at least 90 % of the injections and flags at most 3 % of the benign texts in the tuning set', () => check(false, 0.9, 0.03));

  // The target is 90 % here too, and it is NOT met: the held-out quarter measured 80.6 % recall when the
  // rules were frozen (see docs/injection.md). This floor guards that figure against regressions; raise
  // it to 0.9 when the detector gets there without anyone reading the held-out texts.
  it('held-out quarter: recall at least 80 % (target 90 %, not met) and at most 3 % false flags', () => check(true, 0.8, 0.03));
});
