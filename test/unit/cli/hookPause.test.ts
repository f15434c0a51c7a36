import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createHookCommand } from '../../../src/cli/hook';
import { pauseFile, writePause } from '../../../src/node/bridge/pauseFile';
import { ioFor, scriptedPolicy } from './hookHarness';

const decisionOf = (stdout: string) => (JSON.parse(stdout) as { hookSpecificOutput: { permissionDecision: string; permissionDecisionReason?: string } }).hookSpecificOutput;

// Issue 12 item 5: offline (no VS Code), the hook honours the pause switch the extension recorded.
describe('hook offline honours the pause switch', () => {
  const hook = createHookCommand({ offlineEvaluator: () => (op) => scriptedPolicy(op) });
  let root: string;
  let workspace: string;
  let env: NodeJS.ProcessEnv;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'ag-pause-'));
    workspace = path.join(root, 'ws');
    fs.mkdirSync(path.join(workspace, 'sub'), { recursive: true });
    env = { XDG_RUNTIME_DIR: path.join(root, 'runtime'), AGENT_GUARD_STATE_DIR: path.join(root, 'state') };
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  async function ask(command: string, cwd = workspace) {
    const { io, out } = ioFor(JSON.stringify({ session_id: 's', cwd, hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command } }), env);
    assert.equal(await hook(['claude'], io), 0);
    return decisionOf(out.stdout);
  }

  it('denies what the committed policy allows while paused, from the workspace and its subfolders; allows again after resume', async () => {
    assert.equal((await ask('npm test')).permissionDecision, 'allow');
    writePause(workspace, { paused: true, reason: 'anomaly: 40 deletes in 10 s', since: Date.now() }, env);
    assert.equal(fs.statSync(pauseFile(workspace, env)).mode & 0o777, 0o600);
    for (const cwd of [workspace, path.join(workspace, 'sub')]) {
      const answer = await ask('npm test', cwd);
      assert.equal(answer.permissionDecision, 'deny');
      assert.match(answer.permissionDecisionReason ?? '', /Agent Guard is paused: anomaly: 40 deletes in 10 s; resume in VS Code/);
    }
    writePause(workspace, { paused: false }, env);
    assert.equal((await ask('npm test')).permissionDecision, 'allow');
  });

  it('a pause file others may write counts as paused (fail closed)', async () => {
    writePause(workspace, { paused: true, reason: 'x', since: 1 }, env);
    fs.writeFileSync(pauseFile(workspace, env), JSON.stringify({ paused: false }));
    fs.chmodSync(pauseFile(workspace, env), 0o666);
    const answer = await ask('npm test');
    assert.equal(answer.permissionDecision, 'deny');
    assert.match(answer.permissionDecisionReason ?? '', /pause state cannot be trusted/);
  });
});
