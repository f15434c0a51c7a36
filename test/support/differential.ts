/**
 * Differential testing of the command analyzer against real bash (bashOracle.ts): a grammar of bash
 * constructs plus mutations generates lines; for each, every simple command and static redirect target
 * bash sees must be among what the analyzer judged, or the final decision must be ask or deny. A line
 * bash rejects must never be allowed.
 */
import fc from 'fast-check';
import type { CommandAnalysis, CommandAnalyzer } from '../../src/engine/command/analysis';
import { bashViews, type BashView } from './bashOracle';
import { WS, evaluatorFor } from '../unit/engine/evaluate/support';

const NAMES = ['ls', 'echo', 'cat', 'pwd', 'grep x', 'wc -l', 'true', 'head -n 1', 'git status', 'victim'];
const ARGS = ['a', '"b c"', "'d'", 'src/f.ts', '-la', '$x', '"$y"', '\\e', '~/w', '*.ts', '{a,b}', '{1..3}', 'x{,.bak}', '$IFS', '${IFS}', '$"t"', "$'\\x41'", "$'a\\'b'", '--', '#no', 'a#b', '!', '$((1+2))', '$[1]'];
const EXPANSIONS = ['${x}', '${x:-y}', '${x:=y}', '${x:?e}', '${x:+y}', '${x-y}', '${x=y}', '${x?}', '${x+y}', '${#x}', '${x#a}', '${x##a}', '${x%a}', '${x%%a}',
  '${x/a/b}', '${x//a/b}', '${x/#a/b}', '${x/%a/b}', '${x^}', '${x^^}', '${x,}', '${x,,}', '${x~}', '${x:1}', '${x:1:2}', '${x: -1}', '${!x}', '${!x*}', '${!x@}',
  '${!a[@]}', '${a[@]}', '${a[*]}', '${x@Q}', '${x@E}', '${x@P}', '${x@A}', '${x@a}', '${x@U}', '${x@u}', '${x@L}', '${x@K}', '${x:-$(rm q)}', '${x:=`id`}', '"${x/a/$(id)}"'];
const CONTROL = ['\r', '\v', '\f', '\0', '\u2028', '\u2029', '\x1b', '\t', '\u00a0', '\x85'];
const OPS = [' ; ', ' && ', ' || ', ' | ', ' & ', '\n', ' |& ', ';'];
const REDIRS = ['> out', '>> log', '< in', '2>&1', '2> err', '&> all', '>| f', '<> rw', '>&2', '<<< word', '3> "q r"', '> $f', '>\n', '2>\n'];
const QUOTES = ['"', "'", '`', '\\', '$(', ')', '}', '{', '((', '))', '[[', ']]', ';;', '<<', '#'];

/** Pieces that every line is built from. */
const simple: fc.Arbitrary<string> = fc.tuple(fc.constantFrom(...NAMES), fc.array(fc.oneof(fc.constantFrom(...ARGS), fc.constantFrom(...EXPANSIONS)), { maxLength: 3 }),
  fc.option(fc.constantFrom(...REDIRS), { freq: 4 })).map(([name, args, redirect]) => [name, ...args, ...(redirect ? [redirect] : [])].join(' '));

const { tree } = fc.letrec<{ tree: string }>((tie) => ({
  tree: fc.oneof({ maxDepth: 4, depthIdentifier: 'sh' },
    { weight: 6, arbitrary: simple },
    fc.tuple(tie('tree'), fc.constantFrom(...OPS), tie('tree')).map(([a, op, b]) => `${a}${op}${b}`),
    tie('tree').map((t) => `echo $(${t})`),
    tie('tree').map((t) => `echo "$(${t})"`),
    tie('tree').map((t) => `echo \`${t}\``),
    tie('tree').map((t) => `cat <(${t})`),
    tie('tree').map((t) => `(${t})`),
    tie('tree').map((t) => `{ ${t}; }`),
    tie('tree').map((t) => `f() { ${t}; }`),
    tie('tree').map((t) => `if ls; then ${t}; fi`),
    tie('tree').map((t) => `while false; do ${t}; done`),
    tie('tree').map((t) => `for i in a $(ls); do ${t}; done`),
    tie('tree').map((t) => `case $x in a) ${t};; *) ls;; esac`),
    tie('tree').map((t) => `cat <<EOF\n$(${t})\nEOF`),
    tie('tree').map((t) => `cat <<'EOF'\n${t}\nEOF\nls`),
    tie('tree').map((t) => `cat <<-EOF\n\t${t}\n\tEOF`),
    tie('tree').map((t) => `x=$(${t}) ls`),
    tie('tree').map((t) => `${t} # comment $(rm c)`),
    tie('tree').map((t) => `${t} \\\n ls`),
    tie('tree').map((t) => `bash -c '${t.replace(/'/g, '')}'`),
    tie('tree').map((t) => `[[ -n $(${t}) ]] && ls`),
  ),
}));

