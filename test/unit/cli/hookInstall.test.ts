import * as assert from 'node:assert/strict';
import { FAIL_OPEN_ON_HOOK_FAILURE, HOOK_TIMEOUT_SECONDS, HOOK_WAIT_MS, planHookInstall } from '../../../src/cli/hook/install';

describe('agent-guard hook install planning', () => {
  it('creates the Claude Code settings entry when there is no file', () => {
    const result = planHookInstall('claude', '/w', undefined);
    assert.ok(result.ok);
    assert.equal(result.plan.file, '/w/.claude/settings.json');
    assert.deepEqual(JSON.parse(result.plan.after), {
      hooks: { PreToolUse: [{ matcher: 'Bash|Write|Edit|MultiEdit|NotebookEdit|Read|Glob|Grep', hooks: [{ type: 'command', command: 'agent-guard hook claude', timeout: 600, onFailure: 'block' }] }] },
    });
  });

  it('keeps existing settings and hooks, and does not add the entry twice', () => {
    const existing = JSON.stringify({ model: 'x', hooks: { PreToolUse: [{ matcher: 'Bash', hooks: [{ type: 'command', command: 'lint.sh' }] }], Stop: [] } });
    const first = planHookInstall('claude', '/w', existing);
    assert.ok(first.ok && first.plan.changed);
    const after = JSON.parse(first.plan.after) as { model: string; hooks: { PreToolUse: unknown[]; Stop: unknown[] } };
    assert.equal(after.model, 'x');
    assert.equal(after.hooks.PreToolUse.length, 2);
    assert.deepEqual(after.hooks.Stop, []);
    const again = planHookInstall('claude', '/w', first.plan.after);
    assert.ok(again.ok);
    assert.equal(again.plan.changed, false);
  });

  it('uses each agent\'s own file and event', () => {
    const files = (['codex', 'gemini', 'copilot'] as const).map((agent) => {
      const result = planHookInstall(agent, '/w', undefined);
      assert.ok(result.ok);
      return [result.plan.file, Object.keys((JSON.parse(result.plan.after) as { hooks: object }).hooks)[0]];
    });
    assert.deepEqual(files, [['/w/.codex/hooks.json', 'PreToolUse'], ['/w/.gemini/settings.json', 'BeforeTool'], ['/w/.github/hooks/agent-guard.json', 'PreToolUse']]);
  });

  it('gives every agent a hook timeout longer than the hook waits, so the hook denies before the agent gives up', () => {
    assert.ok(HOOK_WAIT_MS <= (HOOK_TIMEOUT_SECONDS - 15) * 1000, 'a margin for start-up and the answer');
    for (const agent of ['claude', 'codex', 'gemini', 'copilot'] as const) {
      const result = planHookInstall(agent, '/w', undefined);
      assert.ok(result.ok);
      const timeouts = [...result.plan.after.matchAll(/"timeout":\s*(\d+)/g)].map((m) => Number(m[1]));
      assert.equal(timeouts.length, 1, agent);
      const timeoutMs = agent === 'gemini' ? timeouts[0]! : timeouts[0]! * 1000;
      assert.ok(timeoutMs > HOOK_WAIT_MS, `${agent}: ${timeoutMs} ms`);
    }
  });

  it('refuses to rewrite files that are not plain JSON, offering the snippet instead', () => {
    const result = planHookInstall('gemini', '/w', '{ // comment\n "hooks": {} }');
    assert.equal(result.ok, false);
    assert.match(result.ok ? '' : result.snippet, /agent-guard hook gemini/);
    assert.equal(planHookInstall('claude', '/w', '{"hooks": []}').ok, false);
  });
});

describe('install-time fail-open notes', () => {
  it('names, with versions, the agents that let a failing hook through (Codex, Gemini CLI, old Claude Code), not Copilot', () => {
    assert.deepEqual(Object.keys(FAIL_OPEN_ON_HOOK_FAILURE).sort(), ['claude', 'codex', 'gemini']);
    assert.match(FAIL_OPEN_ON_HOOK_FAILURE.codex ?? '', /0\.171\.0/);
    assert.match(FAIL_OPEN_ON_HOOK_FAILURE.gemini ?? '', /0\.61\.0/);
    assert.match(FAIL_OPEN_ON_HOOK_FAILURE.claude ?? '', /2\.1\.295/);
  });
});
