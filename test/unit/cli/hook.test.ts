import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createHookCommand, hookCommand } from '../../../src/cli/hook';
import { claudeFormat, copilotFormat } from '../../../src/cli/hook/formats';
import { mapToolCall } from '../../../src/cli/hook/tools';
import { ioFor, PROJECT, scriptedPolicy, startGuardBridge } from './hookHarness';

const claudeInput = (toolName: string, toolInput: unknown) =>
  JSON.stringify({ session_id: 's', transcript_path: '/t', cwd: PROJECT, permission_mode: 'default', hook_event_name: 'PreToolUse', tool_name: toolName, tool_input: toolInput, tool_use_id: 'toolu_1' });

function decisionOf(stdout: string): { decision?: string; reason?: string; updatedInput?: unknown } {
  const parsed = JSON.parse(stdout) as { hookSpecificOutput?: { permissionDecision?: string; permissionDecisionReason?: string; updatedInput?: unknown } };
  const h = parsed.hookSpecificOutput ?? {};
  return { decision: h.permissionDecision, reason: h.permissionDecisionReason, updatedInput: h.updatedInput };
}

describe('agent-guard hook', function () {
  this.timeout(30_000);
  const hook = createHookCommand({ offlineEvaluator: () => (op) => scriptedPolicy(op) });
  let runtime: string;
  let env: NodeJS.ProcessEnv;
  beforeEach(() => {
    runtime = fs.mkdtempSync(path.join(os.tmpdir(), 'ag-hook-'));
    env = { XDG_RUNTIME_DIR: runtime };
  });
  afterEach(() => fs.rmSync(runtime, { recursive: true, force: true }));

  it('rejects an unknown agent name with a usage error', async () => {
    const { io, out } = ioFor('{}', env);
    assert.equal(await hook(['cursor'], io), 2);
    assert.match(out.stderr, /usage: agent-guard hook <claude\|copilot\|codex\|gemini>/);
  });

  it('denies input it cannot read: not JSON, no tool name, a command tool without a command', async () => {
    for (const [stdin, why] of [['not json', /not valid JSON/], ['{"tool_input":{}}', /no tool name/], [claudeInput('Bash', { description: 'x' }), /command to run is missing/]] as const) {
      const { io, out } = ioFor(stdin, env);
      assert.equal(await hook(['claude'], io), 0);
      const answer = decisionOf(out.stdout);
      assert.equal(answer.decision, 'deny');
      assert.match(answer.reason ?? '', why);
    }
  });

  it('offline, the real hook evaluates the committed policy: allow stays, deny stays, ask becomes deny', async () => {
    const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'ag-hook-ws-'));
    // The hook finds the workspace by its .git (a cwd in no project folder is never allowed anything).
    fs.mkdirSync(path.join(workspace, '.git'));
    try {
      const input = (command: string) => JSON.stringify({ session_id: 's', cwd: workspace, hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command } });
      const answers = [];
      for (const command of ['ls', 'rm -rf /', 'git push origin main']) {
        const { io, out } = ioFor(input(command), env);
        assert.equal(await hookCommand(['claude'], io), 0);
        answers.push(decisionOf(out.stdout));
      }
      assert.deepEqual(answers.map((a) => a.decision), ['allow', 'deny', 'deny']);
      assert.match(answers[0]?.reason ?? '', /allowed by the committed policy \(VS Code not running\)/);
      assert.doesNotMatch(answers[1]?.reason ?? '', /open VS Code/, 'a policy deny is final, not something to approve');
      assert.match(answers[2]?.reason ?? '', /needs a developer's approval, and VS Code is not running; open VS Code with Agent Guard to approve this/);
    } finally {
      fs.rmSync(workspace, { recursive: true, force: true });
    }
  });

  it('offline, a committed policy may only tighten: its allow rules are ignored, its deny rules apply', async () => {
    const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'ag-hook-ws-'));
    try {
      fs.mkdirSync(path.join(workspace, '.vscode'));
      fs.writeFileSync(path.join(workspace, '.vscode', 'agent-guard.json'), JSON.stringify({
        version: 1, template: 'trusted-automation', approvalMode: 'never',
        commands: { rules: [{ id: 'loosen', effect: 'allow', command: 'frobnicate' }, { id: 'tighten', effect: 'deny', command: 'ls' }] },
      }));
      const input = (command: string) => JSON.stringify({ session_id: 's', cwd: workspace, hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command } });
      const answers = [];
      // Trusted, this file would allow both `frobnicate` (its rule) and `rm -r build` (approval mode never).
      for (const command of ['frobnicate --now', 'rm -r build', 'ls', 'git status']) {
        const { io, out } = ioFor(input(command), env);
        assert.equal(await hookCommand(['claude'], io), 0);
        answers.push(decisionOf(out.stdout));
      }
      assert.deepEqual(answers.map((a) => a.decision), ['deny', 'deny', 'deny', 'allow']);
      assert.match(answers[0]?.reason ?? '', /open VS Code with Agent Guard to approve this/, 'the loosening allow rule did not apply');
      assert.match(answers[1]?.reason ?? '', /open VS Code with Agent Guard to approve this/, 'approval mode never did not apply');
    } finally {
      fs.rmSync(workspace, { recursive: true, force: true });
    }
  });

  it('an offline evaluator that throws denies', async () => {
    const broken = createHookCommand({ offlineEvaluator: () => () => { throw new Error('policy file is not valid JSON'); } });
    const { io, out } = ioFor(claudeInput('Bash', { command: 'npm test' }), env);
    await broken(['claude'], io);
    assert.match(decisionOf(out.stdout).reason ?? '', /could not evaluate the policy \(policy file is not valid JSON\)/);
  });

  describe('with the bridge up', () => {
    let bridge: Awaited<ReturnType<typeof startGuardBridge>>;
    beforeEach(async () => { bridge = await startGuardBridge(runtime); });
    afterEach(() => bridge.server.close());

    async function whilePending(act: (id: string) => void): Promise<void> {
      for (let i = 0; i < 500 && bridge.guard.queue.pending().length === 0; i++) await new Promise((r) => setTimeout(r, 2));
      const request = bridge.guard.queue.pending()[0];
      assert.ok(request, 'the hook is waiting for the developer');
      act(request.id);
    }

    it('returns the developer denial reason to the agent', async () => {
      const { io, out } = ioFor(claudeInput('Bash', { command: 'git push origin main' }), env);
      const running = hook(['claude'], io);
      await whilePending((id) => bridge.guard.queue.deny(id, 'open a pull request instead'));
      await running;
      assert.deepEqual(decisionOf(out.stdout), { decision: 'deny', reason: 'Agent Guard: denied by the developer: open a pull request instead', updatedInput: undefined });
    });

    it('an edited command is passed as updatedInput to Claude, and named in a denial to Gemini', async () => {
      const claude = ioFor(claudeInput('Bash', { command: 'git push origin main', description: 'Push' }), env);
      const running = hook(['claude'], claude.io);
      await whilePending((id) => bridge.guard.queue.editAndApprove(id, 'npm test'));
      await running;
      const answer = decisionOf(claude.out.stdout);
      assert.equal(answer.decision, 'allow');
      assert.deepEqual(answer.updatedInput, { command: 'npm test', description: 'Push' });
      const gemini = ioFor(JSON.stringify({ session_id: 's', cwd: PROJECT, hook_event_name: 'BeforeTool', tool_name: 'run_shell_command', tool_input: { command: 'git push origin main' } }), env);
      const geminiRunning = hook(['gemini'], gemini.io);
      await whilePending((id) => bridge.guard.queue.editAndApprove(id, 'npm test'));
      await geminiRunning;
      assert.deepEqual(JSON.parse(gemini.out.stdout), { decision: 'deny', reason: 'Agent Guard: the developer approved an edited command instead; run exactly: npm test' });
    });

    it('denies when the bridge refuses the token, instead of falling back to the policy', async () => {
      fs.writeFileSync(bridge.server.paths.tokenPath, 'forged-token', { mode: 0o600 });
      const { io, out } = ioFor(claudeInput('Bash', { command: 'npm test' }), env);
      await hook(['claude'], io);
      assert.match(decisionOf(out.stdout).reason ?? '', /refused the request \(wrong bridge token\)/);
    });

    it('a paused guard denies every hook call', async () => {
      bridge.guard.killSwitch.pauseAll('developer pressed pause');
      const { io, out } = ioFor(claudeInput('Bash', { command: 'npm test' }), env);
      await hook(['claude'], io);
      assert.match(decisionOf(out.stdout).reason ?? '', /paused \(developer pressed pause\)/);
    });

    it('runs as a real process: `agent-guard hook claude` over the bridge', async () => {
      const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, '../../../src/cli/main.ts'), 'hook', 'claude'], {
        env: { ...process.env, XDG_RUNTIME_DIR: runtime }, stdio: ['pipe', 'pipe', 'pipe'],
      });
      let stdout = '';
      child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
      child.stdin.end(claudeInput('Bash', { command: 'rm -rf /' }));
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      assert.equal(code, 0);
      assert.deepEqual(decisionOf(stdout), { decision: 'deny', reason: 'Agent Guard: deleting the root of the file system is never allowed', updatedInput: undefined });
    });
  });
});

