/**
 * The hook process never crashes into an allow: every internal fault ends in the agent's denial with
 * the blocking exit code 2. Runs the real entries (through tsx, a test build) with injected faults: the
 * tiny hook entry agents run (src/cli/entry.ts, dist/cli.js) and the full CLI's `hook` (src/cli/main.ts).
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.join(__dirname, '../../..');
const ENTRIES = ['src/cli/entry.ts', 'src/cli/main.ts'];
const TSX = path.join(ROOT, 'node_modules/tsx/dist/cli.mjs');

const input = JSON.stringify({ session_id: 's', cwd: '/tmp', hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command: 'npm test' } });

function runHookWith(entry: string, agent: string, fault: string | undefined, nodeArgs: string[] = []) {
  const runtime = fs.mkdtempSync(path.join(os.tmpdir(), 'ag-failclosed-'));
  try {
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: runtime, XDG_RUNTIME_DIR: runtime, AGENT_GUARD_DECIDER: 'off' };
    if (fault) env.AGENT_GUARD_HOOK_FAULT = fault;
    const result = spawnSync(process.execPath, [...nodeArgs, TSX, path.join(ROOT, entry), 'hook', agent], { input, env, encoding: 'utf8', timeout: 60_000 });
    return { status: result.status, signal: result.signal, stdout: result.stdout, stderr: result.stderr };
  } finally {
    fs.rmSync(runtime, { recursive: true, force: true });
  }
}

for (const entry of ENTRIES) describe(`the hook fails closed on its own faults (${entry})`, function () {
  this.timeout(120_000);
  const runHook = (agent: string, fault: string | undefined, nodeArgs: string[] = []) => runHookWith(entry, agent, fault, nodeArgs);

  for (const fault of ['throw', 'reject', 'hang']) {
    it(`fault "${fault}": Claude Code gets exit 2 with the reason on stderr and a deny on stdout`, () => {
      const result = runHook('claude', fault);
      assert.equal(result.status, 2, `exit ${result.status} ${result.signal ?? ''}: ${result.stderr}`);
      assert.match(result.stderr, /Agent Guard: the hook failed \(.+\), so the tool call is blocked/);
      assert.equal(JSON.parse(result.stdout).hookSpecificOutput.permissionDecision, 'deny');
    });
  }

  it('every agent gets its own deny form with exit 2 when the hook throws', () => {
    const forms: Record<string, (out: Record<string, unknown>) => unknown> = {
      codex: (out) => (out.hookSpecificOutput as Record<string, unknown>).permissionDecision,
      gemini: (out) => out.decision,
      copilot: (out) => out.permissionDecision ?? (out.hookSpecificOutput as Record<string, unknown>).permissionDecision,
    };
    for (const [agent, decisionOf] of Object.entries(forms)) {
      const result = runHook(agent, 'throw');
      assert.equal(result.status, 2, `${agent}: exit ${result.status}`);
      assert.equal(decisionOf(JSON.parse(result.stdout) as Record<string, unknown>), 'deny', agent);
    }
  });

  it('an out-of-memory abort (V8 kills the process, no JS handler runs) still ends in a deny with exit 2', () => {
    for (const agent of ['claude', 'codex', 'gemini', 'copilot']) {
      const result = runHook(agent, 'oom');
      assert.equal(result.status, 2, `${agent}: exit ${result.status} ${result.signal ?? ''}: ${result.stderr.slice(-300)}`);
      assert.match(result.stderr, /Agent Guard: the hook failed \(it ran out of memory or aborted, .+\), so the tool call is blocked/);
      assert.match(result.stdout, /deny/, agent);
    }
  });

  it('a decision process killed by SIGKILL ends in a deny with exit 2', () => {
    const result = runHook('codex', 'kill');
    assert.equal(result.status, 2, `exit ${result.status} ${result.signal ?? ''}: ${result.stderr.slice(-300)}`);
    assert.match(result.stderr, /Agent Guard: the hook failed \(it crashed, killed by SIGKILL\), so the tool call is blocked/);
    assert.equal(JSON.parse(result.stdout).hookSpecificOutput.permissionDecision, 'deny');
  });

  it('without a fault the same input is answered normally (exit 0), so the faults above are what blocks', () => {
    const result = runHook('claude', undefined);
    assert.equal(result.status, 0, result.stderr);
  });
});
