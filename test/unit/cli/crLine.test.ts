/**
 * Issue 11's worst case, end to end through every entry point agents use: `pwd >\r\nrm -rf victim-dir`
 * (bash writes pwd's output to a file named CR, then deletes the directory) must never be allowed by
 * `check command`, `check --batch` or `hook claude` (offline, no bridge). Runs the built bundle.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../../..');
const CLI = join(ROOT, 'dist', 'cli.js');
const CR_LINE = 'pwd >\r\nrm -rf victim-dir';

describe('the CR line of issue 11 through check, check --batch and hook claude (dist/cli.js)', function () {
  this.timeout(60_000);
  let ws: string;
  let env: NodeJS.ProcessEnv;
  const cli = (args: string[], input = '') => spawnSync(process.execPath, [CLI, ...args], { cwd: ws, input, encoding: 'utf8', env });

  before(() => {
    const build = spawnSync(process.execPath, [join(ROOT, 'esbuild.mjs')], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(build.status, 0, build.stderr);
  });
  beforeEach(() => {
    ws = mkdtempSync(join(tmpdir(), 'ag-cr-'));
    mkdirSync(join(ws, 'victim-dir'));
    mkdirSync(join(ws, 'run'));
    // A project folder (the hook finds its workspace by .git), and a home folder that is not the workspace.
    mkdirSync(join(ws, '.git'));
    env = { ...process.env, AGENT_GUARD_MANAGED_POLICY: join(ws, 'none.json'), XDG_RUNTIME_DIR: join(ws, 'run'), HOME: join(ws, 'home') };
  });
  afterEach(() => rmSync(ws, { recursive: true, force: true }));

  it('check command: ask, exit 3, and the reason names the carriage return', () => {
    const run = cli(['check', 'command', CR_LINE, '--json']);
    assert.equal(run.status, 3, run.stderr + run.stdout);
    const decision = JSON.parse(run.stdout) as { decision: string; reasons: string[] };
    assert.equal(decision.decision, 'ask');
    assert.match(decision.reasons.join(' '), /carriage return/);
  });

  it('check --batch: not allowed, between two allowed lines that stay allowed', () => {
    const lines = ['ls', CR_LINE, 'pwd'].map((cmd) => JSON.stringify({ kind: 'command', cmd })).join('\n');
    const run = cli(['check', '--batch'], `${lines}\n`);
    assert.equal(run.status, 0, run.stderr);
    const verdicts = run.stdout.trim().split('\n').map((l) => (JSON.parse(l) as { decision: string }).decision);
    assert.deepEqual(verdicts, ['allow', 'ask', 'allow']);
  });

  it('hook claude (offline): permissionDecision is not allow', () => {
    const input = JSON.stringify({ session_id: 's', transcript_path: '/t', cwd: ws, permission_mode: 'default', hook_event_name: 'PreToolUse',
      tool_name: 'Bash', tool_input: { command: CR_LINE }, tool_use_id: 'toolu_1' });
    const run = cli(['hook', 'claude'], input);
    assert.equal(run.status, 0, run.stderr);
    const output = JSON.parse(run.stdout) as { hookSpecificOutput?: { permissionDecision?: string } };
    assert.ok(['ask', 'deny'].includes(output.hookSpecificOutput?.permissionDecision ?? ''), run.stdout);
    const plain = JSON.parse(cli(['hook', 'claude'], input.replace(JSON.stringify(CR_LINE), '"ls"')).stdout) as { hookSpecificOutput?: { permissionDecision?: string } };
    assert.equal(plain.hookSpecificOutput?.permissionDecision, 'allow', 'the same call with a plain ls is allowed');
  });
});
