/**
 * pytest imports the test files it is given and runs the conftest.py of every directory on their way
 * (https://docs.pytest.org/en/stable/reference/fixtures.html#conftest-py-sharing-fixtures-across-multiple-files),
 * so its test paths are code it executes: `pytest /tmp/evil` runs /tmp/evil/conftest.py.
 */
import type { AnalysisRun } from '../run';
import type { ResolvedWord } from '../words';

/** pytest options whose value is the next word (when not written `--opt=value`). */
const VALUE_OPTIONS = new Set(['-k', '-m', '-p', '-o', '-c', '-W', '-n', '-r', '--rootdir', '--basetemp', '--deselect', '--ignore', '--ignore-glob',
  '--confcutdir', '--junitxml', '--junit-xml', '--durations', '--maxfail', '--tb', '--log-level', '--cov', '--cov-report', '--override-ini',
  '--config-file', '--import-mode', '--capture', '--color', '--dist', '--numprocesses', '--timeout', '--html', '--lf-no-failures']);

/** Where pytest's operands start in argv, or -1 when the command is not pytest. */
function pytestStart(program: string, argv: readonly ResolvedWord[]): number {
  if (program === 'pytest' || program === 'py.test') return 1;
  if (/^python[0-9.]*$/.test(program) && argv[1]?.value === '-m' && argv[2]?.value === 'pytest') return 3;
  return -1;
}

export function pytestPaths(run: AnalysisRun, program: string, argv: readonly ResolvedWord[], index: number): void {
  const start = pytestStart(program, argv);
  if (start < 0) return;
  for (let i = start; i < argv.length; i++) {
    const word = argv[i] as ResolvedWord;
    if (word.value === '--') continue;
    if (word.value.startsWith('-')) {
      if (VALUE_OPTIONS.has(word.value)) i++;
      continue;
    }
    // `tests/test_x.py::TestY::test_z` names a test inside a file.
    run.effect('execute', word.value.replace(/::.*$/, ''), `${program} test path`, index);
  }
}
