import { strict as assert } from 'node:assert';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCommandAnalyzer } from '../../../src/engine/command/analyzer';
import { loadCommandAnalyzerWasm, locateWasm, WASM_FILES } from '../../../src/node/commandAnalyzerLoader';

describe('command analyzer loader', () => {
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'ag-wasm-')); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('prefers the copy beside the bundle', () => {
    writeFileSync(join(dir, WASM_FILES.bashGrammarWasm.file), 'x');
    assert.equal(locateWasm(WASM_FILES.bashGrammarWasm.file, WASM_FILES.bashGrammarWasm.module, [dir]), join(dir, WASM_FILES.bashGrammarWasm.file));
  });

  it('falls back to node_modules when running from sources', () => {
    const found = locateWasm(WASM_FILES.treeSitterWasm.file, WASM_FILES.treeSitterWasm.module, [dir]);
    assert.match(found, /node_modules[\\/]web-tree-sitter[\\/]web-tree-sitter\.wasm$/);
  });

  it('says where it looked when the wasm is nowhere', () => {
    assert.throws(() => locateWasm('missing.wasm', 'no-such-package-xyz/missing.wasm', [dir]), (error: Error) => error.message.includes(dir) && error.message.includes('missing.wasm'));
  });

  it('loads a working analyzer from a dist-like folder', async () => {
    for (const { file, module } of Object.values(WASM_FILES)) copyFileSync(require.resolve(module), join(dir, file));
    const analyzer = await createCommandAnalyzer(loadCommandAnalyzerWasm([dir]));
    assert.deepEqual(analyzer.analyze('ls && rm -rf x').commands.map((c) => c.program), ['ls', 'rm']);
  });
});
