/** Layer precedence: strictest wins, managed cannot be loosened, an untrusted workspace only tightens. */
import assert from 'node:assert/strict';
import { mergeLayers, type PolicyLayer } from '../../../../src/engine/policy/merge';
import type { PolicyFile } from '../../../../src/engine/policy/schema';

const L = (source: PolicyLayer['source'], policy: Omit<PolicyFile, 'version'>, trusted = true): PolicyLayer =>
  ({ source, origin: source, policy: { version: 1, ...policy }, trusted });

describe('policy layers', () => {
  it('defaults to the balanced template', () => {
    const merged = mergeLayers([]);
    assert.equal(merged.template, 'balanced');
    assert.equal(merged.approvalMode, 'smart');
    assert.equal(merged.paths.insideWorkspace.delete, 'ask');
  });

  const scalarRows: [string, PolicyLayer[], (m: ReturnType<typeof mergeLayers>) => unknown, unknown][] = [
    ['user picks never (loosening the template is allowed)', [L('user', { approvalMode: 'never' })], (m) => m.approvalMode, 'never'],
    ['workspace always beats user never', [L('user', { approvalMode: 'never' }), L('workspace', { approvalMode: 'always' })], (m) => m.approvalMode, 'always'],
    ['managed smart cannot be loosened by workspace never', [L('workspace', { approvalMode: 'never' }), L('managed', { approvalMode: 'smart' })], (m) => m.approvalMode, 'smart'],
    ['untrusted workspace never is ignored', [L('workspace', { approvalMode: 'never' }, false)], (m) => m.approvalMode, 'smart'],
    ['untrusted workspace always applies', [L('workspace', { approvalMode: 'always' }, false)], (m) => m.approvalMode, 'always'],
    ['workspace template choice', [L('workspace', { template: 'trusted-automation' })], (m) => m.template, 'trusted-automation'],
    ['untrusted workspace cannot pick a looser template', [L('workspace', { template: 'trusted-automation' }, false)], (m) => m.template, 'balanced'],
    ['untrusted workspace can pick strict', [L('workspace', { template: 'strict' }, false)], (m) => m.template, 'strict'],
    ['a workspace cannot pick a looser template than the user', [L('user', { template: 'balanced' }), L('workspace', { template: 'trusted-automation' })], (m) => m.template, 'balanced'],
    ['managed template wins', [L('workspace', { template: 'trusted-automation' }), L('managed', { template: 'strict' })], (m) => m.template, 'strict'],
    ['outside-workspace write: deny beats allow', [L('user', { paths: { outsideWorkspace: { write: 'allow' } } }), L('workspace', { paths: { outsideWorkspace: { write: 'deny' } } })], (m) => m.paths.outsideWorkspace.write, 'deny'],
    ['untrusted workspace cannot allow deletes', [L('workspace', { paths: { insideWorkspace: { delete: 'allow' } } }, false)], (m) => m.paths.insideWorkspace.delete, 'ask'],
    ['protected sets stay on against an untrusted workspace', [L('workspace', { paths: { protected: { secrets: false } } }, false)], (m) => m.paths.protected.secrets, true],
    ['managed keeps protected sets on', [L('user', { paths: { protected: { secrets: false } } }), L('managed', { paths: { protected: { secrets: true } } })], (m) => m.paths.protected.secrets, true],
    ['sandbox.required: any layer requiring it wins', [L('user', { sandbox: { required: false } }), L('workspace', { sandbox: { required: true } })], (m) => m.sandbox.required, true],
    ['sandbox network: strictest', [L('user', { sandbox: { network: 'full' } }), L('managed', { sandbox: { network: 'none' } })], (m) => m.sandbox.network, 'none'],
    ['sandbox limits: smallest', [L('user', { sandbox: { limits: { memoryMb: 256 } } })], (m) => m.sandbox.limits?.memoryMb, 256],
    ['sandbox disk limit: smallest', [L('user', { sandbox: { limits: { diskMb: 900 } } }), L('workspace', { sandbox: { limits: { diskMb: 300 } } })], (m) => m.sandbox.limits?.diskMb, 300],
    ['rate limits: smallest', [L('workspace', { rateLimits: { commands: { burst: 3, perHour: 99999 } } })], (m) => m.rateLimits.commands, { burst: 3, perHour: 1200 }],
    ['risk askAtOrAbove: lower is stricter', [L('user', { risk: { askAtOrAbove: 'critical' } }), L('workspace', { risk: { askAtOrAbove: 'medium' } })], (m) => m.risk.askAtOrAbove, 'medium'],
    ['untrusted workspace cannot raise the ask threshold', [L('workspace', { risk: { askAtOrAbove: 'critical' } }, false)], (m) => m.risk.askAtOrAbove, 'high'],
    ['agent profiles: strictest per agent', [L('user', { agents: { profiles: { bot: 'admin' } } }), L('managed', { agents: { profiles: { bot: 'read-only' } } })], (m) => m.agents.profiles.bot, 'read-only'],
    ['untrusted workspace cannot make an agent admin', [L('workspace', { agents: { profiles: { bot: 'admin' } } }, false)], (m) => m.agents.profiles.bot, 'execute'],
    ['untrusted workspace can make an agent read-only', [L('workspace', { agents: { profiles: { bot: 'read-only' } } }, false)], (m) => m.agents.profiles.bot, 'read-only'],
    ['untrusted workspace cannot raise the default profile', [L('workspace', { agents: { defaultProfile: 'admin' } }, false)], (m) => m.agents.defaultProfile, 'execute'],
    ['trusted user can make an agent admin', [L('user', { agents: { profiles: { ops: 'admin' } } })], (m) => m.agents.profiles.ops, 'admin'],
    ['notUnderstood: deny wins', [L('user', { commands: { notUnderstood: 'deny' } }), L('workspace', { commands: { notUnderstood: 'ask' } })], (m) => m.notUnderstood, 'deny'],
  ];
  for (const [name, layers, pick, expected] of scalarRows) {
    it(name, () => assert.deepEqual(pick(mergeLayers(layers)), expected));
  }

  it('rules from every layer apply together, with their source', () => {
    const merged = mergeLayers([
      L('user', { commands: { rules: [{ id: 'u', effect: 'allow', command: 'make deploy' }] } }),
      L('workspace', { commands: { rules: [{ id: 'w', effect: 'deny', command: 'make deploy' }] } }),
      L('managed', { commands: { rules: [{ id: 'm', effect: 'ask', command: 'terraform' }] } }),
    ]);
    const ids = merged.commandRules.filter((r) => r.source !== 'defaults').map((r) => `${r.source}:${r.value.id}`);
    assert.deepEqual(ids, ['user:u', 'workspace:w', 'managed:m']);
  });

  it('an untrusted workspace keeps only tightening rules and lists', () => {
    const merged = mergeLayers([L('workspace', {
      commands: { rules: [{ id: 'a', effect: 'allow', command: 'curl' }, { id: 'd', effect: 'deny', command: 'wget' }] },
      paths: { allowed_paths: ['/etc/**'], denied_paths: ['docs/**'], rules: [{ id: 'pa', effect: 'allow', ops: ['delete'], globs: ['**'] }] },
      network: { allowedHosts: ['evil.example'], deniedHosts: ['pastebin.com'] },
      secrets: [{ name: 'TOKEN', commands: ['curl'] }],
    }, false)]);
    const ws = merged.commandRules.filter((r) => r.source === 'workspace').map((r) => r.value.id);
    assert.deepEqual(ws, ['d']);
    assert.deepEqual(merged.paths.allowed, []);
    assert.deepEqual(merged.paths.denied.map((d) => d.value), ['docs/**']);
    assert.deepEqual(merged.paths.rules.filter((r) => r.source === 'workspace'), []);
    assert.ok(!merged.network.allowedHosts.includes('evil.example'));
    assert.ok(merged.network.deniedHosts.includes('pastebin.com'));
    assert.deepEqual(merged.secrets, []);
  });

  it('names its layers for explanations', () => {
    const merged = mergeLayers([L('workspace', {}, false)]);
    assert.deepEqual(merged.layers, ['template balanced', 'workspace workspace (untrusted: tighten only)']);
  });
});
