/**
 * `npm run bench -- differential`: 1,000,000 generated lines through the analyzer; every line it allows
 * is compared with real bash's parse (test/support/bashOracle.ts). Prints lines, compared, disagreements
 * and disagreements that ended in allow (must be 0). AG_DIFF_LINES / AG_DIFF_SEED override.
 */
import { nodeCommandAnalyzer } from '../src/node/commandAnalyzerLoader';
import { runDifferential } from '../test/support/differential';

const LINES = Number(process.env.AG_DIFF_LINES ?? 1_000_000);
const SEED = Number(process.env.AG_DIFF_SEED ?? 1);

void (async () => {
  const analyzer = await nodeCommandAnalyzer();
  const started = Date.now();
  const result = runDifferential(analyzer, LINES, SEED);
  const seconds = (Date.now() - started) / 1000;
  console.log(`differential (seed ${SEED}): ${result.lines} lines in ${seconds.toFixed(1)} s; ${result.compared} allowed by the analyzer and compared with bash`);
  console.log(`  bash rejects ${result.rejectedByBash} of the compared; ${result.unreliable} not comparable (bash re-print quirk); disagreements ${result.disagreements}; disagreements ending in allow ${result.allowed.length}`);
  for (const d of result.allowed.slice(0, 20)) console.log(`  ALLOW ${JSON.stringify(d.line)}: ${d.why}`);
  process.exitCode = result.allowed.length === 0 ? 0 : 1;
})();
