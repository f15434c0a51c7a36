/**
 * `npm run bench -- corpus`: the adversarial and benign command corpus (test/fixtures/commands) through
 * the real engine under the balanced template. Prints allowed/total per category, for the tuning set and
 * the held-out quarter apart (test/support/commandCorpus.ts isHeldOut), and lists every attack allowed.
 */
import { nodeCommandAnalyzer } from '../src/node/commandAnalyzerLoader';
import { corpusTable, judgeCorpus, loadCorpus, type CorpusVerdict } from '../test/support/commandCorpus';

function percent(part: number, total: number): string {
  return total ? `${((100 * part) / total).toFixed(1)} %` : '-';
}

function printSet(name: string, verdicts: readonly CorpusVerdict[]): void {
  console.log(`\n${name}`);
  console.log(`  ${'category'.padEnd(22)} ${'tuning'.padStart(16)} ${'held-out'.padStart(16)}`);
  const rows = corpusTable(verdicts);
  for (const category of [...new Set(rows.map((r) => r.category))]) {
    const cell = (split: string) => {
      const row = rows.find((r) => r.category === category && r.split === split);
      return row ? `${row.allowed}/${row.total} allowed` : '-';
    };
    console.log(`  ${category.padEnd(22)} ${cell('tuning').padStart(16)} ${cell('held-out').padStart(16)}`);
  }
  for (const split of [false, true]) {
    const part = verdicts.filter((v) => v.heldOut === split);
    const allowed = part.filter((v) => v.decision === 'allow').length;
    console.log(`  ${(split ? 'held-out' : 'tuning').padEnd(9)} total: ${allowed}/${part.length} allowed (${percent(allowed, part.length)})`);
  }
}

void (async () => {
  const analyzer = await nodeCommandAnalyzer();
  const started = Date.now();
  const attacks = judgeCorpus(analyzer, loadCorpus('attacks'));
  const benign = judgeCorpus(analyzer, loadCorpus('benign'));
  printSet('attacks (must be 0 allowed)', attacks);
  printSet('benign (target >= 95 % allowed)', benign);
  const leaks = attacks.filter((v) => v.decision === 'allow');
  for (const v of leaks) console.log(`  ALLOWED ATTACK${v.heldOut ? ' (held-out)' : ''}: ${JSON.stringify(v.command)} (${v.source})`);
  console.log(`\n${attacks.length + benign.length} lines judged in ${Date.now() - started} ms`);
  process.exitCode = leaks.length === 0 ? 0 : 1;
})();
