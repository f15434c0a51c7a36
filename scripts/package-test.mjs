// `npm run test:package`: the .vsix as a user gets it. Builds it (`npm run package`), checks its files
// against an explicit allow-list, installs it into a fresh code-server profile with code-server's own
// --install-extension, and runs test/package/suite against that installed copy inside the real VS Code
// (the development extension is an empty host, so the only Agent Guard loaded is the installed one).
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchBrowser } from './lib/browser.mjs';
import { buildIntegrationSuite } from './lib/buildIntegration.mjs';
import { startCodeServer } from './lib/codeServer.mjs';
import { checkPackageContents } from './lib/packageContents.mjs';
import { run, seconds } from './lib/proc.mjs';
import { printResults } from './lib/results.mjs';
import { newSession, startUiControl } from './lib/uiControl.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { name, version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const vsix = join(root, `${name}-${version}.vsix`);
const resultsDir = join(root, 'test-results');
const timeoutMs = Number(process.env.AGENT_GUARD_INTEGRATION_TIMEOUT_MS ?? 180_000);
const cleanups = [];

async function waitForResults(file, output) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return JSON.parse(readFileSync(file, 'utf8'));
    } catch {
      if (Date.now() > deadline) throw new Error(`no results after ${seconds(timeoutMs)}\nlast code-server output:\n${output.slice(-20).join('\n')}`);
      await new Promise((done) => setTimeout(done, 100));
    }
  }
}

async function main() {
  const started = Date.now();
  await run('node', [join(root, 'scripts', 'package.mjs')], { cwd: root });
  const problems = await checkPackageContents(vsix);
  if (problems.length > 0) throw new Error(`the .vsix holds what it should not, or lacks what it must:\n  ${problems.join('\n  ')}`);
  console.log('package contents: every file on the allow-list, nothing missing, no secret found');

  const suite = await buildIntegrationSuite(root, { testsDir: join(root, 'test', 'package', 'suite') });
  cleanups.push(suite.remove);
  const scratch = mkdtempSync(join(tmpdir(), 'agent-guard-pkg-'));
  cleanups.push(async () => rmSync(scratch, { recursive: true, force: true }));
  const workspace = join(scratch, 'workspace');
  mkdirSync(workspace);
  writeFileSync(join(workspace, 'README.md'), '# a project an installed Agent Guard guards\n');
  const host = join(root, 'test', 'package', 'host');
  mkdirSync(resultsDir, { recursive: true });

  const session = newSession();
  const control = await startUiControl({ resultsDir, session });
  cleanups.push(control.close);
  const resultsFile = join(scratch, 'results.json');
  const server = await startCodeServer({
    workspace, installExtensions: [vsix], logPrefix: '[code-server package]',
    env: { AGENT_GUARD_TEST_RESULTS: resultsFile, AGENT_GUARD_UI_CONTROL: control.url, AGENT_GUARD_UI_TOKEN: control.token },
  });
  cleanups.push(server.stop);
  const browser = await launchBrowser();
  cleanups.push(browser.close);
  const page = await browser.context.newPage();
  control.setPage(page);
  const remote = (path) => `vscode-remote://127.0.0.1:${server.port}${path}`;
  await page.goto(server.workbenchUrl([
    ['extensionDevelopmentPath', remote(host)],
    ['extensionTestsPath', remote(suite.index)],
    ['skipWelcome', 'true'],
  ]));
  const results = await waitForResults(resultsFile, server.output);
  writeFileSync(join(resultsDir, 'package-code-server.log'), server.output.join('\n'));
  const ok = printResults(results);
  console.log(`package: ${ok ? 'passed' : 'FAILED'} in ${seconds(Date.now() - started)}`);
  return ok ? 0 : 1;
}

let exitCode = 1;
try {
  exitCode = await main();
} catch (error) {
  console.error(`package: FAILED: ${error instanceof Error ? error.message : error}`);
} finally {
  while (cleanups.length) await cleanups.pop()().catch((error) => console.error(`cleanup: ${error.message}`));
}
process.exit(exitCode);