describe('tool mapping', () => {
  it('resolves relative paths against the hook cwd and lists every file of a patch', () => {
    assert.deepEqual(mapToolCall('view', { path: 'src/a.ts' }, '/p'), { ok: true, operations: [{ kind: 'read', path: '/p/src/a.ts' }] });
    const patch = '*** Begin Patch\n*** Delete File: old.ts\n*** Update File: a.ts\n*** Move to: b.ts\n*** End Patch';
    assert.deepEqual(mapToolCall('apply_patch', { input: patch }, '/p'), {
      ok: true,
      operations: [{ kind: 'delete', path: '/p/old.ts' }, { kind: 'write', path: '/p/a.ts' }, { kind: 'create', path: '/p/b.ts' }],
    });
  });
  it('uses the command tool working directory when given, and leaves unrelated tools alone', () => {
    assert.deepEqual(mapToolCall('run_shell_command', { command: 'ls', dir_path: 'sub' }, '/p'), { ok: true, operations: [{ kind: 'command', command: 'ls', cwd: '/p/sub' }] });
    assert.deepEqual(mapToolCall('TodoWrite', { todos: [] }, '/p'), { ok: true, operations: [] });
    assert.equal(mapToolCall('Write', { content: 'x' }, '/p').ok, false);
    assert.equal(mapToolCall('apply_patch', { input: 'no files here' }, '/p').ok, false);
  });
  it('keeps a well-formed session id and drops anything else (the session then counts as unnamed)', () => {
    const sessionOf = (session: unknown) => {
      const parsed = claudeFormat.parse({ session_id: session, tool_name: 'Bash', tool_input: { command: 'ls' }, cwd: '/p' }, '/p');
      return parsed.ok ? parsed.call.session : 'parse failed';
    };
    assert.equal(sessionOf('0199a1b2-c3d4'), '0199a1b2-c3d4');
    for (const bad of ['a b', 'x'.repeat(129), '', 42, '../../etc', 'id\n']) assert.equal(sessionOf(bad), undefined, JSON.stringify(bad));
    const copilotCli = copilotFormat.parse({ toolName: 'bash', toolArgs: '{"command":"ls"}', cwd: '/p', timestamp: 1 }, '/p');
    assert.equal(copilotCli.ok && copilotCli.call.session, undefined, 'Copilot CLI camelCase input names no session');
  });
});
