// `npm run test:integration`: runs test/integration/suite inside a real VS Code 1.100.3 (code-server)
// shown in headless chromium, and serves the UI control channel the suite uses to click the webviews.
// Pass/fail comes from the results file the suite writes. Whatever happens (failure, timeout, Ctrl-C)
// the browser, code-server and the temporary folders are removed; only processes started here are killed.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureAgentClis } from './lib/agentClis.mjs';
import { launchBrowser } from './lib/browser.mjs';
import { buildIntegrationSuite } from './lib/buildIntegration.mjs';
import { startCodeServer } from './lib/codeServer.mjs';
import { mergePhases, mergeUntrustedBed, printResults } from './lib/results.mjs';
import { run, seconds } from './lib/proc.mjs';
import { RELOADS, newSession, refreshBrowser, reloadWindow, startUiControl } from './lib/uiControl.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
// Per phase. The trusted bed's first phase takes about 3 min on an idle 2-core machine; the bound only turns a hang into a failure.
const timeoutMs = Number(process.env.AGENT_GUARD_INTEGRATION_TIMEOUT_MS ?? 480_000);
const resultsDir = join(root, 'test-results');
const cleanups = [];

async function cleanup() {
  while (cleanups.length) await cleanups.pop()().catch((error) => console.error(`cleanup: ${error.message}`));
}

function onSignal(signal) {
  console.error(`\n${signal}: stopping the browser and code-server`);
  cleanup().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
}

async function waitForResults(resultsFile, serverOutput) {
  const deadline = Date.now() + timeoutMs;
  while (!existsSync(resultsFile)) {
    if (Date.now() > deadline) {
      throw new Error(`no results after ${seconds(timeoutMs)} (set AGENT_GUARD_INTEGRATION_TIMEOUT_MS to wait longer)\n`
        + `last code-server output:\n${serverOutput.slice(-20).join('\n')}`);
    }
    // Polled often: a reload then follows the phase's last write (atPhaseEnd in support/ui.ts) within milliseconds.
    await new Promise((done) => setTimeout(done, 10));
  }
  return JSON.parse(readFileSync(resultsFile, 'utf8'));
}

/**
 * When phase-1 tests asked for reloads (ui.workbench.requestReload), does each kind once, in RELOADS order:
 * a browser refresh (page.reload(); first, when asked, after the SecretStorage saves a test named, see
 * refreshBrowser) and/or VS Code's own Developer: Reload Window (see reloadWindow). Each time VS Code
 * starts a new extension host, which calls the suite's run() again, learns its phase and stage from the
 * control channel and runs only the tests tagged for it. No results in time fails the run.
 */
async function reloadPhases({ page, session, resultsFile, serverOutput, beforeReload }) {
  let results = beforeReload;
  for (const reload of RELOADS.filter(({ how }) => session.requested.has(how))) {
    renameSync(resultsFile, `${resultsFile}.phase${session.phase}`);
    console.log(`phase ${session.phase} done (${results.stats.passes} passing so far); ${reload.how === 'browser' ? 'refreshing the browser page' : 'reloading the window'} for: ${Object.keys(session.handovers).join(', ')}`);
    session.phase += 1;
    session.stage = reload.how;
    await (reload.how === 'browser' ? refreshBrowser(page, { afterSecretSaves: session.refreshAfterSecretSaves }) : reloadWindow(page));
    results = mergePhases(results, await waitForResults(resultsFile, serverOutput), reload.label);
  }
  return results;
}

/**
 * A fresh copy of the workspace fixture `folder` (test/integration/<folder>) under `scratch`, made a git
 * repository as the projects developers open are: the hook run without VS Code only counts a folder with
 * a `.git` or a committed policy as a workspace (src/node/workspaceRoot.ts).
 */
function copyWorkspace(scratch, folder) {
  const workspace = join(scratch, folder);
  cpSync(join(root, 'test', 'integration', folder), workspace, { recursive: true });
  execFileSync('git', ['init', '--quiet', workspace], { stdio: ['ignore', 'ignore', 'inherit'] });
  return workspace;
}

/**
 * One code-server ("bed") with its own workspace copy, profile and results file, shown in a new page of
 * the shared browser. Runs the suite there (with the reload phases in the trusted bed), writes the bed's
 * logs and stops its code-server. Returns the bed's results.
 */
