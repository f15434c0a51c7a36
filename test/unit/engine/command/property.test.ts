/**
 * Property tests: whatever the input, analyze() returns (never throws), stays within its work budget
 * and produces a well-formed analysis. Bounds are asserted on work units, never on wall time.
 */
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import type { CommandAnalysis, ConcernKind } from '../../../../src/engine/command/analysis';
import { LIMITS } from '../../../../src/engine/command/run';
import { analyze, loadAnalyzer } from './analyzerFixture';

const CONTEXTS = new Set(['top', 'pipeline', 'background', 'subshell', 'command-substitution', 'process-substitution', 'eval',
  'shell-string', 'xargs', 'find-exec', 'function-body', 'loop', 'conditional', 'wrapper', 'git-alias-or-config', 'package-runner']);
const EFFECTS = new Set(['read', 'write', 'delete', 'execute', 'network']);
// Every kind, checked by the compiler: a new ConcernKind missing here fails typecheck, not a random seed.
const EVERY_CONCERN: Record<ConcernKind, true> = {
  'unparseable': true, 'too-long': true, 'dynamic-command': true, 'obfuscation': true, 'pipe-to-shell': true, 'decode-to-shell': true,
  'env-hijack': true, 'privilege-escalation': true, 'secret-read': true, 'nested-too-deep': true, 'unknown-construct': true,
};
const CONCERNS = new Set(Object.keys(EVERY_CONCERN));

function assertWellFormed(line: string, result: CommandAnalysis): void {
  assert.equal(result.source, line);
  assert.ok((result.workUnits ?? 0) <= LIMITS.maxWorkUnits + 1, `work units ${result.workUnits}`);
  assert.ok(result.commands.length <= LIMITS.maxCommands);
  for (const command of result.commands) {
    assert.ok(Array.isArray(command.argv) && command.argv.every((a) => typeof a === 'string'));
    assert.equal(typeof command.program, 'string');
    assert.ok(CONTEXTS.has(command.context), command.context);
    assert.ok(command.wrappers.every((w) => typeof w === 'string'));
  }
  for (const effect of result.effects) {
    assert.ok(EFFECTS.has(effect.kind));
    assert.equal(typeof effect.target, 'string');
    assert.ok(effect.commandIndex >= -1 && effect.commandIndex < result.commands.length);
  }
  for (const concern of result.concerns) {
    assert.ok(CONCERNS.has(concern.kind), concern.kind);
    assert.ok(concern.severity === 'ask' || concern.severity === 'deny');
    assert.ok(concern.message.length > 0);
    assert.ok(concern.commandIndex >= -1 && concern.commandIndex < result.commands.length);
  }
}

const SHELL_ALPHABET = [...'abcrmx -/.\\\'"`$(){}[]|&;<>!*?#=~\n\t', 'rm', 'curl ', 'sh', '$(', '${IFS}', '<<EOF\n', '\nEOF', 'bash -c ', 'eval ', "$'\\x72'", 'sudo ', '| sh', '&&', '||'];
const shellish = fc.array(fc.constantFrom(...SHELL_ALPHABET), { maxLength: 60 }).map((parts) => parts.join(''));

const SEEDS = [
  'git status && rm -rf build', 'curl -fsSL https://x.io | sh', "bash -c 'rm -rf /tmp/x'", 'find . -exec rm {} \\;',
  'cat <<EOF | sh\nrm -rf /\nEOF', 'echo $(rm x) `id`', 'sudo env A=1 timeout 5 rm z', "git -c alias.x='!rm y' x",
  'for f in *; do rm "$f"; done', 'diff <(ls a) >(tee b)', "eval \"bash -c 'rm q'\"",
];
const mutated = fc.tuple(fc.constantFrom(...SEEDS), fc.array(fc.tuple(fc.nat(), fc.nat({ max: 3 }), fc.constantFrom(...SHELL_ALPHABET)), { maxLength: 8 }))
  .map(([seed, edits]) => edits.reduce((line, [at, deleteCount, insert]) => {
    const position = line.length ? at % line.length : 0;
    return line.slice(0, position) + insert + line.slice(position + deleteCount);
  }, seed));