type Edit = [number, number, string];

function applyEdits(line: string, edits: Edit[]): string {
  return edits.reduce((text, [at, remove, insert]) => {
    const position = text.length ? at % (text.length + 1) : 0;
    return text.slice(0, position) + insert + text.slice(position + remove);
  }, line);
}

/** Lines from the grammar, half of them mutated: control characters, quote and escape desyncs, stray operators. */
export const generatedLine: fc.Arbitrary<string> = fc.tuple(tree,
  fc.array(fc.tuple(fc.nat(), fc.nat({ max: 2 }), fc.constantFrom(...CONTROL, ...QUOTES, ...OPS, ...REDIRS)), { maxLength: 3 }),
  fc.boolean()).map(([line, edits, mutate]) => (mutate ? applyEdits(line, edits as Edit[]) : line));

export interface Disagreement { line: string; decision: string; why: string }

function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** What bash sees that the analyzer did not judge ('' when it judged everything bash sees). */
export function missed(view: BashView, analysis: CommandAnalysis): string {
  if (!view.accepted) return 'bash rejects the line';
  const judged = analysis.commands;
  for (const command of view.commands) {
    const name = command.words[0]?.value;
    if (name === undefined || command.words[0]?.brace) continue;
    const candidates = judged.filter((c) => c.argv[0] === name || c.wrappers.includes(basename(name)) || (c.argv[0] !== undefined && basename(c.argv[0]) === basename(name) && c.argv[0].endsWith(name)));
    if (candidates.length === 0) return `command ${JSON.stringify(name)} not judged`;
    // Wrappers and shells (sudo, env, bash -c, eval): the analyzer judged what they run instead.
    if (candidates.some((c) => c.wrappers.includes(basename(name)))) continue;
    if (command.words.some((w) => w.value === undefined || w.brace)) continue;
    const argv = command.words.map((w) => w.value as string);
    const same = candidates.some((c) => {
      const offset = argv.length - c.argv.length;
      if (offset < 0 || c.argv.some((a, i) => a !== argv[offset + i])) return false;
      return offset === 0 || c.wrappers.includes(basename(argv[0] as string));
    });
    if (!same) return `arguments of ${JSON.stringify(argv)} judged as ${JSON.stringify(candidates.map((c) => c.argv))}`;
  }
  for (const target of view.redirects) {
    if (/^\/dev\/(null|std(in|out|err)|tty|fd\/\d+)$/.test(target)) continue;
    if (!analysis.effects.some((e) => e.target === target || e.target.endsWith(`/${target}`))) return `redirect target ${JSON.stringify(target)} not judged`;
  }
  return '';
}

export interface DifferentialResult {
  lines: number;
  /** Lines the analyzer allowed: only these can end in allow, so only these go to bash (the slow part). */
  compared: number;
  rejectedByBash: number;
  /** Lines whose bash re-print is known to be wrong (see BashCommands.reprintUnreliable): not compared. */
  unreliable: number;
  disagreements: number;
  /** Disagreements whose final decision was allow: must be 0. */
  allowed: Disagreement[];
}

/** Generates `count` lines from `seed`; every line the analyzer allows is checked against bash's view. */
export function runDifferential(analyzer: CommandAnalyzer, count: number, seed: number, chunk = 20_000): DifferentialResult {
  const evaluator = evaluatorFor(analyzer);
  const result: DifferentialResult = { lines: 0, compared: 0, rejectedByBash: 0, unreliable: 0, disagreements: 0, allowed: [] };
  for (let done = 0, round = 0; done < count; done += chunk, round++) {
    const lines = fc.sample(generatedLine, { seed: seed + round, numRuns: Math.min(chunk, count - done) });
    result.lines += lines.length;
    const allowedLines = lines.filter((line) => evaluator.checkCommand({ command: line, cwd: WS, workspace: WS }).decision === 'allow');
    const views = bashViews(allowedLines);
    result.compared += allowedLines.length;
    allowedLines.forEach((line, i) => {
      const view = views[i] as BashView;
      if (!view.accepted) result.rejectedByBash++;
      if (view.reprintUnreliable) { result.unreliable++; return; }
      const why = missed(view, analyzer.analyze(line));
      if (!why) return;
      result.disagreements++;
      result.allowed.push({ line, decision: 'allow', why });
    });
  }
  return result;
}
