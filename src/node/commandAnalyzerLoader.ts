/**
 * Reads the WebAssembly the command analyzer needs (the engine itself does no I/O). Looks beside the
 * running bundle first (esbuild.mjs copies both files into dist/), then in node_modules, so the same
 * code works from dist/cli.js, dist/extension.js and from sources under tsx / mocha.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { CommandAnalyzer } from '../engine/command/analysis';
import { createCommandAnalyzer, type CommandAnalyzerWasm } from '../engine/command/analyzer';

export const WASM_FILES = {
  treeSitterWasm: { file: 'web-tree-sitter.wasm', module: 'web-tree-sitter/web-tree-sitter.wasm' },
  bashGrammarWasm: { file: 'tree-sitter-bash.wasm', module: 'tree-sitter-bash/tree-sitter-bash.wasm' },
} as const;

function resolveFromModules(specifier: string): string | undefined {
  try {
    return require.resolve(specifier);
  } catch {
    // Packages that do not export their .wasm: find the package folder through its package.json.
    try {
      const [pkg, ...rest] = specifier.split('/');
      return join(dirname(require.resolve(`${pkg}/package.json`)), ...rest);
    } catch {
      return undefined;
    }
  }
}

/** Where a wasm file is found: the directories tried, in order. Exported for diagnostics. */
export function locateWasm(file: string, module: string, searchDirs: readonly string[] = [__dirname]): string {
  for (const dir of searchDirs) {
    const candidate = join(dir, file);
    if (existsSync(candidate)) return candidate;
  }
  const fromModules = resolveFromModules(module);
  if (fromModules && existsSync(fromModules)) return fromModules;
  throw new Error(`command analyzer: cannot find ${file} beside the bundle (${searchDirs.join(', ')}) or in node_modules`);
}

export function loadCommandAnalyzerWasm(searchDirs: readonly string[] = [__dirname]): CommandAnalyzerWasm {
  return {
    treeSitterWasm: readFileSync(locateWasm(WASM_FILES.treeSitterWasm.file, WASM_FILES.treeSitterWasm.module, searchDirs)),
    bashGrammarWasm: readFileSync(locateWasm(WASM_FILES.bashGrammarWasm.file, WASM_FILES.bashGrammarWasm.module, searchDirs)),
  };
}

let shared: Promise<CommandAnalyzer> | undefined;

/** One analyzer per process (it is stateless between calls), created on first use. */
export function nodeCommandAnalyzer(): Promise<CommandAnalyzer> {
  shared ??= Promise.resolve()
    .then(() => createCommandAnalyzer(loadCommandAnalyzerWasm()))
    .catch((error: unknown) => {
      shared = undefined;
      throw error;
    });
  return shared;
}
