/**
 * The evaluator's analysis cache (src/engine/command/cache.ts): a hit must give exactly what a fresh
 * analysis gives, and nothing about one request (cwd, workspace, policy, a caller mutating what it
 * got back) may leak into the decision for another.
 */
import assert from 'node:assert/strict';
import type { CommandAnalysis, CommandAnalyzer } from '../../../../src/engine/command/analysis';
import { cachingAnalyzer } from '../../../../src/engine/command/cache';
import { createEvaluator, mergeLayers, type CommandRequest, type PolicyLayer } from '../../../../src/engine/evaluator';
import { nodeCommandAnalyzer } from '../../../../src/node/commandAnalyzerLoader';
import { BENIGN_COMMANDS } from './benignCommands';
import { BYPASS_CASES } from './bypassCommands';
import { ENV, WS, fakeFs, layer } from './support';

const LINES = [
  ...BENIGN_COMMANDS, ...BYPASS_CASES.map((b) => b.command),
  'cd .. && rm -rf app', 'rm -rf ../build', 'cat ../.env', 'cd sub && touch x', 'cat $HOME/.ssh/id_rsa', 'git push',
];
/** cwd / workspace pairs under which the same line means different things. */
const PLACES = [
  { cwd: WS, workspace: WS },
  { cwd: `${WS}/src`, workspace: WS },
  { cwd: '/home/dev', workspace: WS },
  { cwd: '/srv/other', workspace: '/srv/other' },
];
const STRICT_GIT: PolicyLayer[] = [layer({ commands: { rules: [{ id: 'no-git', effect: 'deny', command: 'git' }] } })];

describe('analysis cache', () => {
  let analyzer: CommandAnalyzer;
  before(async () => {
    analyzer = await nodeCommandAnalyzer();
  });

  it('returns the same analysis as a fresh one, on the miss and on the hit', () => {
    const cached = cachingAnalyzer(analyzer, 4096);
    for (const line of LINES) {
      const fresh = analyzer.analyze(line);
      assert.deepEqual(cached.analyze(line), fresh, line);
      assert.deepEqual(cached.analyze(line), fresh, line);
    }
    const distinct = new Set(LINES).size;
    assert.deepEqual(cached.stats, { hits: 2 * LINES.length - distinct, misses: distinct });
  });

  it('gives every cwd and workspace the decision an uncached evaluator gives', () => {
    const cachedEvaluator = createEvaluator({ policy: mergeLayers([]), analyzer, fs: fakeFs(), env: ENV });
    const uncached = createEvaluator({ policy: mergeLayers([]), analyzer, fs: fakeFs(), env: ENV, analysisCacheSize: 0 });
    let differed = 0;
    for (const line of LINES) {
      const decisions = PLACES.map((place) => {
        const request: CommandRequest = { command: line, ...place };
        const decision = cachedEvaluator.checkCommand(request);
        assert.deepEqual(decision, uncached.checkCommand(request), `${line} in ${place.cwd}`);
        return decision.decision;
      });
      if (new Set(decisions).size > 1) differed++;
    }
    // The places must really matter for some lines, or this test could not catch a cwd leaking through the cache.
    assert.ok(differed >= 3, `only ${differed} lines changed with the cwd`);
  });

  it('shared between evaluators with different policies, each gets its own policy\'s decision', () => {
    const shared = cachingAnalyzer(analyzer, 512);
    // Their own caches off, so every lookup goes through the shared one.
    const lenient = createEvaluator({ policy: mergeLayers([]), analyzer: shared, fs: fakeFs(), env: ENV, analysisCacheSize: 0 });
    const strict = createEvaluator({ policy: mergeLayers(STRICT_GIT), analyzer: shared, fs: fakeFs(), env: ENV, analysisCacheSize: 0 });
    const request = { command: 'git status', cwd: WS, workspace: WS };
    assert.equal(lenient.checkCommand(request).decision, 'allow');
    assert.equal(strict.checkCommand(request).decision, 'deny');
    assert.equal(lenient.checkCommand(request).decision, 'allow');
    assert.deepEqual(shared.stats, { hits: 2, misses: 1 });
  });

  it('cannot be poisoned by a caller that changes the analysis it received', () => {
    const cached = cachingAnalyzer(analyzer, 16);
    const first = cached.analyze('rm -rf build');
    const fresh = analyzer.analyze('rm -rf build');
    const mutable = first as { commands: CommandAnalysis['commands']; effects: CommandAnalysis['effects'] };
    assert.throws(() => { mutable.commands.push({ ...fresh.commands[0]!, argv: ['ls'] }); }, TypeError);
    assert.throws(() => { mutable.effects.length = 0; }, TypeError);
    assert.throws(() => { (first.commands[0]!.argv as string[])[0] = 'ls'; }, TypeError);
    assert.throws(() => { (first.effects[0] as { target: string }).target = 'harmless'; }, TypeError);
    assert.deepEqual(cached.analyze('rm -rf build'), fresh);
  });

  it('keeps at most its capacity, evicting the least recently used line', () => {
    const cached = cachingAnalyzer(analyzer, 2);
    cached.analyze('ls a');
    cached.analyze('ls b');
    cached.analyze('ls a');
    cached.analyze('ls c');
    assert.deepEqual(cached.stats, { hits: 1, misses: 3 });
    cached.analyze('ls a');
    assert.deepEqual(cached.stats, { hits: 2, misses: 3 });
    cached.analyze('ls b');
    assert.deepEqual(cached.stats, { hits: 2, misses: 4 });
  });

  it('does not cache a failure: the next call analyses again', () => {
    let calls = 0;
    const flaky: CommandAnalyzer = {
      analyze(line) {
        calls++;
        if (calls === 1) throw new Error('boom');
        return analyzer.analyze(line);
      },
    };
    const cached = cachingAnalyzer(flaky, 8);
    assert.throws(() => cached.analyze('ls'), /boom/);
    assert.deepEqual(cached.analyze('ls'), analyzer.analyze('ls'));
    assert.equal(calls, 2);
  });

  it('capacity 0 passes the analyzer through untouched', () => {
    const cached = cachingAnalyzer(analyzer, 0);
    const analysis = cached.analyze('ls');
    assert.equal(Object.isFrozen(analysis), false);
    cached.analyze('ls');
    assert.deepEqual(cached.stats, { hits: 0, misses: 2 });
  });
});

