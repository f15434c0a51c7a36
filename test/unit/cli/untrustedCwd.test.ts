/**
 * Issue 11 §3, "offline hook with an untrusted cwd": the cwd in a hook's input (or a batch line) is
 * the agent's word, so it must never choose the workspace. `"cwd": "/"` once made the whole file
 * system the workspace (writes to /etc/cron.d and /usr/local/bin allowed). Runs the built bundle
 * through `check command`, `check --batch` and `hook claude`, offline and with a bridge running.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startGuardBridge } from './hookHarness';

const ROOT = resolve(__dirname, '../../..');
const CLI = join(ROOT, 'dist', 'cli.js');

interface Run { status: number | null; stdout: string; stderr: string }

describe('a cwd the agent chose never makes the workspace (dist/cli.js)', function () {
  this.timeout(60_000);
  let base: string;
  let repo: string;
  let home: string;
  let env: NodeJS.ProcessEnv;
  const cli = (args: string[], input = '', cwd = repo): Run => spawnSync(process.execPath, [CLI, ...args], { cwd, input, encoding: 'utf8', env });
  const hookInput = (cwd: string, tool: string, input: Record<string, unknown>) =>
    JSON.stringify({ session_id: 's', cwd, hook_event_name: 'PreToolUse', tool_name: tool, tool_input: input });
  const hookDecision = (run: Run): { decision?: string; reason?: string } => {
    assert.equal(run.status, 0, run.stderr);
    const out = JSON.parse(run.stdout) as { hookSpecificOutput?: { permissionDecision?: string; permissionDecisionReason?: string } };
    return { decision: out.hookSpecificOutput?.permissionDecision, reason: out.hookSpecificOutput?.permissionDecisionReason };
  };

  before(() => {
    const build = spawnSync(process.execPath, [join(ROOT, 'esbuild.mjs')], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(build.status, 0, build.stderr);
  });
  beforeEach(() => {
    base = mkdtempSync(join(tmpdir(), 'ag-cwd-'));
    repo = join(base, 'repo');
    home = join(base, 'home');
    mkdirSync(join(repo, '.git'), { recursive: true });
    mkdirSync(join(repo, 'src', 'deep'), { recursive: true });
    // A dotfiles repository in $HOME must not make the home folder a workspace either.
    mkdirSync(join(home, '.git'), { recursive: true });
    mkdirSync(join(base, 'run'));
    env = { ...process.env, AGENT_GUARD_MANAGED_POLICY: join(base, 'none.json'), XDG_RUNTIME_DIR: join(base, 'run'), HOME: home };
  });
  afterEach(() => rmSync(base, { recursive: true, force: true }));

  const ATTACKS: [tool: string, input: Record<string, unknown>][] = [
    ['Bash', { command: 'echo "* * * * * root sh /tmp/x" > /etc/cron.d/x' }],
    ['Bash', { command: 'cp /tmp/x /usr/local/bin/x' }],
    ['Write', { file_path: '/usr/local/bin/x', content: '#!/bin/sh\n' }],
    ['Write', { file_path: '/etc/cron.d/x', content: '* * * * * root sh /tmp/x\n' }],
  ];

  it('hook claude offline, cwd "/": never allow, and the reason says the folder is not a project', () => {
    for (const [tool, input] of ATTACKS) {
      const answer = hookDecision(cli(['hook', 'claude'], hookInput('/', tool, input)));
      assert.notEqual(answer.decision, 'allow', `${tool} ${JSON.stringify(input)}: ${answer.reason}`);
    }
    const ls = hookDecision(cli(['hook', 'claude'], hookInput('/', 'Bash', { command: 'ls' })));
    assert.notEqual(ls.decision, 'allow', 'nothing is allowed outside every known workspace');
    assert.match(ls.reason ?? '', /not inside a project folder/);
  });

  it('hook claude offline, cwd $HOME (even with a .git there): never allow', () => {
    const answer = hookDecision(cli(['hook', 'claude'], hookInput(home, 'Write', { file_path: join(home, '.local/bin/x'), content: 'x' })));
    assert.notEqual(answer.decision, 'allow', answer.reason);
    assert.match(answer.reason ?? '', /not inside a project folder/);
  });

  it('hook claude offline, cwd in a sub-folder of a repository: the repository is the workspace', () => {
    const sub = join(repo, 'src', 'deep');
    assert.equal(hookDecision(cli(['hook', 'claude'], hookInput(sub, 'Bash', { command: 'ls' }))).decision, 'allow');
    assert.equal(hookDecision(cli(['hook', 'claude'], hookInput(sub, 'Write', { file_path: join(repo, 'src', 'a.ts'), content: 'x' }))).decision, 'allow');
    assert.notEqual(hookDecision(cli(['hook', 'claude'], hookInput(sub, 'Write', { file_path: '/usr/local/bin/x', content: 'x' }))).decision, 'allow');
  });

  it('hook claude with a bridge running for the repository, cwd "/": never allow', async () => {
    const bridge = await startGuardBridge(join(base, 'run'), repo);
    try {
      for (const [tool, input] of ATTACKS) {
        const run = await new Promise<Run>((done) => {
          // Asynchronous: the bridge answers from this process.
          const child = spawn(process.execPath, [CLI, 'hook', 'claude'], { cwd: repo, env });
          let stdout = '';
          let stderr = '';
          child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
          child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
          child.on('close', (status) => done({ status, stdout, stderr }));
          child.stdin.end(hookInput('/', tool, input));
        });
        const answer = hookDecision(run);
        assert.notEqual(answer.decision, 'allow', `${tool} ${JSON.stringify(input)}: ${answer.reason}`);
      }
    } finally {
      await bridge.server.close();
    }
  });

  it('check command --cwd /: the write under /etc or /usr/local/bin is not allowed', () => {
    for (const command of ['echo x > /etc/cron.d/x', 'echo x > /usr/local/bin/x', 'echo x > etc/cron.d/x']) {
      const run = cli(['check', 'command', command, '--cwd', '/', '--json']);
      assert.notEqual(run.status, 0, `${command}: ${run.stdout}`);
    }
  });

  it('check command --workspace / or --workspace $HOME: ask, with the reason', () => {
    for (const workspace of ['/', home]) {
      const run = cli(['check', 'command', 'echo x > /usr/local/bin/x', '--cwd', workspace, '--workspace', workspace, '--json']);
      assert.notEqual(run.status, 0, run.stdout);
      const ls = cli(['check', 'command', 'ls', '--cwd', workspace, '--workspace', workspace, '--json']);
      assert.equal(ls.status, 3, ls.stdout);
      assert.match(ls.stdout, workspace === '/' ? /root of the file system/ : /home folder/);
    }
    const write = cli(['check', 'path', '--op', 'write', '/etc/cron.d/x', '--workspace', '/', '--json']);
    assert.notEqual(write.status, 0, write.stdout);
  });

  it('check --batch: a line claiming cwd or workspace "/" is not allowed; the repository line still is', () => {
    const lines = [
      { kind: 'command', cmd: 'echo x > /etc/cron.d/x', cwd: '/' },
      { kind: 'command', cmd: 'echo x > /usr/local/bin/x', cwd: '/', workspace: '/' },
      { kind: 'path', op: 'write', path: '/etc/cron.d/x', cwd: '/', workspace: '/' },
      { kind: 'path', op: 'write', path: '/usr/local/bin/x', workspace: home },
      { kind: 'command', cmd: 'echo x > src/a.ts', cwd: join(repo, 'src') },
    ].map((line) => JSON.stringify(line)).join('\n');
    const run = cli(['check', '--batch'], `${lines}\n`);
    assert.equal(run.status, 0, run.stderr);
    const verdicts = run.stdout.trim().split('\n').map((l) => (JSON.parse(l) as { decision: string }).decision);
    assert.equal(verdicts.length, 5);
    assert.deepEqual(verdicts.slice(0, 4).map((v) => v === 'allow'), [false, false, false, false], verdicts.join(','));
    assert.equal(verdicts[4], 'allow', 'a write inside the repository, from a sub-folder cwd');
  });

  it('a committed policy marks a workspace like .git does', () => {
    const project = join(base, 'project');
    mkdirSync(join(project, '.vscode'), { recursive: true });
    mkdirSync(join(project, 'lib'));
    writeFileSync(join(project, '.vscode', 'agent-guard.json'), JSON.stringify({ version: 1 }));
    assert.equal(hookDecision(cli(['hook', 'claude'], hookInput(join(project, 'lib'), 'Bash', { command: 'ls' }))).decision, 'allow');
  });
});
