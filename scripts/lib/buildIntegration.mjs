// Compiles the in-host integration suite (test/integration/suite/*.ts) to a fresh out/integration-XXXX/
// per run, so concurrent runs in one checkout never delete each other's suite. Each file is its own cjs
// bundle; `vscode` comes from the extension host and mocha from the checkout's node_modules.
import * as esbuild from 'esbuild';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/** Returns { index, remove() }: the compiled suite entry and a function deleting this run's output. */
export async function buildIntegrationSuite(root) {
  const suiteDir = join(root, 'test', 'integration', 'suite');
  mkdirSync(join(root, 'out'), { recursive: true });
  const outdir = mkdtempSync(join(root, 'out', 'integration-'));
  const entryPoints = readdirSync(suiteDir).filter((name) => name.endsWith('.ts')).map((name) => join(suiteDir, name));
  await esbuild.build({
    entryPoints, outdir, bundle: true, platform: 'node', format: 'cjs', target: 'node20', sourcemap: 'inline',
    external: ['vscode', 'mocha'], logLevel: 'warning',
  });
  return { index: join(outdir, 'index.js'), remove: async () => rmSync(outdir, { recursive: true, force: true }) };
}
