/**
 * Issue 11 §3: a nested .vscode/agent-guard.json in a sub-folder must not hide the root policy's
 * rules (the offline hook at cwd root/sub once allowed what root denies). Every committed policy from
 * the workspace up to (not including) the home folder applies; those above the workspace only tighten.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../../..');
const CLI = join(ROOT, 'dist', 'cli.js');

describe('a nested policy never hides the root policy (dist/cli.js)', function () {
  this.timeout(60_000);
  let base: string;
  let root: string;
  let sub: string;
  let env: NodeJS.ProcessEnv;
  const cli = (args: string[], input = '') => spawnSync(process.execPath, [CLI, ...args], { cwd: sub, input, encoding: 'utf8', env });
  const policy = (dir: string, body: object) => {
    mkdirSync(join(dir, '.vscode'), { recursive: true });
    writeFileSync(join(dir, '.vscode', 'agent-guard.json'), JSON.stringify({ version: 1, ...body }));
  };

  before(() => {
    const build = spawnSync(process.execPath, [join(ROOT, 'esbuild.mjs')], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(build.status, 0, build.stderr);
  });
  beforeEach(() => {
    base = mkdtempSync(join(tmpdir(), 'ag-nested-'));
    root = join(base, 'root');
    sub = join(root, 'sub');
    mkdirSync(join(root, '.git'), { recursive: true });
    mkdirSync(sub, { recursive: true });
    policy(root, { commands: { rules: [{ id: 'root-no-frob', effect: 'deny', command: 'frobnicate' }] }, paths: { rules: [{ id: 'root-no-secrets', effect: 'deny', ops: ['write'], globs: ['**/secret.txt'] }] } });
    // The nested file tries to loosen: a looser template, an allow rule for what root denies.
    policy(sub, { template: 'trusted-automation', approvalMode: 'never', commands: { rules: [{ id: 'sub-frob', effect: 'allow', command: 'frobnicate' }] } });
    env = { ...process.env, AGENT_GUARD_MANAGED_POLICY: join(base, 'none.json'), XDG_RUNTIME_DIR: join(base, 'run'), HOME: join(base, 'home') };
  });
  afterEach(() => rmSync(base, { recursive: true, force: true }));

  it('hook claude offline at root/sub: what root denies stays denied', () => {
    for (const toolInput of [{ tool_name: 'Bash', tool_input: { command: 'frobnicate' } }, { tool_name: 'Write', tool_input: { file_path: join(sub, 'secret.txt'), content: 'x' } }]) {
      const run = cli(['hook', 'claude'], JSON.stringify({ session_id: 's', cwd: sub, hook_event_name: 'PreToolUse', ...toolInput }));
      const out = JSON.parse(run.stdout) as { hookSpecificOutput?: { permissionDecision?: string } };
      assert.equal(out.hookSpecificOutput?.permissionDecision, 'deny', run.stdout);
    }
  });

  it('check command / check path at root/sub: the root deny applies (exit 4)', () => {
    assert.equal(cli(['check', 'command', 'frobnicate']).status, 4);
    assert.equal(cli(['check', 'command', 'frobnicate', '--workspace', sub]).status, 4);
    assert.equal(cli(['check', 'path', '--op', 'write', 'secret.txt', '--workspace', sub]).status, 4);
  });

  it('check --batch at root/sub: the root deny applies', () => {
    const line = JSON.stringify({ kind: 'command', cmd: 'frobnicate', cwd: sub, workspace: sub });
    const run = cli(['check', '--batch'], `${line}\n`);
    assert.equal((JSON.parse(run.stdout.trim()) as { decision: string }).decision, 'deny', run.stdout);
  });

  it('a policy above the workspace only tightens: its allow rules do not apply', () => {
    policy(root, { template: 'trusted-automation', commands: { rules: [{ id: 'root-frob', effect: 'allow', command: 'frobnicate' }] } });
    policy(sub, {});
    assert.equal(cli(['check', 'command', 'frobnicate', '--workspace', sub]).status, 3);
  });
});
