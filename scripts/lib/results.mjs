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
  // Repeated last, because a CI log is often read from its tail only: the failing titles must be there.
  for (const test of results.tests.filter((each) => each.state === 'failed')) {
    console.log(`failed: ${test.title}: ${(test.error?.message ?? 'no message').split('\n')[0].slice(0, 300)}`);
  }
  return !results.fatal && failures === 0 && passes > 0;
}

/**
 * One result out of two runs of the suite: `second`'s titles get `label` in front. The second run must
 * have run and passed at least one test, otherwise it proved nothing and the merged run fails with `empty`.
 */
function mergeRuns(first, second, { label, empty }) {
  const tests = [...first.tests, ...second.tests.map((test) => ({ ...test, title: `[${label}] ${test.title}` }))];
  const sum = (key) => first.stats[key] + second.stats[key];
  const fatal = [first.fatal, second.fatal && `${label}: ${second.fatal}`,
    !second.fatal && second.stats.passes === 0 ? empty : undefined]
    .filter(Boolean).join('\n');
  return {
    vscodeVersion: first.vscodeVersion,
    stats: { passes: sum('passes'), failures: sum('failures'), pending: sum('pending'), durationMs: sum('durationMs') },
    tests,
    ...(first.untrustedTests !== undefined ? { untrustedTests: first.untrustedTests } : {}),
    ...(fatal ? { fatal } : {}),
  };
}

/** A phase and the one after a reload (`label`: "after refresh", "after reload"), as one result. */
export function mergePhases(beforeReload, afterReload, label = 'after reload') {
  return mergeRuns(beforeReload, afterReload, { label, empty: `a reload was requested but no test passed ${label}` });
}

/** The trusted bed's result and the untrusted bed's (code-server with Workspace Trust on, folder not trusted), as one. */
export function mergeUntrustedBed(trusted, untrusted) {
  return mergeRuns(trusted, untrusted, { label: 'untrusted workspace', empty: '@untrusted tests were selected but none passed in the untrusted bed' });
}
