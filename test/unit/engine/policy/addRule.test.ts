import assert from 'node:assert/strict';
import { addRuleToPolicyText, addRuleToPolicyValue, buildAlwaysAllowRule, newPolicyText, type PlannedRule } from '../../../../src/engine/policy/addRule';
import { validatePolicy } from '../../../../src/engine/policy/load';
import type { CommandAnalyzer } from '../../../../src/engine/command/analysis';
import { nodeCommandAnalyzer } from '../../../../src/node/commandAnalyzerLoader';
import { WS, evaluatorFor, layer } from '../evaluate/support';
import type { SuggestedRule } from '../../../../src/engine/approval/rules';

const author = { agentId: 'claude-code', who: 'alice', at: Date.UTC(2026, 10, 23, 13, 0, 0) };
const npmTest: SuggestedRule = { kind: 'command', effect: 'allow', match: 'npm test', description: 'allow exactly the command `npm test`' };

function plan(suggested: SuggestedRule = npmTest): PlannedRule {
  const result = buildAlwaysAllowRule(suggested, author);
  assert.ok(result.ok, result.ok ? '' : result.reason);
  return result.value;
}

describe('engine/policy/addRule', () => {
  it('builds an exact command rule with the approved command as its match example, an id and who/when', () => {
    const planned = plan();
    assert.equal(planned.section, 'commands');
    assert.deepEqual({ ...planned.rule, description: undefined }, { id: planned.rule.id, effect: 'allow', command: 'npm test $$', match: ['npm test'], description: undefined });
    assert.match(planned.rule.id, /^always-allow-[0-9a-f]{8}$/);
    assert.match(planned.rule.description ?? '', /alice on 2026-11-23T13:00:00Z for agent claude-code/);
    assert.notEqual(plan({ ...npmTest, match: 'npm test2' }).rule.id, planned.rule.id);
  });

  it('the written rule allows the approved command but not more positional words', () => {
    const loaded = validatePolicy(JSON.parse(newPolicyText(plan())), 'x');
    assert.ok(loaded.policy, JSON.stringify(loaded.problems));
    const widened = { version: 1, commands: { rules: [{ ...plan().rule, match: ['npm test', 'npm test --', 'npm test publish'] }] } };
    const problems = validatePolicy(widened, 'x').problems.map((p) => p.message).join(' ');
    assert.match(problems, /does not match its example "npm test publish"/);
  });

  it('refuses what a rule cannot name exactly instead of widening it', () => {
    for (const match of ['npm test && rm -rf /', 'ls *.ts', 'cat $(whoami)', 'echo a > b']) {
      const result = buildAlwaysAllowRule({ ...npmTest, match }, author);
      assert.equal(result.ok, false, match);
    }
    assert.equal(buildAlwaysAllowRule({ kind: 'path', effect: 'allow', match: '/w/src/*.ts', operation: 'write', description: 'd' }, author).ok, false);
  });

  it('builds an exact path rule for one operation (create is written as write)', () => {
    const planned = plan({ kind: 'path', effect: 'allow', match: '/w/src/a.ts', operation: 'create', description: 'd' });
    assert.equal(planned.section, 'paths');
    assert.deepEqual(planned.section === 'paths' && { ops: planned.rule.ops, globs: planned.rule.globs }, { ops: ['write'], globs: ['/w/src/a.ts'] });
  });

  it('appends to an existing rules array keeping every other byte and the indentation', () => {
    const text = '{\n    "version": 1,\n    "commands": {\n        "rules": [\n            { "id": "deny-push", "effect": "deny", "command": "git push" }\n        ]\n    },\n    "network": { "unknownHosts": "deny" }\n}\n';
    const result = addRuleToPolicyText(text, plan(), 'f');
    assert.ok(result.ok, result.ok ? '' : result.reason);
    const ruleLine = `,\n            ${JSON.stringify(result.value.rule.rule)}`;
    const at = text.indexOf('"git push" }') + '"git push" }'.length;
    assert.equal(result.value.text, text.slice(0, at) + ruleLine + text.slice(at));
  });

  it('creates rules or the section when missing, and fills an empty array', () => {
    const cases = [
      '{"version": 1}',
      '{\n  "version": 1,\n  "commands": { "unknownPrograms": "ask" }\n}',
      '{\n  "version": 1,\n  "commands": {\n    "rules": []\n  }\n}',
      '{"version":1,"commands":{}}',
    ];
    for (const text of cases) {
      const result = addRuleToPolicyText(text, plan(), 'f');
      assert.ok(result.ok, `${text}: ${result.ok ? '' : result.reason}`);
      const before = JSON.parse(text);
      const after = JSON.parse(result.value.text);
      assert.deepEqual(after.commands.rules.at(-1), result.value.rule.rule);
      assert.deepEqual({ ...after, commands: { ...after.commands, rules: undefined } }, { ...before, commands: { ...before.commands, rules: undefined } });
    }
  });

  it('never edits invalid JSON or an invalid policy', () => {
    assert.equal(addRuleToPolicyText('{"version": 1,', plan(), 'f').ok, false);
    assert.equal(addRuleToPolicyText('{"version": 2}', plan(), 'f').ok, false);
    assert.equal(addRuleToPolicyValue({ version: 1, bogus: true }, plan()).ok, false);
  });

  it('gives a second identical rule a different id', () => {
    const first = addRuleToPolicyText('{"version": 1}', plan(), 'f');
    assert.ok(first.ok);
    const second = addRuleToPolicyText(first.value.text, plan(), 'f');
    assert.ok(second.ok);
    assert.equal(second.value.rule.rule.id, `${first.value.rule.rule.id}-2`);
  });

  it('adds to the user-settings value, creating a policy when there is none', () => {
    const fresh = addRuleToPolicyValue(undefined, plan());
    assert.ok(fresh.ok);
    assert.deepEqual(fresh.value.policy, { version: 1, commands: { rules: [plan().rule] } });
    const existing = { version: 1, approvalMode: 'smart', commands: { unknownPrograms: 'ask' } };
    const added = addRuleToPolicyValue(existing, plan());
    assert.ok(added.ok);
    assert.deepEqual(existing, { version: 1, approvalMode: 'smart', commands: { unknownPrograms: 'ask' } }, 'input not mutated');
    assert.deepEqual(added.value.policy.commands, { unknownPrograms: 'ask', rules: [plan().rule] });
  });

  describe('written rules are allow rules only: stricter layers still win', () => {
    let analyzer: CommandAnalyzer;
    before(async () => { analyzer = await nodeCommandAnalyzer(); });
    const userLayer = () => {
      const added = addRuleToPolicyValue(undefined, plan({ ...npmTest, match: 'make deploy', description: 'd' }));
      assert.ok(added.ok);
      const { version: _v, ...rest } = added.value.policy as { version: 1 };
      return layer(rest, 'user');
    };
    const check = (layers: Parameters<typeof evaluatorFor>[1], command: string) =>
      evaluatorFor(analyzer, layers).checkCommand({ command, cwd: WS, workspace: WS }).decision;

    it('the always-allowed command is allowed, a longer one is not', () => {
      assert.equal(check([userLayer()], 'make deploy'), 'allow');
      assert.notEqual(check([userLayer()], 'make deploy prod'), 'allow');
    });

    it('a managed or workspace deny covering it keeps it denied', () => {
      const deny = { commands: { rules: [{ id: 'no-deploy', effect: 'deny' as const, command: 'make deploy' }] } };
      assert.equal(check([layer(deny, 'managed'), userLayer()], 'make deploy'), 'deny');
      assert.equal(check([layer(deny, 'workspace'), userLayer()], 'make deploy'), 'deny');
    });
  });
});