async function runBed({ name, folder, settings, scratch, browser, control, session, suiteIndex, started }) {
  const workspace = copyWorkspace(scratch, folder);
  const resultsFile = join(scratch, `results-${name}.json`);
  const server = await startCodeServer({
    workspace, settings, logPrefix: `[code-server ${name}]`,
    env: {
      AGENT_GUARD_TEST_RESULTS: resultsFile, AGENT_GUARD_UI_CONTROL: control.url, AGENT_GUARD_UI_TOKEN: control.token,
      // The recorded audit heads of the test logs go to the run's scratch, not the developer's own ~/.local/state.
      AGENT_GUARD_STATE_DIR: join(scratch, `state-${name}`),
    },
  });
  cleanups.push(server.stop);
  const page = await browser.context.newPage();
  control.setPage(page);
  const consoleLines = [];
  page.on('console', (message) => consoleLines.push(`[${message.type()}] ${message.text()}`));
  page.on('pageerror', (error) => consoleLines.push(`[pageerror] ${error.message}`));
  const remote = (path) => `vscode-remote://127.0.0.1:${server.port}${path}`;
  const url = server.workbenchUrl([
    ['extensionDevelopmentPath', remote(root)],
    ['extensionTestsPath', remote(suiteIndex)],
    ['skipWelcome', 'true'],
  ]);
  console.log(`code-server (${name} bed) ${server.origin} ready after ${seconds(Date.now() - started)}; running the suite`);
  const logName = name === 'trusted' ? 'integration' : `integration-${name}`;
  try {
    await page.goto(url);
    const first = await waitForResults(resultsFile, server.output);
    return name === 'trusted' ? await reloadPhases({ page, session, resultsFile, serverOutput: server.output, beforeReload: first }) : first;
  } finally {
    writeFileSync(join(resultsDir, `${logName}-browser-console.log`), consoleLines.join('\n'));
    writeFileSync(join(resultsDir, `${logName}-code-server.log`), server.output.join('\n'));
    await page.close().catch(() => {});
    await server.stop();
  }
}

/**
 * The untrusted bed: a second code-server with Workspace Trust on, no startup prompt and a fresh profile,
 * so the folder it opens (a copy of test/integration/workspace-untrusted, with a committed policy) is not
 * trusted. Only `@untrusted` tests run there; they fail if VS Code calls the folder trusted after all.
 */
const UNTRUSTED_SETTINGS = {
  'security.workspace.trust.enabled': true,
  // 'never': no modal on start; the tests decide whether and when trust is granted (in the real trust editor).
  'security.workspace.trust.startupPrompt': 'never',
};

async function main() {
  const started = Date.now();
  await run('node', ['esbuild.mjs'], { cwd: root, quiet: true, capture: true });
  const suite = await buildIntegrationSuite(root);
  // suite/realAgents.test.ts (opt-in) runs the pinned agent CLIs from the test-bed cache: installed there
  // on first use (as `npm run test:agents` does), a stamp check when cached. Not needed when it is skipped.
  if (process.env.AGENT_GUARD_REAL_AGENTS_IT === '1') await ensureAgentClis();
  cleanups.push(suite.remove);
  const scratch = mkdtempSync(join(tmpdir(), 'agent-guard-it-'));
  cleanups.push(async () => rmSync(scratch, { recursive: true, force: true }));
  mkdirSync(resultsDir, { recursive: true });

  const session = newSession();
  const control = await startUiControl({ resultsDir, session, log: (line) => process.env.AGENT_GUARD_VERBOSE && console.log(`[ui] ${line}`) });
  cleanups.push(control.close);
  const browser = await launchBrowser();
  cleanups.push(browser.close); // its first (blank) page stays open: each bed opens and closes its own
  const bed = { scratch, browser, control, session, suiteIndex: suite.index, started };

  let results = await runBed({ ...bed, name: 'trusted', folder: 'workspace', settings: {} });
  if (results.untrustedTests > 0) {
    const untrustedStarted = Date.now();
    session.bed = 'untrusted';
    const untrusted = await runBed({ ...bed, name: 'untrusted', folder: 'workspace-untrusted', settings: UNTRUSTED_SETTINGS, started: untrustedStarted });
    console.log(`untrusted bed: ${untrusted.stats.passes} passing, ${untrusted.stats.failures} failing in ${seconds(Date.now() - untrustedStarted)}`);
    results = mergeUntrustedBed(results, untrusted);
  } else {
    console.log('untrusted bed skipped: no @untrusted test selected');
  }
  const ok = printResults(results);
  console.log(`integration: ${ok ? 'passed' : 'FAILED'} in ${seconds(Date.now() - started)} (logs in test-results/)`);
  return ok ? 0 : 1;
}

process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);
let exitCode = 1;
try {
  exitCode = await main();
} catch (error) {
  console.error(`integration: FAILED: ${error instanceof Error ? error.message : error}`);
} finally {
  await cleanup();
}
process.exit(exitCode);
