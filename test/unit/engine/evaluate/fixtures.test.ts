/** Evaluator logic on hand-built analyses: concerns, modes, profiles, thresholds, rule precedence. */
import assert from 'node:assert/strict';
import type { CommandAnalysis, CommandAnalyzer } from '../../../../src/engine/command/analysis';
import { createEvaluator, mergeLayers, type PolicyLayer } from '../../../../src/engine/evaluator';
import { ENV, WS, evaluatorFor, fakeFs, fixedAnalyzer, layer, simple } from './support';

const none = { effects: [], concerns: [] };
const FIXTURES: Record<string, Omit<CommandAnalysis, 'source'>> = {
  'ls': { commands: [simple(['ls'])], ...none },
  'git status': { commands: [simple(['git', 'status'])], ...none },
  'frobnicate': { commands: [simple(['frobnicate'])], ...none },
  'git push': { commands: [simple(['git', 'push'])], effects: [{ kind: 'network', target: 'github.com', via: 'git push', commandIndex: 0 }], concerns: [] },
  'dyn': { commands: [simple(['$X', 'a'], { program: '', dynamic: true })], ...none },
  'concern-ask': { commands: [simple(['ls'])], effects: [], concerns: [{ kind: 'obfuscation', severity: 'ask', message: 'uses ANSI-C quoting', commandIndex: 0 }] },
  'concern-deny': { commands: [simple(['sh'])], effects: [], concerns: [{ kind: 'pipe-to-shell', severity: 'deny', message: 'pipes a download into a shell', commandIndex: 0 }] },
  'line-concern': { commands: [], effects: [], concerns: [{ kind: 'unparseable', severity: 'ask', message: 'could not parse the line', commandIndex: -1 }] },
  'line-effect': { commands: [simple(['ls'])], effects: [{ kind: 'read', target: '.env', via: 'redirect <', commandIndex: -1 }], concerns: [] },
  'write-src': { commands: [simple(['tee', 'src/a.ts'])], effects: [{ kind: 'write', target: 'src/a.ts', via: 'tee', commandIndex: 0 }], concerns: [] },
  'rm-root': { commands: [simple(['rm', '-rf', '/'])], effects: [{ kind: 'delete', target: '/', via: 'rm', commandIndex: 0 }], concerns: [] },
  'curl-unknown': { commands: [simple(['curl', 'http://x.example'])], effects: [{ kind: 'network', target: 'x.example', via: 'curl', commandIndex: 0 }], concerns: [] },
  'curl-nohost': { commands: [simple(['curl', '$U'])], effects: [{ kind: 'network', target: '', via: 'curl', commandIndex: 0 }], concerns: [] },
  'curl-sub': { commands: [simple(['curl', 'https://api.github.com'])], effects: [{ kind: 'network', target: 'api.github.com', via: 'curl', commandIndex: 0 }], concerns: [] },
  'cd-then-rm': { commands: [simple(['cd', '/etc']), simple(['rm', 'hosts'])], effects: [{ kind: 'delete', target: 'hosts', via: 'rm', commandIndex: 1 }], concerns: [] },
  'cd-dynamic': { commands: [simple(['cd', '$D']), simple(['ls'])], ...none },
  'sniff': { commands: [simple(['mytool', '--config=~/.aws/credentials'])], ...none },
  'empty': { commands: [], ...none },
  'curl-token': { commands: [simple(['curl', '-H', 'Authorization: Bearer sk-live-0123456789', 'https://x.example'])], effects: [{ kind: 'network', target: 'x.example', via: 'curl', commandIndex: 0 }], concerns: [] },
  'many-args': { commands: [simple(['echo', ...Array.from({ length: 1001 }, (_, i) => `w${i}`)])], ...none },
};

const analyzer = fixedAnalyzer(FIXTURES);
const check = (command: string, layers: PolicyLayer[] = [], agent?: string) =>
  evaluatorFor(analyzer, layers).checkCommand({ command, cwd: WS, workspace: WS, agent });

interface Row { name: string; command: string; layers?: PolicyLayer[]; agent?: string; expect: 'allow' | 'ask' | 'deny'; risk?: string; reason?: RegExp }

