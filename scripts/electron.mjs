// `npm run test:electron`: the same in-host suite in desktop VS Code via @vscode/test-electron, for
// contributors whose machine can download VS Code (it cannot here: no internet). The webview click test
// skips itself (no browser to drive from outside); everything else runs as under code-server.
// On a Linux machine without a display, run it under xvfb-run.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runTests } from '@vscode/test-electron';
import { buildIntegrationSuite } from './lib/buildIntegration.mjs';
import { run } from './lib/proc.mjs';
import { printResults } from './lib/results.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
// The suite asserts the version it runs in; keep both in step when overriding.
const version = process.env.AGENT_GUARD_VSCODE_VERSION ?? '1.100.3';

await run('node', ['esbuild.mjs'], { cwd: root, quiet: true, capture: true });
const suite = await buildIntegrationSuite(root);
const scratch = mkdtempSync(join(tmpdir(), 'agent-guard-electron-'));
const workspace = join(scratch, 'workspace');
cpSync(join(root, 'test', 'integration', 'workspace'), workspace, { recursive: true });
// A git repository, as under code-server (scripts/integration.mjs copyWorkspace says why).
execFileSync('git', ['init', '--quiet', workspace], { stdio: ['ignore', 'ignore', 'inherit'] });
const resultsFile = join(scratch, 'results.json');

let exitCode = 1;
try {
  await runTests({
    version,
    extensionDevelopmentPath: root,
    extensionTestsPath: suite.index,
    // AGENT_GUARD_STATE_DIR: the recorded audit heads stay in the scratch, not in the developer's ~/.local/state.
    extensionTestsEnv: { AGENT_GUARD_TEST_RESULTS: resultsFile, AGENT_GUARD_EXPECT_VSCODE: version, AGENT_GUARD_STATE_DIR: join(scratch, 'state') },
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes',
      `--user-data-dir=${join(scratch, 'user-data')}`],
  });
  exitCode = 0;
} catch (error) {
  console.error(`test-electron: ${error instanceof Error ? error.message : error}`);
}
// The results file is the verdict: a run that exits 0 without it (or with no passing test) fails.
if (existsSync(resultsFile)) {
  const ok = printResults(JSON.parse(readFileSync(resultsFile, 'utf8')));
  if (!ok) exitCode = 1;
} else {
  console.error('test-electron: the suite wrote no results');
  exitCode = 1;
}
rmSync(scratch, { recursive: true, force: true });
await suite.remove();
process.exit(exitCode);
