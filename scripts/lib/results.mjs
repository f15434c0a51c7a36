// Prints the results file written by test/integration/suite/index.ts and says whether the run passed.
// No tests, a fatal error or any failure is a failed run (fail closed).
export function printResults(results) {
  console.log(`\nVS Code ${results.vscodeVersion}`);
  for (const test of results.tests) {
    const mark = { passed: '  ✓', failed: '  ✗', pending: '  -' }[test.state] ?? '  ?';
    console.log(`${mark} ${test.title} (${test.durationMs} ms)`);
    if (test.error) console.log(`      ${(test.error.stack ?? test.error.message).split('\n').join('\n      ')}`);
  }
  if (results.fatal) console.log(`\nThe suite could not run:\n${results.fatal}`);
  const { passes, failures, pending } = results.stats;
  console.log(`\n${passes} passing, ${failures} failing, ${pending} pending`);
  return !results.fatal && failures === 0 && passes > 0;
}
