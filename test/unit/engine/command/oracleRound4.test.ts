/**
 * Round 4 of the million-line differential (bench/differential.bench.ts, seed 1): the lines it still
 * found allowed although bash reads them differently. Each was checked in real bash (stub commands on
 * PATH); where the analyzer was right and the oracle wrong, the oracle is fixed and the fix is proved
 * below against bash's own behaviour; where the analyzer was wrong, the line must now be asked.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import type { CommandAnalyzer } from '../../../../src/engine/command/analysis';
import { BASH, bashViews } from '../../../support/bashOracle';
import { readCanonical } from '../../../support/bashCanonical';
import { missed } from '../../../support/differential';
import { WS, evaluatorFor } from '../evaluate/support';
import { loadAnalyzer } from './analyzerFixture';

const CLASSES: [string, string[]][] = [
  ['a "$" followed by a tab (bash: a plain "$" then a new word; tree-sitter: a variable holding the next word)', ['x=$\tvictim', 'x=$\t victim', 'ls "$\t$(victim)"']],
  ["$'...\\\\' inside backquotes (bash first turns \\\\ into \\, so the quote is escaped and the string reads on)", ["echo `echo $'a\\\\' '; pwd #'`", "echo $(echo `echo $'a\\\\' '; pwd #'`)"]],
  ['a "$" before a line break (bash ends the word and the command there; the parser joins the next line)', ["cat <<EOF\n$(pwd $\n\\^^} > out)\nEOF"]],
  ['a here-document end bash does not take as its delimiter (a tab before it without <<-, a quoted backslash)', ["(echo $({ cat <<'EOF'\ntrue ${x:#1:2} #no 2>\n\tEOF\nls; }))", "cat <(cat <<'E\\OF'\necho `cas$(e $x in a) wc -l $):=y} &> all;; *) ls;; esac`\nEOF\nls)"]],
  ['"${" inside ${...} that tree-sitter does not pair (bash looks for one more "}")', ["pwd ${x@P} ${x/%a2>&1 ;  ${x/< in/a/b} <<< word"]],
  ['"for i in" or "< in" inside a case item inside $( ) (the oracle had taken them for the case\'s "in")', ["[[ -n $(case $x in a) for i in a $(ls); do (pwd ${x=y} ${x,,} ${x,,} 3> \"q r\"); done;; *) ls;; esac) ]] && ls", "echo \"$(case $x in a) cat <(pwd ${x#a} ${x^} < in);; *) ls;; esac)\""]],
  ['\\; and $ before a line break inside a $( ) of a here-document body', ['cat <<EOF\n$(ls \\; victim)\nEOF', 'cat <<EOF\n$(echo \\; $\n)\nEOF']],
];

describe('analyzer against bash: the classes found by the million-line run, round 4', function () {
  this.timeout(60_000);
  let analyzer: CommandAnalyzer;
  before(async () => {
    analyzer = await loadAnalyzer();
  });

  for (const [name, lines] of CLASSES) {
    it(name, () => {
      assert.ok(existsSync(BASH), `${BASH} is needed`);
      const evaluator = evaluatorFor(analyzer);
      const views = bashViews(lines);
      const wrong = lines.flatMap((line, i) => {
        if (evaluator.checkCommand({ command: line, cwd: WS, workspace: WS }).decision !== 'allow') return [];
        const why = missed(views[i]!, analyzer.analyze(line));
        return why ? [`${JSON.stringify(line)}: ${why}`] : [];
      });
      assert.deepEqual(wrong, []);
    });
  }
});

describe('the oracle reads bash as bash runs it, round 4 (each checked by running real bash)', () => {
  const argvs = (text: string): string[][] => readCanonical(text).commands.map((c) => c.words.map((w) => w.value ?? w.raw));
  it('"\\;" inside $( ) in a here-document body is an argument: bash runs ls with ";" and "x"', () => {
    assert.deepEqual(argvs('cat <<EOF\n$(ls \\; x)\nEOF\n'), [['cat'], ['ls', ';', 'x']]);
  });
  it("$'a\\\\' '; x #' inside backquotes: bash runs x (the backquotes make the quote escaped)", () => {
    assert.deepEqual(argvs("echo `echo $'a\\\\' '; x #'`").map((argv) => argv[0]), ['echo', 'echo', 'x']);
  });
  it('"for i in" and "< in" inside a case item inside $( ) start no patterns: bash runs no "]]" and no command without a name', () => {
    const view = readCanonical(["[[ -n $(case $x in a) for i in a $(ls); do (pwd ${x=y} ${x,,} ${x,,} 3> \"q r\"); done;; *) ls;; esac) ]] && ls", "echo \"$(case $x in a) cat <(pwd ${x#a} ${x^} < in);; *) ls;; esac)\""].join('\n'));
    assert.deepEqual(view.commands.filter((c) => c.words[0]?.raw === ']]' || c.words[0]?.raw === ''), []);
  });
  it("$'a\\'b' inside $( ) is one string: bash runs pwd and then ls, no command named \"]]\"", () => {
    assert.deepEqual(argvs("[[ -n $(pwd $'a\\'b') ]] && ls").map((argv) => argv[0]), ['ls', 'pwd']);
  });
  it('quotes in a here-document body are plain text: bash runs what \'$(x)\' holds', () => {
    assert.deepEqual(argvs("cat <<EOF\n'$(ls)' \\$(pwd)\nEOF\n"), [['cat'], ['ls']]);
  });
});
