// Compiles the in-host integration suite (test/integration/suite/*.ts) to out/integration/*.js.
// Each file is its own cjs bundle; `vscode` comes from the extension host and mocha from node_modules.
import * as esbuild from 'esbuild';
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

export async function buildIntegrationSuite(root) {
  const suiteDir = join(root, 'test', 'integration', 'suite');
  const outdir = join(root, 'out', 'integration');
  rmSync(outdir, { recursive: true, force: true });
  const entryPoints = readdirSync(suiteDir).filter((name) => name.endsWith('.ts')).map((name) => join(suiteDir, name));
  await esbuild.build({
    entryPoints, outdir, bundle: true, platform: 'node', format: 'cjs', target: 'node20', sourcemap: 'inline',
    external: ['vscode', 'mocha'], logLevel: 'warning',
  });
  return join(outdir, 'index.js');
}
