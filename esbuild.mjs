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
    outfile: 'dist/cli-main.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    // Fault injection for the fail-closed tests (src/cli/hook/failClosed.ts) is compiled out of releases.
    define: { AGENT_GUARD_PRODUCTION: String(production) },
  },
  // The `agent-guard` executable: the hook's fast path alone; it loads dist/cli-main.js on demand.
  {
    ...common,
    entryPoints: ['src/cli/entry.ts'],
    outfile: 'dist/cli.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    banner: { js: '#!/usr/bin/env node' },
    define: { AGENT_GUARD_PRODUCTION: String(production), AGENT_GUARD_FULL_CLI: JSON.stringify('cli-main.js') },
    metafile: true,
  },
];

/** What the hook's bundle must never carry: its fast path validates nothing and parses nothing. */
const NOT_IN_HOOK = [/node_modules\/zod\//, /node_modules\/web-tree-sitter\//, /node_modules\/tree-sitter-bash\//, /src\/engine\//];

function checkHookBundle(result) {
  const inputs = Object.keys(result.metafile.inputs);
  const leaked = inputs.filter((input) => NOT_IN_HOOK.some((pattern) => pattern.test(input)));
  if (leaked.length > 0) throw new Error(`dist/cli.js (the hook's bundle) must not include: ${leaked.join(', ')}`);
  const bytes = Object.entries(result.metafile.outputs).filter(([file]) => file.endsWith('.js')).reduce((sum, [, output]) => sum + output.bytes, 0);
  console.log(`[esbuild] dist/cli.js: ${inputs.length} inputs, ${bytes} bytes, no zod / tree-sitter / engine`);
}

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
  const results = await Promise.all(builds.map((options) => esbuild.build(options)));
  checkHookBundle(results[results.length - 1]);
}
