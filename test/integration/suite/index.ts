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
import {
  AFTER_REFRESH_TAG, AFTER_RELOAD_TAG, type RunSession, runPhaseEndActions, stageTag, ui, UNTRUSTED_TAG, uiAvailable,
} from '../support/ui';

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

type Bed = Pick<RunSession, 'phase' | 'bed' | 'stage'>;

/** Which code-server (bed) and which extension host of it (stage: the first, or one a reload started); only the runner knows, so it is asked. */
async function currentBed(): Promise<Bed> {
  return uiAvailable() ? await ui.session() : { phase: 1, bed: 'trusted', stage: 'initial' };
}

const RELOAD_TAGS = [AFTER_REFRESH_TAG, AFTER_RELOAD_TAG];

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * AGENT_GUARD_TEST_GREP (read as mocha reads a string: a regex source, or `/source/flags`) narrowed to
 * the titles that carry `include` (if given) and none of `exclude`.
 */
function tagGrep(userGrep: string | undefined, include: string | undefined, exclude: readonly string[]): RegExp {
  const [, source, flags] = userGrep?.match(/^\/(.*)\/([gimy]{0,4})$/) ?? [undefined, userGrep, ''];
  const user = source ? `(?=[\\s\\S]*(?:${source}))` : '';
  const wanted = include ? `(?=[\\s\\S]*${escapeRegExp(include)})` : '';
  const unwanted = exclude.map((tag) => `(?![\\s\\S]*${escapeRegExp(tag)})`).join('');
  return new RegExp(`^${user}${wanted}${unwanted}`, flags?.replace('g', ''));
}

/**
 * Which tests this extension host runs: the untrusted bed only `@untrusted` tests; in the trusted bed,
 * `@after-refresh` tests only after the browser refresh, `@after-reload` tests only after the window
 * reload, and every other test (except `@untrusted`) before them.
 */
function bedGrep({ bed, stage }: Bed, userGrep: string | undefined): RegExp {
  if (bed === 'untrusted') return tagGrep(userGrep, UNTRUSTED_TAG, RELOAD_TAGS);
  const tag = stageTag(stage);
  return tag ? tagGrep(userGrep, tag, [UNTRUSTED_TAG]) : tagGrep(userGrep, undefined, [...RELOAD_TAGS, UNTRUSTED_TAG]);
}

function countTests(suite: Mocha.Suite, grep: RegExp): number {
  return suite.tests.filter((test) => grep.test(test.fullTitle())).length + suite.suites.reduce((sum, child) => sum + countTests(child, grep), 0);
}

/** Runs this bed's tests; in the trusted bed's phase 1 also counts the `@untrusted` tests held back for the other bed. */
async function runMocha(tests: IntegrationTestRecord[]): Promise<{ untrustedTests?: number }> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 30_000, color: false, reporter: 'spec' });
  const bed = await currentBed();
  const userGrep = process.env[ENV.grep];
  mocha.grep(bedGrep(bed, userGrep));
  // The smoke suite runs first (it checks the test bed itself); the rest in name order.
  const smokeFirst = (a: string, b: string) => Number(b === 'smoke.test.js') - Number(a === 'smoke.test.js') || a.localeCompare(b);
  for (const file of readdirSync(__dirname).filter((name) => name.endsWith('.test.js')).sort(smokeFirst)) {
    mocha.addFile(join(__dirname, file));
  }
  await mocha.loadFilesAsync();
  const held = bed.bed === 'trusted' && bed.phase === 1
    ? { untrustedTests: countTests(mocha.suite, tagGrep(userGrep, UNTRUSTED_TAG, RELOAD_TAGS)) } : {};
  return new Promise((resolve) => {
    const runner = mocha.run(() => resolve(held));
    runner.on('pass', (test) => tests.push(record(test, 'passed')));
    runner.on('fail', (test, error: Error) => tests.push(record(test, 'failed', error)));
    runner.on('pending', (test) => tests.push(record(test, 'pending')));
  });
}

export async function run(): Promise<void> {
  const started = Date.now();
  const tests: IntegrationTestRecord[] = [];
  let fatal: string | undefined;
  let held: { untrustedTests?: number } = {};
  try {
    held = await runMocha(tests);
    for (const { name, error } of await runPhaseEndActions()) {
      tests.push({ title: `phase end: ${name}`, state: 'failed', durationMs: 0, error: { message: error.message, stack: error.stack } });
    }
  } catch (error) {
    fatal = error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : String(error);
  }
  const count = (state: IntegrationTestRecord['state']) => tests.filter((test) => test.state === state).length;
  const stats = { passes: count('passed'), failures: count('failed'), pending: count('pending'), durationMs: Date.now() - started };
  writeResults({ vscodeVersion: vscode.version, stats, tests, ...held, ...(fatal ? { fatal } : {}) });
  if (fatal) throw new Error(`integration suite could not run: ${fatal}`);
  if (stats.failures > 0) throw new Error(`${stats.failures} integration test(s) failed`);
}
