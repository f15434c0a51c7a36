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

/**
 * One result out of the two phases around a window reload. The post-reload phase must have run and
 * passed at least one test, otherwise the reload proved nothing and the run fails.
 */
export function mergePhases(beforeReload, afterReload) {
  const tests = [...beforeReload.tests, ...afterReload.tests.map((test) => ({ ...test, title: `[after reload] ${test.title}` }))];
  const sum = (key) => beforeReload.stats[key] + afterReload.stats[key];
  const fatal = [beforeReload.fatal, afterReload.fatal && `after the reload: ${afterReload.fatal}`,
    !afterReload.fatal && afterReload.stats.passes === 0 ? 'a reload was requested but no test passed after it' : undefined]
    .filter(Boolean).join('\n');
  return {
    vscodeVersion: beforeReload.vscodeVersion,
    stats: { passes: sum('passes'), failures: sum('failures'), pending: sum('pending'), durationMs: sum('durationMs') },
    tests,
    ...(fatal ? { fatal } : {}),
  };
}
