/**
 * The differential oracle (issue 11): 20,000 generated lines, every one the analyzer allows compared
 * with what real bash parses (test/support/bashOracle.ts). 0 disagreements may end in allow.
 * `npm run bench -- differential` runs 1,000,000. AG_DIFF_SEED replays a failing run.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { BASH } from '../../../support/bashOracle';
import { runDifferential } from '../../../support/differential';
import { loadAnalyzer } from './analyzerFixture';

const SEED = Number(process.env.AG_DIFF_SEED ?? 20261207);
const LINES = Number(process.env.AG_DIFF_LINES ?? 20_000);

describe('command analyzer against real bash (differential)', function () {
  this.timeout(180_000);

  it(`${LINES} generated lines: no disagreement with bash ends in allow (seed ${SEED}) [slow]`, async () => {
    assert.ok(existsSync(BASH), `${BASH} is needed (scripts/lib/bootstrap.mjs installs Debian's bash)`);
    const result = runDifferential(await loadAnalyzer(), LINES, SEED);
    assert.equal(result.lines, LINES);
    assert.ok(result.compared > LINES / 10, `only ${result.compared} lines were allowed and compared`);
    assert.deepEqual(result.allowed.slice(0, 10), [], `seed ${SEED}: ${result.allowed.length} lines allowed although bash sees more (AG_DIFF_SEED=${SEED} to replay)`);
  });
});