const ROWS: Row[] = [
  { name: 'read-only tool allowed', command: 'ls', expect: 'allow', risk: 'low' },
  { name: 'unknown program asks', command: 'frobnicate', expect: 'ask', reason: /no rule covers/ },
  { name: 'unknownPrograms deny', command: 'frobnicate', layers: [layer({ commands: { unknownPrograms: 'deny' } })], expect: 'deny' },
  { name: 'git push asks under balanced', command: 'git push', expect: 'ask', risk: 'high' },
  { name: 'dynamic program asks', command: 'dyn', expect: 'ask', reason: /not a fixed word/ },
  { name: 'dynamic program denied under strict', command: 'dyn', layers: [layer({ template: 'strict' })], expect: 'deny' },
  { name: 'ask concern asks', command: 'concern-ask', expect: 'ask', reason: /ANSI-C/ },
  { name: 'ask concern denied when notUnderstood=deny', command: 'concern-ask', layers: [layer({ commands: { notUnderstood: 'deny' } })], expect: 'deny' },
  { name: 'deny concern denies', command: 'concern-deny', expect: 'deny', risk: 'critical' },
  { name: 'line-level concern counts', command: 'line-concern', expect: 'ask', reason: /could not parse/ },
  { name: 'line-level effect counts', command: 'line-effect', expect: 'deny', reason: /credentials/ },
  { name: 'write inside workspace allowed', command: 'write-src', expect: 'allow' },
  { name: 'rm -rf / denied critical', command: 'rm-root', expect: 'deny', risk: 'critical' },
  { name: 'unknown host asks', command: 'curl-unknown', expect: 'ask', reason: /x.example is not an allowed host/ },
  { name: 'unknown host denied by policy', command: 'curl-unknown', layers: [layer({ network: { unknownHosts: 'deny' } })], expect: 'deny' },
  { name: 'denied host', command: 'curl-unknown', layers: [layer({ network: { allowedHosts: ['x.example'], deniedHosts: ['x.example'] } })], expect: 'deny' },
  { name: 'allowed exact host', command: 'curl-unknown', layers: [layer({ network: { allowedHosts: ['x.example'] } })], expect: 'allow' },
  { name: 'allowed wildcard host', command: 'curl-sub', expect: 'allow' },
  { name: 'host not known asks', command: 'curl-nohost', expect: 'ask', reason: /host is not known/ },
  { name: 'cd changes where relative paths point', command: 'cd-then-rm', expect: 'deny', reason: /\/etc\/hosts/ },
  { name: 'cd to unknown dir asks', command: 'cd-dynamic', expect: 'ask', reason: /cannot be determined/ },
  { name: 'path-like words checked', command: 'sniff', layers: [layer({ commands: { unknownPrograms: 'allow' } })], expect: 'deny', reason: /credentials/ },
  { name: 'empty line allowed', command: 'empty', expect: 'allow', reason: /nothing to run/ },
  { name: 'too many arguments to check asks', command: 'many-args', expect: 'ask', reason: /too many arguments/ },
  { name: 'approval always asks for allowed', command: 'ls', layers: [layer({ approvalMode: 'always' })], expect: 'ask', reason: /always/ },
  { name: 'approval always keeps deny', command: 'rm-root', layers: [layer({ approvalMode: 'always' })], expect: 'deny' },
  { name: 'approval never allows rule asks', command: 'frobnicate', layers: [layer({ approvalMode: 'never' })], expect: 'allow' },
  { name: 'approval never keeps concern asks', command: 'concern-ask', layers: [layer({ approvalMode: 'never' })], expect: 'ask' },
  { name: 'approval never keeps deny', command: 'rm-root', layers: [layer({ approvalMode: 'never' })], expect: 'deny' },
  { name: 'approval never keeps deny concerns', command: 'concern-deny', layers: [layer({ approvalMode: 'never' })], expect: 'deny' },
  { name: 'approval never: high-risk ask still asks by threshold', command: 'git push', layers: [layer({ approvalMode: 'never' })], expect: 'ask', reason: /threshold/ },
  { name: 'trusted-automation allows git push', command: 'git push', layers: [layer({ template: 'trusted-automation' })], expect: 'allow' },
  { name: 'denyAtOrAbove high denies git push', command: 'git push', layers: [layer({ risk: { denyAtOrAbove: 'high' } })], expect: 'deny' },
  { name: 'askAtOrAbove low asks for everything', command: 'ls', layers: [layer({ risk: { askAtOrAbove: 'low' } })], expect: 'ask' },
  { name: 'read-only profile allows ls', command: 'ls', layers: [layer({ agents: { profiles: { bot: 'read-only' } } })], agent: 'bot', expect: 'allow' },
  { name: 'read-only profile denies writes', command: 'write-src', layers: [layer({ agents: { profiles: { bot: 'read-only' } } })], agent: 'bot', expect: 'deny', reason: /read-only/ },
  { name: 'read-only profile only for that agent', command: 'write-src', layers: [layer({ agents: { profiles: { bot: 'read-only' } } })], agent: 'other', expect: 'allow' },
  { name: 'admin profile allows unknown programs', command: 'frobnicate', layers: [layer({ agents: { profiles: { ops: 'admin' } } })], agent: 'ops', expect: 'allow' },
  { name: 'admin profile keeps protected paths', command: 'line-effect', layers: [layer({ agents: { profiles: { ops: 'admin' } } })], agent: 'ops', expect: 'deny' },
  { name: 'admin profile keeps concerns', command: 'concern-ask', layers: [layer({ agents: { profiles: { ops: 'admin' } } })], agent: 'ops', expect: 'ask' },
  { name: 'deny rule beats allow rule', command: 'ls', layers: [layer({ commands: { rules: [{ id: 'no-ls', effect: 'deny', command: 'ls' }] } })], expect: 'deny', reason: /no-ls/ },
  { name: 'ask rule beats allow rule', command: 'git status', layers: [layer({ commands: { rules: [{ id: 'ask-git', effect: 'ask', command: 'git' }] } })], expect: 'ask' },
  { name: 'workspace allow cannot beat defaults ask', command: 'git push', layers: [layer({ commands: { rules: [{ id: 'push', effect: 'allow', command: 'git push' }] } })], expect: 'ask' },
  { name: 'untrusted workspace allow rule is ignored', command: 'frobnicate', layers: [layer({ commands: { rules: [{ id: 'f', effect: 'allow', command: 'frobnicate' }] } }, 'workspace', false)], expect: 'ask' },
  { name: 'trusted workspace allow rule applies', command: 'frobnicate', layers: [layer({ commands: { rules: [{ id: 'f', effect: 'allow', command: 'frobnicate' }] } })], expect: 'allow' },
  { name: 'untrusted workspace deny rule applies', command: 'ls', layers: [layer({ commands: { rules: [{ id: 'x', effect: 'deny', command: 'ls' }] } }, 'workspace', false)], expect: 'deny' },
  { name: 'untrusted workspace cannot allow hosts', command: 'curl-unknown', layers: [layer({ network: { allowedHosts: ['x.example'] } }, 'workspace', false)], expect: 'ask' },
  { name: 'untrusted workspace cannot switch to never', command: 'frobnicate', layers: [layer({ approvalMode: 'never' }, 'workspace', false)], expect: 'ask' },
  { name: 'managed deny wins', command: 'ls', layers: [layer({ commands: { rules: [{ id: 'm', effect: 'deny', command: 'ls' }] } }, 'managed')], expect: 'deny' },
];

