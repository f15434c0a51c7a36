/**
 * The raw tree copy (src/engine/command/rawCopy.ts) calls web-tree-sitter's internal exports to skip
 * its per-call marshalling. It must produce exactly the tree the public cursor API produces, on every
 * input the analyzer may see: the corpora of the other tests and random, mutated and binary strings.
 */
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { Language, Parser } from 'web-tree-sitter';
import { runtimeRawCopier, treeCopyKind } from '../../../../src/engine/command/analyzer';
import { rawTreeCopier, sameTree, type RawTreeCopier } from '../../../../src/engine/command/rawCopy';
import { copyTree } from '../../../../src/engine/command/syntax';
import { loadCommandAnalyzerWasm } from '../../../../src/node/commandAnalyzerLoader';
import { BENIGN_COMMANDS } from '../evaluate/benignCommands';
import { BYPASS_CASES } from '../evaluate/bypassCommands';
import { loadAnalyzer } from './analyzerFixture';

const ALPHABET = [...'abcrmx -/.\\\'"`$(){}[]|&;<>!*?#=~\n\té€😀', '$(', '${IFS}', '<<EOF\n', '\nEOF', 'bash -c ', "$'\\x72'", '| sh', '&&', 'case x in a) ;; esac', '((1+2))'];
const shellish = fc.array(fc.constantFrom(...ALPHABET), { maxLength: 80 }).map((parts) => parts.join(''));

describe('command analyzer: raw tree copy', () => {
  let parser: Parser;
  let raw: RawTreeCopier;

  before(async () => {
    await loadAnalyzer();
    const copier = runtimeRawCopier();
    assert.ok(copier, 'the tree-sitter runtime exposes the exports the raw copy needs');
    raw = copier;
    parser = new Parser();
    parser.setLanguage(await Language.load(loadCommandAnalyzerWasm().bashGrammarWasm));
  });

  function assertSameCopy(line: string): void {
    const tree = parser.parse(line);
    assert.ok(tree);
    try {
      assert.ok(sameTree(raw.copy(tree, line), copyTree(tree, line)), `copies differ for ${JSON.stringify(line)}`);
    } finally {
      tree.delete();
    }
  }

  it('is the copy the analyzer uses (its start-up self-test passed)', () => {
    assert.equal(treeCopyKind, 'raw');
  });

  it('copies every benign and bypass corpus line exactly as the public API does', () => {
    for (const line of [...BENIGN_COMMANDS, ...BYPASS_CASES.map((c) => c.command)]) assertSameCopy(line);
  });

  it('copies random shell-like, unicode and binary strings exactly as the public API does', () => {
    fc.assert(fc.property(shellish, (line) => assertSameCopy(line)), { numRuns: 1500 });
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 120 }), (line) => assertSameCopy(line)), { numRuns: 500 });
  });

  it('copies deeply nested lines (the cursor stack grows) exactly as the public API does', () => {
    assertSameCopy(`${'$('.repeat(400)}x${')'.repeat(400)}`);
    assertSameCopy(`echo ${'{ a; '.repeat(300)}${'}'.repeat(300)}`);
  });

  it('the comparison sees a difference in spans and in shape', () => {
    const copy = (line: string) => {
      const tree = parser.parse(line);
      assert.ok(tree);
      try { return raw.copy(tree, line); } finally { tree.delete(); }
    };
    assert.equal(sameTree(copy('ls a'), copy('ls  a')), false);
    assert.equal(sameTree(copy('ls a b'), copy('ls a')), false);
    assert.equal(sameTree(copy('ls a'), copy('ls b')), true);
  });

  it('is not offered when the runtime lacks an export it needs', () => {
    assert.equal(rawTreeCopier(undefined), undefined);
    assert.equal(rawTreeCopier({ HEAP32: new Int32Array(4) }), undefined);
  });
});