describe('remembered path judgements', () => {
  const fresh = () => createEvaluator({ policy: mergeLayers([]), analyzer: { analyze: () => { throw new Error('unused'); } }, fs: fakeFs(), env: ENV });
  const requests = [
    { op: 'write' as const, path: 'src/a.ts', cwd: WS, workspace: WS },
    { op: 'write' as const, path: `${WS}/src/a.ts`, cwd: '/srv/other', workspace: '/srv/other' },
    { op: 'read' as const, path: '.env', cwd: WS, workspace: WS },
    { op: 'delete' as const, path: '../x', cwd: WS, workspace: WS },
    { op: 'write' as const, path: '/etc/hosts', cwd: WS, workspace: WS },
  ];

  it('gives each request what a fresh evaluator gives, however often the path was seen', () => {
    const evaluator = fresh();
    const verdicts = new Set<string>();
    for (let round = 0; round < 3; round++) {
      for (const request of requests) {
        const decision = evaluator.checkPath(request);
        assert.deepEqual(decision, fresh().checkPath(request), `${request.op} ${request.path} in ${request.workspace}`);
        verdicts.add(decision.decision);
      }
    }
    // The same file inside one workspace and outside another must be judged differently.
    assert.notEqual(evaluator.checkPath(requests[0]!).decision, evaluator.checkPath(requests[1]!).decision);
    assert.ok(verdicts.size >= 2);
  });

  it('is not changed by a caller that edits the decision it received', () => {
    const evaluator = fresh();
    const request = { op: 'read' as const, path: '.env', cwd: WS, workspace: WS };
    const first = evaluator.checkPath(request);
    assert.equal(first.decision, 'deny');
    const rule = first.matchedRules[0] as { effect: string; description: string };
    rule.effect = 'allow';
    rule.description = 'edited';
    first.reasons.length = 0;
    assert.deepEqual(evaluator.checkPath(request), fresh().checkPath(request));
  });
});
