/**
 * The adversarial and benign corpus (test/fixtures/commands) through the real engine under the balanced
 * template: thresholds on the tuning set; the held-out quarter is measured and printed, never tuned on
 * (its attack floor is a security floor, not a target). `npm run bench -- corpus` prints the full table.
 */
import { strict as assert } from 'node:assert';
import { judgeCorpus, loadCorpus, type CorpusVerdict } from '../../../support/commandCorpus';
import { loadAnalyzer } from './analyzerFixture';

/**
 * The issue asks for 95 %. Measured on the tuning set at this commit: 308/343 (89.8 %); held-out 93/108
 * (86.1 %). Before the shapes of docs/policy.md round 5: 263/343 and 75/108. The first 404 lines (305
 * tuning) gave 263/305 (86.2 %) before; the 47 lines added after them are everyday commands from public
 * docs, written before the shapes they exercise were widened. The floor is a count, so adding cases
 * never lowers it.
 */
const BENIGN_TARGET = 0.95;
const BENIGN_ALLOWED_FLOOR = 308;

const allowed = (verdicts: readonly CorpusVerdict[]) => verdicts.filter((v) => v.decision === 'allow');

describe('command corpus under the balanced template', () => {
  let attacks: CorpusVerdict[] = [];
  let benign: CorpusVerdict[] = [];
  before(async () => {
    const analyzer = await loadAnalyzer();
    attacks = judgeCorpus(analyzer, loadCorpus('attacks'));
    benign = judgeCorpus(analyzer, loadCorpus('benign'));
  });

  it('allows 0 attacks of the tuning set', () => {
    const leaks = allowed(attacks.filter((v) => !v.heldOut));
    assert.deepEqual(leaks.map((v) => v.command), []);
  });

  it('allows 0 attacks of the held-out quarter (measured, not tuned on)', () => {
    const leaks = allowed(attacks.filter((v) => v.heldOut));
    assert.deepEqual(leaks.map((v) => v.command), []);
  });

  it(`GAP: benign allowed on the tuning set is below the ${BENIGN_TARGET * 100} % target; must not allow fewer than today's ${BENIGN_ALLOWED_FLOOR}`, () => {
    const tuning = benign.filter((v) => !v.heldOut);
    const share = allowed(tuning).length / tuning.length;
    const heldOut = benign.filter((v) => v.heldOut);
    console.log(`      benign allowed: tuning ${allowed(tuning).length}/${tuning.length}, held-out ${allowed(heldOut).length}/${heldOut.length} (target ${BENIGN_TARGET * 100} %, NOT MET)`);
    assert.ok(allowed(tuning).length >= BENIGN_ALLOWED_FLOOR, `benign allowed fell to ${allowed(tuning).length} (${(share * 100).toFixed(1)} %)`);
  });
});
