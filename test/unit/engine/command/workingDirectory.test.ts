/**
 * A `cd` moves every later command of the line into another directory, and many allowed programs run
 * that directory's own code: `npm test` its package.json scripts, `make` its Makefile, `pytest` its
 * conftest.py, `eslint`/`jest` their config files, `git` its .git/config (core.fsmonitor, core.pager).
 * So the directory a line changes to is judged like a program path it executes: outside the workspace
 * it asks, exactly as `npm test --prefix /tmp/x` or `make -f /tmp/x.mk` would.
 * Sources: npm-run-script(1) (scripts run from the package in the current directory), git-config(1)
 * core.fsmonitor / core.pager, pytest "conftest.py: local per-directory plugins", GNU make "What Name
 * to Give Your Makefile", the Claude Code advisories on commands run after `cd` out of the project.
 */
import { strict as assert } from 'node:assert';
import { loadAnalyzer } from './analyzerFixture';
import { judgeCorpus } from '../../../support/commandCorpus';
import { runCases, type Case } from './caseTable';

const cases: Case[] = [
  { line: 'cd /tmp/evil && npm test', commands: ['cd /tmp/evil', 'npm test'], someEffects: ['execute:/tmp/evil'] },
  { line: 'cd src && npm test', commands: ['cd src', 'npm test'], someEffects: ['execute:src'] },
  { line: 'cd a && cd b && make', commands: ['cd a', 'cd b', 'make'], someEffects: ['execute:a/b'] },
  { line: 'cd /tmp && ls && cat x', commands: ['cd /tmp', 'ls', 'cat x'], effects: ['read:/tmp/x'] },
];
runCases('cd: the directory later commands run in', cases);

/** Judges each line under the balanced template; every one must be allowed (or, with `allowed` false, must not). */
async function expectAllowed(lines: readonly string[], allowed: boolean): Promise<void> {
  const verdicts = judgeCorpus(await loadAnalyzer(), lines.map((command) => ({ command, category: 't', source: 't' })));
  for (const v of verdicts) assert.equal(v.decision === 'allow', allowed, `${v.command} -> ${v.decision} (${v.reason})`);
}

describe('cd out of the workspace, then an allowed program (balanced template)', () => {
  before(loadAnalyzer);
  const outside = ['cd /tmp/evil && npm test', 'cd /tmp/evil && make', 'cd /tmp/evil && eslint .', 'cd /tmp/evil && pytest',
    'cd /tmp/evil; cargo build', 'cd ~/other && npx jest', 'cd .. && npm test', 'cd ../.. && git status', '(cd /opt/x && npm run build)',
    'cd && npm test', 'pushd /tmp/evil && npm test', 'cd /tmp/evil/sub && git log'];
  const inside = ['cd .. && ls', 'cd /tmp && ls -la', 'cd src && npm test', 'cd packages/app && npm run build', 'cd test && pytest', 'cd docs && ls', 'cd src/.. && make'];
  it('asks when the line moves outside the workspace before running anything', () => expectAllowed(outside, false));
  it('still allows moving within the workspace', () => expectAllowed(inside, true));
  // The same move, spelled as an option of the program (or pytest's test paths, whose conftest.py it runs).
  const elsewhere = ['npm test --prefix /tmp/evil', 'npm --prefix=/tmp/evil run build', 'npm -C /tmp/evil test', 'pnpm -C /tmp/evil test',
    'pnpm --dir /tmp/evil build', 'yarn --cwd /tmp/evil test', 'bun --cwd /tmp/evil test', 'pytest --rootdir=/tmp/evil', 'pytest /tmp/evil',
    'pytest -q /tmp/evil/tests', 'python3 -m pytest /tmp/evil', 'tsc -p /tmp/evil/tsconfig.json', 'tsc --project /tmp/evil',
    'git --git-dir=/tmp/evil/.git log', 'git --work-tree=/tmp/evil status', 'mvn -f /tmp/evil/pom.xml test', 'gradle -p /tmp/evil build',
    'go -C /tmp/evil test ./...'];
  const here = ['npm test --prefix packages/app', 'pytest tests/unit', 'pytest -k "slow and not db"', 'python3 -m pytest tests',
    'tsc -p tsconfig.build.json', 'git --git-dir=.git log', 'mvn test', 'gradle build'];
  it('asks when an option points the program at a project outside the workspace', () => expectAllowed(elsewhere, false));
  it('still allows those options inside the workspace', () => expectAllowed(here, true));
});
