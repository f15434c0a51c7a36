import * as assert from 'node:assert/strict';
import { createAgentApi } from '../../../../src/engine/interceptor/agentApi';
import { OperationResultSchema } from '../../../../src/protocol/agentApi';
import { decisionOf, makeHarness } from './harness';

describe('agent API implementation', () => {
  const policy = { 'npm test': decisionOf('allow', 'low'), 'rm -rf /': decisionOf('deny', 'critical', 'never'), 'write:/w/a.ts': decisionOf('allow', 'low') };

  it('registers agents as pending; a pending agent is refused until approved', async () => {
    const h = makeHarness(policy);
    const api = createAgentApi(h.guard);
    assert.equal(api.version, 1);
    assert.deepEqual(await api.registerAgent({ id: 'my-agent', name: 'My agent' }), { id: 'my-agent', status: 'pending', profile: 'execute' });
    const refused = await api.runCommand('my-agent', { command: 'npm test', cwd: '/w' });
    assert.equal(refused.status, 'denied');
    assert.match(refused.reason, /waiting for a developer to approve/);
    h.guard.agents.approve('my-agent');
    const ran = await api.runCommand('my-agent', { command: 'npm test', cwd: '/w', timeoutMs: 1000, secrets: ['NPM_TOKEN'] });
    assert.deepEqual(ran, { status: 'executed', verdict: 'allow', risk: 'low', reason: 'allowed by policy', outcome: { exitCode: 0, output: 'ok' } });
    assert.ok(OperationResultSchema.safeParse(ran).success);
    assert.deepEqual(h.executed[0], { kind: 'command', agentId: 'my-agent', command: 'npm test', cwd: '/w', secrets: ['NPM_TOKEN'], timeoutMs: 1000 });
  });

  it('refuses invalid input with a clear reason and executes nothing', async () => {
    const h = makeHarness(policy);
    const api = createAgentApi(h.guard);
    h.guard.agents.register('a', 'A');
    h.guard.agents.approve('a', 'admin');
    const cases = [
      api.runCommand('a', { command: '', cwd: '/w' }),
      api.runCommand('a', { command: 'npm test' } as never),
      api.runCommand('a', { command: 'npm test', cwd: '/w', timeoutMs: -5 }),
      api.runCommand('a', { command: 'npm test', cwd: '/w', shell: '/bin/zsh' } as never),
      api.runCommand('not an id!', { command: 'npm test', cwd: '/w' }),
      api.editFile('a', { path: '/w/a.ts' } as never),
      api.editFile('a', { path: '/w/a.ts', newContent: 'x', edits: [] } as never),
      api.readFile('a', { path: 'a\0b' }),
      api.runCommand('a', { command: 'npm test', cwd: '/w', secrets: ['not a name'] }),
    ];
    for (const result of await Promise.all(cases)) {
      assert.equal(result.status, 'invalid');
      assert.equal(result.verdict, 'deny');
      assert.match(result.reason, /^invalid input, nothing was executed \(/);
    }
    assert.equal(h.executed.length, 0);
    assert.equal(h.audited.length, 0, 'invalid input never reaches the interceptor');
    await assert.rejects(api.registerAgent({ id: '', name: 'x' }), /nothing was registered/);
    await assert.rejects(api.registerAgent({ id: 'hook:claude', name: 'impostor' }), /reserved/);
    h.guard.agents.register('hook:claude', 'Claude Code');
    h.guard.agents.approve('hook:claude', 'admin');
    const impostor = await api.runCommand('hook:claude', { command: 'npm test', cwd: '/w' });
    assert.equal(impostor.status, 'invalid', 'an extension cannot act as a hook agent');
  });

  it('maps edits, creates, reads and deletes to operations; denials carry the reason', async () => {
    const h = makeHarness(policy);
    const api = createAgentApi(h.guard);
    h.guard.agents.register('a', 'A');
    h.guard.agents.approve('a', 'admin');
    const edited = await api.editFile('a', { path: '/w/a.ts', edits: [{ oldText: 'x', newText: 'y' }] });
    assert.equal(edited.status, 'executed');
    assert.deepEqual(h.executed[0], { kind: 'write', agentId: 'a', path: '/w/a.ts', edits: [{ oldText: 'x', newText: 'y' }] });
    const denied = await api.runCommand('a', { command: 'rm -rf /', cwd: '/w' });
    assert.deepEqual(denied, { status: 'denied', verdict: 'deny', risk: 'critical', reason: 'never' });
    assert.equal(h.executed.length, 1);
  });
});
