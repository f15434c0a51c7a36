/**
 * Lines the 1,000,000-line differential run (bench/differential.bench.ts, seed 1) found allowed although
 * real bash reads them differently, grouped by the construct behind them. Each must now either be asked
 * or be read exactly as bash reads it: the test asks real bash (test/support/bashOracle.ts), so a case
 * passes only when the analyzer's allowed view matches bash's.
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
  ['Unicode spaces and C1 controls (tree-sitter reads them as blanks, bash as word characters)', [
    'git status 3> "q r"\u0085', 'ls 2> err[[\u2029E}', "bash -c '#wd \u2028$a\\\\b \u00a0${x} <> rw'", 'x=$(head -n }1 3> "q r" \u2029\\\n ls) ls',
  ]],
  ['brace expansion with an escaped or quoted brace', ['ls x{,.ba\\}', 'ls {a\\,b,c}', 'ls {a,"b,c"}']],
  ['ANSI-C escapes without digits stay literal', ["pwd $'\\x&> all' >| f", "ls $'\\x<> rw41'", "ls $'\\u' $'\\U' $'\\c'"]],
  ['a redirection with no command (bash still opens the file)', ['for i in a $(>&2s); do ls; done', 'x=$([[ -n $(> outecho) ]] && ls) ls', 'echo "$(for i in a $(&> allls); do ls; done)"']],
  ['a redirection on a function definition', ["f() { true $'a\\'b'; } \\\n> outls", 'f() { ls; } > out']],
  ['a shell whose -c code is only a comment', ["echo `bash -c '#echo'`", "bash -c '#x'"]],
  ['a here-document whose command goes on past the line end', ['cat <<-EOF | \n\tfor i in a $(ls); do true; done\n\tEOF', 'cat <<-EOF || \n\tgit status >&2\n\tEOF']],
  ['a here-document delimiter across a line break', ["{ cat <<'EOF\n'\nhead -n 1\nEOF\nls; }", "cat <<\n'EOF'\necho x\nEOF\nls"]],
  ['a comment where a redirection target belongs', ['wc -l >| # \\\n ls']],
  ['[[ ]] with redirection characters, line breaks or a glued bracket', [
    '[[ -n> out$(echo < in) ]] && ls', '[[ -n 2>\n$(echo "x") ]] && ls', 'if ls; then [[ -n2>\n(echo < in) ]] && ls; fi',
    '[[ -n 2> err$(ls 3> "q;;r") ]] && ls', 'if ls; then [[ -n $(grep x &> all)2> err ]] && ls; fi', 'echo `[[[ -n $(head -n 1) ]] && ls`',
    '[[ -n $([[ -n >> log$(true <<< word) ]] && ls) ]] && ls',
  ]],
  ['a keyword bash does not see as one (after a redirection, glued to a word)', [
    'case $x in a) ls;; *) ls;2>&1 esac', 'case $x in a) if ls; then ls; fi;; *) ls>&2 esac', 'for i in[[ a $(ls); do cat; done',
    'while<<< wordfalse; do ls; done',
  ]],
  ['case patterns bash rejects', ['case $x in  & a) cat <(git status <<< word);; ) ls;; esac']],
  ['an operator bash reads as another (;& is case fall-through)', ['>> logr ;&> all ']],
  ['a redirection glued to a process substitution', ['if ls; then cat >> log<(x=$(true > out) ls); fi', 'cat <(cat<<< word<(wc -l a#b >> log))']],
  ['(( that is not arithmetic, and a subshell as an argument', ['cat <((case $x in a) cat &> all;; *) ls;; esac))', 'cat <(({ case $x in a) git status;; *) ls;; esac; }))', 'cat\t(true)']],
  ['case heads and patterns bash rejects', [
    'for i in a $(ls); do case $x in]]) ls;; *) ls;; esac; done', 'case $x in;a) ls;; *) ls;; esac', 'case $x in a2>&1) grep x;; *) ls;; esac',
    'case $x in a) ls;; *3> "q r") ls;; esac', 'case\n $x in a) true;; *) ls;; esac', 'case $x in a) ls;; *) ls;< in esac', 'case $x in a) ls;; *) ls} esac',
  ]],
  ['keywords glued to more text, and a line break after for', ['f() { ls; }#', '{ [[ -n $(ls) ]] && ls; }#', '[[ -n $(ls) ]]#& ls', 'for \ni in a $(ls); do ls; done']],
  ["$'...' whose closing quote bash reads as escaped", ["true {1..3} $'a\\'b |& >&2", "ls $'a\\\\'b' >> log> err", "ls $'\\x{' 2> err"]],
  ['quotes and escapes bash reads differently inside ${...}', ["git status ${x/%'/b}>> log ~/w < in", 'for i in a $(ls); do echo $(true ${x%\\} ${x@P}); done', 'true ${x//a/$[[(} 2> err']],
  ['words joined by a line continuation', ['(true 2> err 3> "q r"\\\nls)']],
  ['a here-document body holding its own delimiter line', ["cat <<EOF\n$(bash -c 'cat <<EOF\ntrue 2>&1\nEOF\nls')\nEOF"]],
  ['[[ ]] operators bash rejects', ['[[ -n || $(head -n 1) ]] && ls', '[[ -n | $(grep x) ]] && ls', '[[ -n  & (victim}) ]] && ls']],
  ['$"..." glued to a word, and $(( )) that is no arithmetic', ['for i in a $(ls); do head -n 1[[$"t" >| f; done', 'echo $((cat <(pwd < in)))']],
  ['a brace glued to more text, a line break inside f(), backquotes and \\( bash pairs differently', [
    'if ls; then f() {{ echo $IFS; }; }; fi', 'x=$(f(\n) { git status; }) ls', 'pwd ${x:=y} "${x/< in`/$(id)}"', 'echo "$([[ -n\\([[ -n $(ls 2> err) ]] && ls) ]] && ls)"',
  ]],
];

describe('analyzer against bash: the classes found by the million-line run', function () {
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

describe('the oracle reads bash as bash runs it (each checked by running real bash)', () => {
  const names = (text: string): string[] => readCanonical(text).commands.map((c) => c.words[0]?.raw ?? '');
  it('"$$(x)" is the PID then text: bash runs no x', () => assert.deepEqual(names('echo "$$(x)"'), ['echo']));
  it('`<(` inside (( )) is arithmetic: bash runs no echo', () => assert.deepEqual(names('((cat <(echo < in)))'), []));
  it('";;" glued to a word in verbatim here-document text still ends the case item', () => {
    assert.deepEqual(names('cat <<EOF\n$(case $x in a) ls > out;; *) pwd;; esac)\nEOF\n'), ['cat', 'ls', 'pwd']);
  });
  it('a here-document inside $( ) makes the re-print unreliable (bash 5.2 drops the separator after it)', () => {
    assert.equal(readCanonical("echo $(cat <<'EOF'\na\nEOF\n\nls grep x)").reprintUnreliable, true);
  });
});
