import { strict as assert } from 'node:assert';
import { dirname } from 'node:path';
import { assessHookHealth, geminiRuleTrust, versionAtLeast, type AgentFacts } from '../../../src/engine/hooks/health';
import { parseHooksListLine } from '../../../src/cli/hook/healthProbe';

const WS = '/home/dev/project';

function facts(overrides: Partial<AgentFacts> = {}): AgentFacts {
  return {
    workspace: WS,
    hookInstalled: { claude: true, codex: true, gemini: true, copilot: true },
    claude: { installed: true, version: '2.1.332' },
    codex: { installed: true, version: '0.171.0', listed: { found: true, trustStatus: 'trusted' } },
    gemini: { installed: true, version: '0.61.0', folderTrust: 'trusted', hookSeenBefore: true },
    copilot: { installed: true, version: '1.0.102', folderTrusted: true, allowAllEnv: false },
    ...overrides,
  };
}
const row = (f: AgentFacts, agent: string) => assessHookHealth(f).find((r) => r.agent === agent)!;

describe('hook health', () => {
  it('reports every hook active when trusted, reviewed and recent', () => {
    assert.deepEqual(assessHookHealth(facts()).map((r) => r.state), ['active', 'active', 'active', 'active']);
  });

  it('Codex: an untrusted project (hook absent from hooks/list) and an unreviewed hook are inactive, each with a fix', () => {
    const untrusted = row(facts({ codex: { installed: true, version: '0.171.0', listed: { found: false } } }), 'codex');
    assert.equal(untrusted.state, 'inactive');
    assert.match(untrusted.summary, /not trusted/);
    assert.match(untrusted.fix ?? '', /cd \/home\/dev\/project && codex/);
    for (const status of ['untrusted', 'modified', 'something-new']) {
      const unreviewed = row(facts({ codex: { installed: true, listed: { found: true, trustStatus: status } } }), 'codex');
      assert.equal(unreviewed.state, 'inactive', status);
      assert.match(unreviewed.summary, /not reviewed/);
    }
  });

  it('Codex that cannot be asked is unknown, never active', () => {
    assert.equal(row(facts({ codex: { installed: false } }), 'codex').state, 'unknown');
    assert.equal(row(facts({ codex: { installed: true, version: '0.171.0' } }), 'codex').state, 'unknown');
  });

  it('Gemini: an untrusted folder, no rule, or the env override make the hook inactive', () => {
    for (const folderTrust of ['untrusted', 'no-rule', 'env-untrusted'] as const) {
      const r = row(facts({ gemini: { installed: true, folderTrust, hookSeenBefore: false } }), 'gemini');
      assert.equal(r.state, 'inactive', folderTrust);
      assert.ok(r.fix);
    }
    assert.equal(row(facts({ gemini: { installed: true, folderTrust: 'trust-disabled', hookSeenBefore: false } }), 'gemini').state, 'active');
    assert.match(row(facts({ gemini: { installed: true, folderTrust: 'trusted', hookSeenBefore: false } }), 'gemini').summary, /warn about the new project hook/);
  });

  it('Copilot: an untrusted folder is inactive unless COPILOT_ALLOW_ALL', () => {
    assert.equal(row(facts({ copilot: { installed: true, folderTrusted: false, allowAllEnv: false } }), 'copilot').state, 'inactive');
    assert.equal(row(facts({ copilot: { installed: true, folderTrusted: false, allowAllEnv: true } }), 'copilot').state, 'active');
  });

  it('Claude Code before 2.1.295 runs the hook but lets a crash through, and says so', () => {
    const old = row(facts({ claude: { installed: true, version: '2.1.294' } }), 'claude');
    assert.equal(old.state, 'active');
    assert.match(old.failOpenOnCrash ?? '', /2\.1\.295/);
    assert.equal(row(facts(), 'claude').failOpenOnCrash, undefined);
    assert.equal(row(facts({ claude: { installed: false } }), 'claude').state, 'unknown');
  });

  it('an agent without the hook entry is not-installed', () => {
    assert.equal(row(facts({ hookInstalled: { claude: false, codex: true, gemini: true, copilot: true } }), 'claude').state, 'not-installed');
  });

  it('versionAtLeast compares numerically and treats unreadable versions as older', () => {
    assert.ok(versionAtLeast('2.1.295', '2.1.295'));
    assert.ok(versionAtLeast('2.10.0', '2.9.9'));
    assert.ok(!versionAtLeast('2.1.99', '2.1.295'));
    assert.ok(!versionAtLeast('garbage', '2.1.295'));
    assert.ok(!versionAtLeast(undefined, '2.1.295'));
  });

  it('geminiRuleTrust: the longest rule wins; TRUST_PARENT trusts the parent; a sibling prefix does not match', () => {
    assert.equal(geminiRuleTrust({ '/home/dev': 'TRUST_FOLDER', '/home/dev/project': 'DO_NOT_TRUST' }, WS, dirname), 'untrusted');
    assert.equal(geminiRuleTrust({ '/home/dev/other': 'TRUST_PARENT' }, WS, dirname), 'trusted');
    assert.equal(geminiRuleTrust({ '/home/dev/proj': 'TRUST_FOLDER' }, WS, dirname), 'no-rule');
    assert.equal(geminiRuleTrust({}, WS, dirname), 'no-rule');
  });

  it('parseHooksListLine reads Codex hooks/list (captured from codex 0.171.0 app-server)', () => {
    const line = JSON.stringify({ id: 2, result: { data: [{ cwd: WS, hooks: [{ key: `${WS}/.codex/hooks.json:pre_tool_use:0:0`, command: 'agent-guard hook codex', source: 'project', trustStatus: 'untrusted' }], warnings: [], errors: [] }] } });
    assert.deepEqual(parseHooksListLine(line, 'agent-guard hook codex'), { found: true, trustStatus: 'untrusted' });
    assert.deepEqual(parseHooksListLine(JSON.stringify({ id: 2, result: { data: [{ cwd: WS, hooks: [] }] } }), 'agent-guard hook codex'), { found: false });
    assert.equal(parseHooksListLine('{"id":1,"result":{}}', 'agent-guard hook codex'), 'other');
    assert.equal(parseHooksListLine(JSON.stringify({ id: 2, error: { message: 'no' } }), 'agent-guard hook codex'), undefined);
  });
});
