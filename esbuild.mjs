// Bundles the three entry points: the extension host (node/cjs), the Security panel (browser/iife)
// and the `agent-guard` CLI (node/cjs with a shebang). `--production` minifies; `--watch` rebuilds.
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const requireFromHere = createRequire(import.meta.url);

const common = {
  bundle: true,
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  logLevel: 'info',
  legalComments: 'none',
  // web-tree-sitter's ESM build needs import.meta.url, which a cjs bundle lacks: bundle its cjs build.
  alias: { 'web-tree-sitter': requireFromHere.resolve('web-tree-sitter') },
};

/** @type {esbuild.BuildOptions[]} */
const builds = [
  {
    ...common,
    entryPoints: ['src/extension/main.ts'],
    outfile: 'dist/extension.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
  },
  {
    ...common,
    entryPoints: ['src/webview/main.ts'],
    outfile: 'dist/webview.js',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
  },
  {
    ...common,
    entryPoints: ['src/cli/main.ts'],
    outfile: 'dist/cli.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    banner: { js: '#!/usr/bin/env node' },
    // Fault injection for the fail-closed tests (src/cli/hook/failClosed.ts) is compiled out of releases.
    define: { AGENT_GUARD_PRODUCTION: String(production) },
  },
];

// The command analyzer's WebAssembly (tree-sitter runtime + bash grammar) must sit beside the node
// bundles; src/node/commandAnalyzerLoader.ts looks for it there first.
mkdirSync('dist', { recursive: true });
for (const wasm of ['web-tree-sitter/web-tree-sitter.wasm', 'tree-sitter-bash/tree-sitter-bash.wasm']) {
  copyFileSync(requireFromHere.resolve(wasm), `dist/${wasm.split('/').pop()}`);
}

if (watch) {
  const contexts = await Promise.all(builds.map((options) => esbuild.context(options)));
  await Promise.all(contexts.map((context) => context.watch()));
  console.log('[esbuild] watching for changes');
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
}
