// `npm test`: bootstrap (system packages, npm deps, code-server test bed), then
// typecheck → lint → unit → build → windows bridge (wine) → agents → integration → installed package, failing fast and timing each stage.
// Works on a fresh clone with nothing installed; CI (`bash .ci/run`) calls exactly this.
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureNodeModules, ensureSystemPackages } from './lib/bootstrap.mjs';
import { ensureCodeServer } from './lib/codeServer.mjs';
import { run, seconds } from './lib/proc.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const npmScript = (name) => () => run('npm', ['run', '--silent', name], { cwd: root });

const stages = [
  ['bootstrap: system packages', () => ensureSystemPackages()],
  ['bootstrap: npm dependencies', async () => console.log(await ensureNodeModules(root))],
  ['bootstrap: code-server test bed', async () => console.log(await ensureCodeServer())],
  ['typecheck', npmScript('typecheck')],
  ['lint', npmScript('lint')],
  ['unit', npmScript('test:unit')],
  ['build', npmScript('build')],
  // The hook bridge's named pipe, with Windows node under wine (installed and cached on first use).
  ['windows bridge (wine)', npmScript('test:windows')],
  // The real agent CLIs (pinned, cached like code-server) drive the hook offline against a scripted model.
  // Before integration: its hook-health test reads the same cached CLIs.
  ['agents (real CLIs)', npmScript('test:agents')],
  ['integration', npmScript('test:integration')],
  // Last: it replaces dist/ with the production build it packages, then tests the installed .vsix.
  ['package (installed .vsix)', npmScript('test:package')],
];

const timings = [];
let failed;
for (const [name, body] of stages) {
  console.log(`\n=== ${name} ===`);
  const started = Date.now();
  try {
    await body();
    timings.push([name, Date.now() - started, 'ok']);
  } catch (error) {
    timings.push([name, Date.now() - started, 'FAILED']);
    failed = { name, error };
    break;
  }
}

console.log('\n=== summary ===');
for (const [name, ms, state] of timings) console.log(`${state.padEnd(6)} ${name.padEnd(32)} ${seconds(ms).padStart(8)}`);
console.log(`total ${seconds(timings.reduce((sum, [, ms]) => sum + ms, 0))}`);
if (failed) {
  console.error(`\nnpm test: stage "${failed.name}" failed: ${failed.error instanceof Error ? failed.error.message : failed.error}`);
  process.exit(1);
}
console.log('\nnpm test: all stages passed');
