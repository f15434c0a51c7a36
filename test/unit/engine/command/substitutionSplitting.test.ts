/**
 * An unquoted `$(find ROOT -name P)` is split on blanks and globbed again by bash before the command sees
 * it, so its words need not start with ROOT: a directory named `a ` (trailing blank) under ROOT turns
 * `ROOT/a /home/dev/.aws/credentials b/x.md` into the word `/home/dev/.aws/credentials`. A cloned
 * repository chooses its own file names, so such a listing is not a glob under ROOT and must not be
 * allowed as one. Real bash is the oracle: the same line, run in a crafted tree, reads a file outside it.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BASH } from '../../../support/bashOracle';
import { judgeCorpus } from '../../../support/commandCorpus';
import { loadAnalyzer } from './analyzerFixture';
import type { CommandAnalyzer } from '../../../../src/engine/command/analysis';

describe('a find listing as an unquoted argument is split by bash', () => {
  let analyzer: CommandAnalyzer;
  before(async () => { analyzer = await loadAnalyzer(); });

  it('bash: cat $(find docs -name "*.md") prints a file outside docs when a name holds a blank', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ag-split-'));
    try {
      const outside = join(dir, 'outside-secret');
      writeFileSync(outside, 'OUTSIDE-THE-ROOT\n');
      const crafted = join(dir, 'ws', 'docs', `a ${outside} b`);
      mkdirSync(crafted, { recursive: true });
      writeFileSync(join(crafted, 'x.md'), '');
      const run = spawnSync(BASH, ['-c', 'cat $(find docs -name "*.md")'], { cwd: join(dir, 'ws'), encoding: 'utf8' });
      assert.match(run.stdout, /OUTSIDE-THE-ROOT/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  for (const line of ['cat $(find docs -name "*.md")', 'wc -l $(find . -name "*.md")', 'grep -c test $(find test -name "*.ts")',
    'grep -c test $(find test -name "*.ts" -type f)']) {
    it(`not allowed: ${line}`, () => {
      const [verdict] = judgeCorpus(analyzer, [{ command: line, category: 'shape', source: 'word splitting' }]);
      assert.notEqual(verdict?.decision, 'allow', verdict?.reason);
    });
  }
});
