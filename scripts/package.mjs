// `npm run package`: production build (minified, no sourcemaps) into a clean dist/, then `vsce package`
// into a .vsix holding only what .vscodeignore lets in. Prints the file list and the size.
import { readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureNodeModules } from './lib/bootstrap.mjs';
import { run, stage } from './lib/proc.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { name, version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const vsix = join(root, `${name}-${version}.vsix`);

await stage('bootstrap', async () => console.log(await ensureNodeModules(root)));
await stage('production build', async () => {
  rmSync(join(root, 'dist'), { recursive: true, force: true }); // no stale dev bundles or maps
  await run('node', ['esbuild.mjs', '--production'], { cwd: root });
});
await stage('vsce package', async () => {
  // Everything the extension needs is bundled by esbuild, so node_modules stays out. The packaged README is
  // the user's (README.user.md); its relative image links point at screenshots packaged beside it, so
  // they stay relative (there is no public repository URL to rewrite them to).
  await run('npx', ['vsce', 'package', '--no-dependencies', '--allow-missing-repository', '--no-rewrite-relative-links',
    '--readme-path', 'README.user.md', '--changelog-path', 'CHANGELOG.md', '--out', vsix], { cwd: root });
});
const { stdout } = await run('npx', ['vsce', 'ls', '--no-dependencies'], { cwd: root, capture: true, quiet: true });
console.log(`\ncontents:\n${stdout.trim().split('\n').map((line) => `  ${line}`).join('\n')}`);
console.log(`\n${vsix}: ${(statSync(vsix).size / 1024).toFixed(1)} KiB`);
