// Lint, including the layer rules of the architecture (docs/architecture.md):
// engine is pure; protocol and webview never reach node or vscode; node never reaches vscode.
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['fs', 'fs/promises', 'child_process', 'net', 'http', 'https', 'dgram', 'os', 'worker_threads', 'cluster', 'tls', 'readline'];
const withNodePrefix = (names) => names.flatMap((n) => [n, `node:${n}`]);

const restrict = (paths, patterns, message) => ({
  'no-restricted-imports': ['error', {
    paths: paths.map((name) => ({ name, message })),
    patterns: patterns.map((group) => ({ group: [group], message })),
  }],
});

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '**/*.mjs', '**/*.js', 'test/integration/workspace/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-eval': 'error',
      'no-new-func': 'error',
    },
  },
  {
    files: ['src/engine/**/*.ts'],
    rules: restrict(['vscode', ...withNodePrefix(nodeBuiltins)], ['**/extension/**', '**/node/**', '**/cli/**', '**/webview/**'],
      'src/engine is pure: no vscode, no I/O. Inject a port instead.'),
  },
  {
    files: ['src/protocol/**/*.ts'],
    rules: restrict(['vscode', ...withNodePrefix(nodeBuiltins)], ['**/extension/**', '**/node/**', '**/cli/**', '**/webview/**'],
      'src/protocol is shared with the webview: types and zod only.'),
  },
  {
    files: ['src/webview/**/*.ts'],
    rules: restrict(['vscode', ...withNodePrefix(nodeBuiltins)], ['**/engine/**', '**/extension/**', '**/node/**', '**/cli/**'],
      'src/webview runs in the browser and may import only src/protocol.'),
  },
  {
    files: ['src/node/**/*.ts', 'src/cli/**/*.ts'],
    rules: restrict(['vscode'], ['**/extension/**', '**/webview/**'],
      'src/node and src/cli run without VS Code.'),
  },
  {
    files: ['test/unit/**/*.ts'],
    rules: restrict(['vscode'], ['**/extension/**'], 'Unit tests run in plain node without VS Code.'),
  },
);