describe('evaluator on hand-built analyses', () => {
  for (const row of ROWS) {
    it(`${row.name}: ${row.expect}`, () => {
      const decision = check(row.command, row.layers, row.agent);
      assert.equal(decision.decision, row.expect, decision.reasons.join('; '));
      if (row.risk) assert.equal(decision.risk, row.risk);
      if (row.reason) assert.match(decision.reasons.join('\n'), row.reason);
      assert.ok(decision.reasons.length > 0);
    });
  }

  it('an analyzer that throws fails closed with a reason', () => {
    const throwing: CommandAnalyzer = { analyze: () => { throw new Error('boom'); } };
    const decision = evaluatorFor(throwing).checkCommand({ command: 'ls', cwd: WS, workspace: WS });
    assert.equal(decision.decision, 'deny');
    assert.match(decision.reasons[0] ?? '', /analyzer failed/);
  });

  it('a malformed rule matches nothing rather than everything', () => {
    const merged = mergeLayers([layer({ commands: { unknownPrograms: 'ask' } })]);
    // The loader rejects such patterns; if one slipped through anyway, compile must drop it, not widen.
    const policy = { ...merged, commandRules: [{ source: 'workspace' as const, value: { id: 'bad', effect: 'allow' as const, command: '| frobnicate' } }] };
    const evaluator = createEvaluator({ policy, analyzer, fs: fakeFs(), env: ENV });
    assert.equal(evaluator.checkCommand({ command: 'frobnicate', cwd: WS, workspace: WS }).decision, 'ask');
    assert.equal(evaluator.checkCommand({ command: 'ls', cwd: WS, workspace: WS }).decision, 'ask');
  });

  it('reasons never repeat arbitrary arguments such as tokens', () => {
    const decision = check('curl-token', [layer({ commands: { rules: [{ id: 'no-curl', effect: 'ask', command: 'curl' }] } })]);
    assert.equal(decision.decision, 'ask');
    assert.doesNotMatch(JSON.stringify({ reasons: decision.reasons, rules: decision.matchedRules }), /sk-live/);
  });

  it('matchedRules name the rules that fired with their source', () => {
    const decision = check('git push');
    assert.ok(decision.matchedRules.some((r) => r.ruleId === 'dev.git-destroy' && r.source === 'defaults' && r.effect === 'ask'));
  });

  it('secretsFor lists only the grants whose command pattern matches', () => {
    const evaluator = evaluatorFor(analyzer, [layer({ secrets: [{ name: 'NPM_TOKEN', commands: ['npm publish'] }, { name: 'GH_TOKEN', commands: ['gh'] }] })]);
    assert.deepEqual(evaluator.secretsFor(['npm', 'publish', '--access', 'public']), ['NPM_TOKEN']);
    assert.deepEqual(evaluator.secretsFor(['/usr/bin/gh', 'pr', 'list']), ['GH_TOKEN']);
    assert.deepEqual(evaluator.secretsFor(['npm', 'test']), []);
  });

  it('an untrusted workspace cannot grant secrets', () => {
    const evaluator = evaluatorFor(analyzer, [layer({ secrets: [{ name: 'NPM_TOKEN', commands: ['npm publish'] }] }, 'workspace', false)]);
    assert.deepEqual(evaluator.secretsFor(['npm', 'publish']), []);
  });
});
