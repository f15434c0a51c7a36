/**
 * Fail closed where the parser's view cannot be mapped one-to-one onto bash's: carriage returns (bash
 * keeps them in words, tree-sitter reads them as blanks), line breaks inside a command or redirection
 * (bash ends the command there, tree-sitter joins across), words after a redirection target (bash's
 * arguments, tree-sitter's extra "destinations"). Each case was found by the bash oracle (oracle/).
 */
import assert from 'node:assert/strict';
import { analyze, loadAnalyzer } from './analyzerFixture';
import { nodeCommandAnalyzer } from '../../../../src/node/commandAnalyzerLoader';
import type { CommandAnalyzer } from '../../../../src/engine/command/analysis';
import { WS, evaluatorFor } from '../evaluate/support';

function decide(analyzer: CommandAnalyzer, command: string): string {
  return evaluatorFor(analyzer).checkCommand({ command, cwd: WS, workspace: WS }).decision;
}

describe('analyzer: what it cannot map one-to-one onto bash is ask', () => {
  let analyzer: CommandAnalyzer;
  before(async () => {
    await loadAnalyzer();
    analyzer = await nodeCommandAnalyzer();
  });

  const NOT_ALLOWED: [string, string][] = [
    ['a redirect before CR LF hides the next line (bash writes to a file named CR, then runs rm)', 'pwd >\r\nrm -rf victim-dir'],
    ['a redirect before a line break swallows the next command', 'pwd >\nrm -rf victim-dir'],
    ['a redirect of stderr before a line break', 'echo hi 2>\n/dev/null'],
    ['CR LF line ends: bash runs "cat\\r"', 'cat\r\nls'],
    ['a CR inside a word', 'ls src\r'],
    ['a CR inside quotes still displays differently', "echo 'a\rb'"],
    ['a compound command with two redirect targets (a syntax error to bash)', '{ ls; } > a b'],
    ['a here-doc end with text after it: bash reads on and runs $(rm c) in the body', 'cat <<EOF\nhi\nEOF # $(rm -rf c)'],
    ['a here-doc end glued to a closing parenthesis (bash rejects the line)', '(cat <<-EOF\n\thi\n\tEOF)'],
    ['a here-doc end followed by ; (bash keeps reading the body)', '{ cat <<EOF\nhi\nEOF; }'],
    ['backquotes inside ${x:=...}: bash runs id, tree-sitter keeps it as text', 'true ${x:=`id`}'],
    ['backquotes inside ${x:-...} in a redirected command', 'echo ${x:-`rm -rf d`} > out'],
  ];
  for (const [why, line] of NOT_ALLOWED) {
    it(`${why}: ${JSON.stringify(line)}`, () => {
      const result = analyze(line);
      assert.ok(result.concerns.some((c) => c.severity === 'ask' || c.severity === 'deny'), JSON.stringify(result.concerns));
      assert.notEqual(decide(analyzer, line), 'allow');
    });
  }

  it('the concern for a CR says what happens in plain words', () => {
    const messages = analyze('pwd >\r\nrm -rf victim-dir').concerns.map((c) => c.message).join(' ');
    assert.match(messages, /carriage return/);
  });

  const ARGUMENTS_AFTER_REDIRECT: [string, string[]][] = [
    ['rm >/dev/null -rf /important', ['rm', '-rf', '/important']],
    ['git >/dev/null push --force origin main', ['git', 'push', '--force', 'origin', 'main']],
    ['ls > out.txt -la src', ['ls', '-la', 'src']],
    ['echo a > b c', ['echo', 'a', 'c']],
    ['grep >|b c', ['grep', 'c']],
    ['2>/dev/null rm -rf x', ['rm', '-rf', 'x']],
  ];
  for (const [line, argv] of ARGUMENTS_AFTER_REDIRECT) {
    it(`words after a redirect target are arguments, as bash passes them: ${line}`, () => {
      const result = analyze(line);
      assert.deepEqual(result.commands.map((c) => c.argv), [argv]);
    });
  }

  it('judges arguments after a redirect: git push behind a redirect is not a bare git', () => {
    const result = analyze('git >/dev/null push --force origin main');
    assert.ok(result.effects.some((e) => e.kind === 'network'), JSON.stringify(result.effects));
  });

  const STILL_ALLOWED = ['echo a \\\n b', 'cat <<EOF\nhi\nEOF', 'ls -la > out.txt', 'npm test 2>&1 | tee log.txt', 'git status &&\n git diff', 'ls |\n wc -l'];
  for (const line of STILL_ALLOWED) {
    it(`keeps allowing an ordinary multi-line or redirected command: ${JSON.stringify(line)}`, () => {
      assert.equal(decide(analyzer, line), 'allow', JSON.stringify(analyze(line).concerns));
    });
  }
});
