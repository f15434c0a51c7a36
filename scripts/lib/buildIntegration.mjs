// Compiles the in-host integration suite (test/integration/suite/*.ts) to a fresh out/integration-XXXX/
// per run, so concurrent runs in one checkout never delete each other's suite. Each file is its own cjs
// bundle; `vscode` comes from the extension host and mocha from the checkout's node_modules.
import * as esbuild from 'esbuild';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';

/** Returns { index, remove() }: the compiled suite entry and a function deleting this run's output. */
export async function buildIntegrationSuite(root, { testsDir } = {}) {
  const suiteDir = join(root, 'test', 'integration', 'suite');
  mkdirSync(join(root, 'out'), { recursive: true });
  const outdir = mkdtempSync(join(root, 'out', 'integration-'));
  const ts = (dir) => readdirSync(dir).filter((name) => name.endsWith('.ts')).map((name) => join(dir, name));
  // Another set of tests (testsDir) runs under the same suite entry (index.ts runs every *.test.js beside it).
  // Flat output (esbuild would otherwise keep the folders below their common ancestor).
  const entryPoints = (testsDir ? [join(suiteDir, 'index.ts'), ...ts(testsDir)] : ts(suiteDir))
    .map((file) => ({ in: file, out: basename(file, '.ts') }));
  await esbuild.build({
    entryPoints, outdir, bundle: true, platform: 'node', format: 'cjs', target: 'node20', sourcemap: 'inline',
    external: ['vscode', 'mocha'], logLevel: 'warning',
  });
  return { index: join(outdir, 'index.js'), remove: async () => rmSync(outdir, { recursive: true, force: true }) };
}
