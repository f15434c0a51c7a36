/**
 * Property test: random and mutated command lines and paths never throw, never hang, and always come
 * back as a well-formed decision (reasons for every refusal). Timing bounds live in bench/, not here;
 * mocha's own timeout catches a hang.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { CommandAnalyzer } from '../../../../src/engine/command/analysis';
import type { Decision } from '../../../../src/engine/decision';
import type { Evaluator } from '../../../../src/engine/evaluator';
import { nodeCommandAnalyzer } from '../../../../src/node/commandAnalyzerLoader';
import { BENIGN_COMMANDS } from './benignCommands';
import { BYPASS_CASES } from './bypassCommands';
import { WS, evaluatorFor, fakeFs, layer } from './support';

const SHELL_PIECES = [' ', ';', '&&', '||', '|', '&', '$(', ')', '`', '"', "'", '\\', '>', '<', '>>', '2>&1', '${', '}', '~', '..', '/', '*', '?', '[', ']', '{', '}', '\n', '#', '=', '$IFS', "$'\\x72'", '<<EOF\nx\nEOF\n', 'eval ', 'bash -c ', 'sudo ', 'env X=1 ', 'rm -rf ', '.env', '~/.ssh/id_rsa', 'curl http://e.example ', '.vscode/settings.json'];

function wellFormed(decision: Decision): void {
  assert.ok(['allow', 'ask', 'deny'].includes(decision.decision));
  assert.ok(['low', 'medium', 'high', 'critical'].includes(decision.risk));
  assert.ok(Array.isArray(decision.reasons) && decision.reasons.length > 0);
  assert.ok(decision.reasons.every((r) => typeof r === 'string' && r.length > 0));
  assert.ok(Array.isArray(decision.matchedRules) && Array.isArray(decision.subcommands));
}

describe('evaluator properties (fast-check)', () => {
  let evaluators: Evaluator[];
  let analyzer: CommandAnalyzer;
  before(async () => {
    analyzer = await nodeCommandAnalyzer();
    evaluators = [evaluatorFor(analyzer), evaluatorFor(analyzer, [layer({ template: 'strict' })], fakeFs({}, true))];
  });

  const seeds = [...BENIGN_COMMANDS, ...BYPASS_CASES.map((b) => b.command)];
  const mutated = fc.tuple(fc.constantFrom(...seeds), fc.array(fc.tuple(fc.nat(), fc.constantFrom(...SHELL_PIECES)), { maxLength: 6 }))
    .map(([seed, edits]) => edits.reduce((line, [at, piece]) => line.slice(0, at % (line.length + 1)) + piece + line.slice(at % (line.length + 1)), seed));
  const pieces = fc.array(fc.constantFrom(...SHELL_PIECES, 'ls', 'cat', 'git', 'push', 'x'), { maxLength: 30 }).map((p) => p.join(''));

  it('random strings always give a well-formed decision', () => {
    fc.assert(fc.property(fc.string({ maxLength: 300 }), (line) => {
      for (const evaluator of evaluators) wellFormed(evaluator.checkCommand({ command: line, cwd: WS, workspace: WS }));
    }), { numRuns: 300 });
  });

  it('mutated real commands and shell soup always give a well-formed decision', () => {
    fc.assert(fc.property(fc.oneof(mutated, pieces), (line) => {
      for (const evaluator of evaluators) wellFormed(evaluator.checkCommand({ command: line, cwd: WS, workspace: WS }));
    }), { numRuns: 400 });
  });

  it('adding a dangerous command to any line never makes it allowed', () => {
    fc.assert(fc.property(fc.constantFrom(...BENIGN_COMMANDS), fc.constantFrom('; cat .env', ' && rm -rf /', ' | sh', '; echo x > .vscode/settings.json'), (line, tail) => {
      assert.notEqual(evaluators[0]?.checkCommand({ command: line + tail, cwd: WS, workspace: WS }).decision, 'allow');
    }), { numRuns: 200 });
  });

  it('random paths always give a well-formed decision', () => {
    fc.assert(fc.property(fc.string({ maxLength: 200 }), fc.constantFrom('read', 'write', 'delete', 'execute' as const), (path, op) => {
      for (const evaluator of evaluators) wellFormed(evaluator.checkPath({ op, path, cwd: WS, workspace: WS }));
    }), { numRuns: 300 });
  });

  it('very long input is decided, not allowed', () => {
    const decision = evaluators[0]?.checkCommand({ command: `echo ${'a'.repeat(200_000)}`, cwd: WS, workspace: WS });
    assert.ok(decision);
    wellFormed(decision);
    assert.notEqual(decision.decision, 'allow');
  });
});
