/**
 * Entry point VS Code calls inside the extension host (extensionTestsPath). Runs every compiled
 * `*.test.js` next to this file with mocha and writes the results file the runner named in
 * AGENT_GUARD_TEST_RESULTS. Used unchanged by code-server (npm test) and @vscode/test-electron.
 */
import { readdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';
import * as vscode from 'vscode';
import { ENV, type IntegrationResults, type IntegrationTestRecord } from '../support/results';
import { AFTER_RELOAD_TAG, ui, uiAvailable } from '../support/ui';

function record(test: Mocha.Runnable, state: IntegrationTestRecord['state'], error?: Error): IntegrationTestRecord {
  const entry: IntegrationTestRecord = { title: test.fullTitle(), state, durationMs: test.duration ?? 0 };
  if (error) entry.error = { message: String(error.message ?? error), stack: error.stack };
  return entry;
}

function writeResults(results: IntegrationResults): void {
  const target = process.env[ENV.resultsFile];
  if (!target) return; // run by hand: mocha's own reporter output is all there is
  writeFileSync(`${target}.tmp`, JSON.stringify(results, null, 2));
  renameSync(`${target}.tmp`, target); // atomic: the runner never reads half a file
}

/** Phase 2 is the extension host a window reload started; only the runner knows, so it is asked. */
async function currentPhase(): Promise<1 | 2> {
  return uiAvailable() ? (await ui.session()).phase : 1;
}

/**
 * AGENT_GUARD_TEST_GREP (read as mocha reads a string: a regex source, or `/source/flags`) narrowed to the
 * phase: `@after-reload` tests run only after the reload, every other test only before it.
 */
function phaseGrep(phase: 1 | 2, userGrep: string | undefined): RegExp {
  const tag = AFTER_RELOAD_TAG.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const [, source, flags] = userGrep?.match(/^\/(.*)\/([gimy]{0,4})$/) ?? [undefined, userGrep, ''];
  const user = source ? `(?=[\\s\\S]*(?:${source}))` : '';
  return new RegExp(`^${user}(?${phase === 2 ? '=' : '!'}[\\s\\S]*${tag})`, flags?.replace('g', ''));
}

async function runMocha(tests: IntegrationTestRecord[]): Promise<number> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 30_000, color: false, reporter: 'spec' });
  mocha.grep(phaseGrep(await currentPhase(), process.env[ENV.grep]));
  // The smoke suite runs first (it checks the test bed itself); the rest in name order.
  const smokeFirst = (a: string, b: string) => Number(b === 'smoke.test.js') - Number(a === 'smoke.test.js') || a.localeCompare(b);
  for (const file of readdirSync(__dirname).filter((name) => name.endsWith('.test.js')).sort(smokeFirst)) {
    mocha.addFile(join(__dirname, file));
  }
  await mocha.loadFilesAsync();
  return new Promise((resolve) => {
    const runner = mocha.run(resolve);
    runner.on('pass', (test) => tests.push(record(test, 'passed')));
    runner.on('fail', (test, error: Error) => tests.push(record(test, 'failed', error)));
    runner.on('pending', (test) => tests.push(record(test, 'pending')));
  });
}

export async function run(): Promise<void> {
  const started = Date.now();
  const tests: IntegrationTestRecord[] = [];
  let fatal: string | undefined;
  try {
    await runMocha(tests);
  } catch (error) {
    fatal = error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : String(error);
  }
  const count = (state: IntegrationTestRecord['state']) => tests.filter((test) => test.state === state).length;
  const stats = { passes: count('passed'), failures: count('failed'), pending: count('pending'), durationMs: Date.now() - started };
  writeResults({ vscodeVersion: vscode.version, stats, tests, ...(fatal ? { fatal } : {}) });
  if (fatal) throw new Error(`integration suite could not run: ${fatal}`);
  if (stats.failures > 0) throw new Error(`${stats.failures} integration test(s) failed`);
}