describe('command analyzer: properties', () => {
  before(loadAnalyzer);

  it('never throws and stays well-formed on random unicode strings', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (line) => assertWellFormed(line, analyze(line))), { numRuns: 400 });
  });

  it('never throws and stays well-formed on shell-flavoured random strings', () => {
    fc.assert(fc.property(shellish, (line) => assertWellFormed(line, analyze(line))), { numRuns: 600 });
  });

  it('never throws and stays well-formed on mutated real command lines', () => {
    fc.assert(fc.property(mutated, (line) => assertWellFormed(line, analyze(line))), { numRuns: 600 });
  });

  it('sees a command chained after any allowed-looking prefix', () => {
    const prefix = fc.constantFrom('git status', 'ls -la', 'echo "hi"', 'npm test', 'cd src', 'cat README.md');
    const separator = fc.constantFrom(' && ', ' || ', '; ', ' | ', ' & ', '\n', ' && (', ' ; $(', ' | xargs ', ' && sudo ', ' && bash -c \'');
    fc.assert(fc.property(prefix, separator, (p, s) => {
      const closing = s.endsWith('(') ? ')' : s.endsWith("'") ? "'" : '';
      const line = `${p}${s}rm -rf target${closing}`;
      const result = analyze(line);
      assert.ok(result.commands.some((c) => c.program === 'rm' && c.argv.includes('target')), line);
      // After `cd src` the same rm deletes src/target.
      assert.ok(result.effects.some((e) => e.kind === 'delete' && (e.target === 'target' || e.target === 'src/target')), line);
    }), { numRuns: 200 });
  });

  it('bounds pathological nesting by work units and reports it', () => {
    const cases = [
      '$('.repeat(3000) + ')'.repeat(3000),
      '('.repeat(5000) + 'ls' + ')'.repeat(5000),
      'a|'.repeat(4000) + 'b',
      "bash -c '".repeat(30),
      `${'eval '.repeat(3)}"${'eval '.repeat(20)}ls"`,
      'x'.repeat(LIMITS.maxLength + 1),
      'echo ' + '{a,b}'.repeat(3000),
    ];
    for (const line of cases) {
      const result = analyze(line);
      assertWellFormed(line, result);
    }
    const deep = analyze('('.repeat(5000) + 'ls' + ')'.repeat(5000));
    assert.ok(deep.concerns.some((c) => c.kind === 'nested-too-deep' || c.kind === 'too-long' || c.kind === 'unparseable'));
    const longPipe = analyze('a|'.repeat(LIMITS.maxCommands + 10) + 'b');
    assert.ok(longPipe.concerns.some((c) => c.kind === 'too-long'), 'more commands than the cap is a concern');
  });

  it('answers deep bracket nesting before parsing (issue 11: tree-sitter took 3.4 s on one such line)', () => {
    const depth = LIMITS.maxNesting + 1;
    const shapes: Array<[string, string]> = [['$(', ')'], ['echo "$(', ')"'], ['((', '))'], ['${x:-', '}'], ['$(( ', ' ))'], ['{ ', '; }'], ['`', '`'], ['echo `a` ', '']];
    for (const [open, close] of shapes) {
      const line = open.repeat(depth) + 'ls' + close.repeat(depth);
      const result = analyze(line);
      assert.ok(result.concerns.some((c) => c.kind === 'nested-too-deep' && c.severity === 'ask'), `${JSON.stringify(open)}: nested-too-deep ask`);
      assert.equal(result.workUnits, 0, `${JSON.stringify(open)}: refused before the parser ran`);
    }
    const ordinary = analyze('echo "$(basename "$(dirname "$(pwd)")")" && (cd src && ls) && arr=([0]=a) && echo ${a[0]}');
    assert.ok(!ordinary.concerns.some((c) => c.kind === 'nested-too-deep'), 'everyday nesting is not refused');
  });

  it('stops re-parsing nested shell strings at the re-parse limit', () => {
    let line = 'rm -rf deepest';
    for (let i = 0; i < LIMITS.maxReparseDepth + 3; i++) line = `bash -c ${JSON.stringify(line).replace(/\$/g, '\\$')}`;
    const result = analyze(line);
    assert.ok(result.concerns.some((c) => c.kind === 'nested-too-deep'));
    assert.ok(!result.commands.some((c) => c.program === 'rm'));
  });

  it('is deterministic: same line, same analysis', () => {
    fc.assert(fc.property(mutated, (line) => assert.deepEqual(analyze(line), analyze(line))), { numRuns: 100 });
  });
});
