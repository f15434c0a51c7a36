// `npm run test:integration`: runs test/integration/suite inside a real VS Code 1.100.3 (code-server)
// shown in headless chromium, and serves the UI control channel the suite uses to click the webviews.
// Pass/fail comes from the results file the suite writes. Whatever happens (failure, timeout, Ctrl-C)
// the browser, code-server and the temporary folders are removed; only processes started here are killed.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchBrowser } from './lib/browser.mjs';
import { buildIntegrationSuite } from './lib/buildIntegration.mjs';
import { startCodeServer } from './lib/codeServer.mjs';
import { mergePhases, printResults } from './lib/results.mjs';
import { run, seconds } from './lib/proc.mjs';
import { newSession, reloadWindow, startUiControl } from './lib/uiControl.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const timeoutMs = Number(process.env.AGENT_GUARD_INTEGRATION_TIMEOUT_MS ?? 180_000);
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
    await new Promise((done) => setTimeout(done, 200));
  }
  return JSON.parse(readFileSync(resultsFile, 'utf8'));
}

/**
 * When a phase-1 test asked for a window reload (ui.workbench.requestReload), reloads the window with VS
 * Code's own Developer: Reload Window (see reloadWindow); VS Code starts a new extension host, which calls
 * the suite's run() again, learns from the control channel that this is phase 2 and runs only the
 * `@after-reload` tests. No phase-2 result in time fails the run.
 */
async function reloadPhase({ page, session, resultsFile, serverOutput, beforeReload }) {
  if (!session.reloadRequested()) return beforeReload;
  renameSync(resultsFile, `${resultsFile}.phase1`);
  session.phase = 2;
  console.log(`phase 1 done (${beforeReload.stats.passes} passing); reloading the window for: ${Object.keys(session.handovers).join(', ')}`);
  await reloadWindow(page);
  return mergePhases(beforeReload, await waitForResults(resultsFile, serverOutput));
}

async function main() {
  const started = Date.now();
  await run('node', ['esbuild.mjs'], { cwd: root, quiet: true, capture: true });
  const suite = await buildIntegrationSuite(root);
  cleanups.push(suite.remove);
  const scratch = mkdtempSync(join(tmpdir(), 'agent-guard-it-'));
  cleanups.push(async () => rmSync(scratch, { recursive: true, force: true }));
  const workspace = join(scratch, 'workspace');
  cpSync(join(root, 'test', 'integration', 'workspace'), workspace, { recursive: true });
  const resultsFile = join(scratch, 'results.json');
  mkdirSync(resultsDir, { recursive: true });

  let page;
  const session = newSession();
  const control = await startUiControl({ getPage: () => page, resultsDir, session, log: (line) => process.env.AGENT_GUARD_VERBOSE && console.log(`[ui] ${line}`) });
  cleanups.push(control.close);
  const server = await startCodeServer({
    workspace,
    env: { AGENT_GUARD_TEST_RESULTS: resultsFile, AGENT_GUARD_UI_CONTROL: control.url, AGENT_GUARD_UI_TOKEN: control.token },
  });
  cleanups.push(server.stop);
  const browser = await launchBrowser();
  cleanups.push(browser.close);
  page = browser.page;
  const consoleLines = [];
  page.on('console', (message) => consoleLines.push(`[${message.type()}] ${message.text()}`));
  page.on('pageerror', (error) => consoleLines.push(`[pageerror] ${error.message}`));

  const remote = (path) => `vscode-remote://127.0.0.1:${server.port}${path}`;
  const url = server.workbenchUrl([
    ['extensionDevelopmentPath', remote(root)],
    ['extensionTestsPath', remote(suite.index)],
    ['skipWelcome', 'true'],
  ]);
  console.log(`code-server ${server.origin} ready after ${seconds(Date.now() - started)}; running the suite`);
  await page.goto(url);
  let results;
  try {
    const beforeReload = await waitForResults(resultsFile, server.output);
    results = await reloadPhase({ page, session, resultsFile, serverOutput: server.output, beforeReload });
  } finally {
    writeFileSync(join(resultsDir, 'integration-browser-console.log'), consoleLines.join('\n'));
    writeFileSync(join(resultsDir, 'integration-code-server.log'), server.output.join('\n'));
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
