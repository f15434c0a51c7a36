/** The `agent-guard check` and `policy` CLI from the built bundle (node dist/cli.js), as agents' hooks call it. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../../..');
const CLI = join(ROOT, 'dist', 'cli.js');

interface Run { code: number | null; stdout: string; stderr: string }

function cli(args: string[], options: { cwd: string; input?: string; env?: NodeJS.ProcessEnv }): Run {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd: options.cwd, input: options.input ?? '', encoding: 'utf8', maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, AGENT_GUARD_MANAGED_POLICY: join(options.cwd, 'no-managed-policy.json'), ...options.env },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('agent-guard check / policy (dist/cli.js)', function () {
  this.timeout(60_000);
  let ws: string;

  before(() => {
    const build = spawnSync(process.execPath, [join(ROOT, 'esbuild.mjs')], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(build.status, 0, build.stderr);
  });
  beforeEach(() => {
    ws = mkdtempSync(join(tmpdir(), 'ag-cli-'));
    mkdirSync(join(ws, 'src'));
  });
  afterEach(() => rmSync(ws, { recursive: true, force: true }));

  const EXIT_ROWS: [string[], number][] = [
    [['check', 'command', 'git status'], 0],
    [['check', 'command', 'npm test && ls'], 0],
    [['check', 'command', 'git push origin main'], 3],
    [['check', 'command', 'cat .env'], 4],
    [['check', 'command', 'rm -rf /'], 4],
    [['check', 'path', '--op', 'read', 'src/a.ts'], 0],
    [['check', 'path', '--op', 'delete', 'src/a.ts'], 3],
    [['check', 'path', '--op', 'write', '.vscode/settings.json'], 4],
    [['check', 'path', '--op', 'fly', 'x'], 2],
    [['check', 'path', 'x'], 2],
    [['check', 'command'], 2],
    [['check', 'command', 'ls', 'extra'], 2],
    [['check', 'command', 'ls', '--policy', 'missing.json'], 2],
    [['check', 'command', 'ls', '--bogus-value=1'], 2],
    [['check'], 2],
  ];
  for (const [args, code] of EXIT_ROWS) {
    it(`${args.join(' ')} -> exit ${code}`, () => {
      const run = cli(args, { cwd: ws });
      assert.equal(run.code, code, run.stderr + run.stdout);
    });
  }

  it('--json prints the decision object', () => {
    const run = cli(['check', 'command', 'git status; cat .env', '--json'], { cwd: ws });
    const decision = JSON.parse(run.stdout);
    assert.equal(decision.decision, 'deny');
    assert.equal(decision.subcommands.length, 2);
    assert.ok(decision.reasons.length > 0 && decision.matchedRules.length > 0);
  });

  it('human output gives the verdict and reasons', () => {
    const run = cli(['check', 'command', 'git push origin main'], { cwd: ws });
    assert.match(run.stdout, /^ask \(risk high\)\n  - /);
  });

  it('--cwd and --workspace decide where relative paths point', () => {
    const other = join(ws, 'src');
    assert.equal(cli(['check', 'path', '--op', 'write', '../x.txt', '--cwd', other, '--workspace', other], { cwd: ws }).code, 3);
    assert.equal(cli(['check', 'path', '--op', 'write', '../x.txt', '--cwd', other, '--workspace', ws], { cwd: ws }).code, 0);
  });

  it("uses the workspace's .vscode/agent-guard.json when present", () => {
    mkdirSync(join(ws, '.vscode'));
    writeFileSync(join(ws, '.vscode', 'agent-guard.json'), JSON.stringify({ version: 1, commands: { rules: [{ id: 'no-ls', effect: 'deny', command: 'ls' }] } }));
    assert.equal(cli(['check', 'command', 'ls'], { cwd: ws }).code, 4);
  });

  it('--policy replaces the workspace file', () => {
    writeFileSync(join(ws, 'p.json'), JSON.stringify({ version: 1, approvalMode: 'always' }));
    assert.equal(cli(['check', 'command', 'ls', '--policy', 'p.json'], { cwd: ws }).code, 3);
  });

  it('a broken policy falls back to strict, says why, and still decides', () => {
    writeFileSync(join(ws, 'bad.json'), '{"version": 1, "template": "trusted-automation",}');
    const run = cli(['check', 'command', 'npm test', '--policy', 'bad.json'], { cwd: ws });
    assert.equal(run.code, 3);
    assert.match(run.stderr, /bad\.json: line 1, column \d+: not valid JSON/);
    assert.match(run.stderr, /strict defaults/);
  });

  it('the managed policy cannot be loosened by the workspace', () => {
    writeFileSync(join(ws, 'managed.json'), JSON.stringify({ version: 1, commands: { rules: [{ id: 'corp.no-curl', effect: 'deny', command: 'curl' }] } }));
    writeFileSync(join(ws, 'p.json'), JSON.stringify({ version: 1, template: 'trusted-automation', commands: { rules: [{ id: 'curl-ok', effect: 'allow', command: 'curl' }] } }));
    const run = cli(['check', 'command', 'curl https://github.com', '--policy', 'p.json', '--json'], { cwd: ws, env: { AGENT_GUARD_MANAGED_POLICY: join(ws, 'managed.json') } });
    assert.equal(run.code, 4);
    assert.ok(JSON.parse(run.stdout).matchedRules.some((r: { source: string; ruleId: string }) => r.source === 'managed' && r.ruleId === 'corp.no-curl'));
  });

  it('--batch answers every line in order, bad lines denied, never crashes', () => {
    const lines = [
      JSON.stringify({ kind: 'command', cmd: 'git status' }),
      'not json',
      JSON.stringify({ kind: 'path', op: 'read', path: '.env' }),
      JSON.stringify({ kind: 'path', op: 'explode', path: 'x' }),
      '',
      JSON.stringify({ kind: 'command', cmd: 'git push', cwd: ws, workspace: ws }),
      JSON.stringify({ kind: 'telepathy' }),
      JSON.stringify({ kind: 'path', op: 'write', path: 'src/a.ts', workspace: ws }),
    ];
    const run = cli(['check', '--batch'], { cwd: ws, input: `${lines.join('\n')}\n` });
    assert.equal(run.code, 0, run.stderr);
    const decisions = run.stdout.trim().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(decisions.map((d) => d.decision), ['allow', 'deny', 'deny', 'deny', 'ask', 'deny', 'allow']);
    assert.match(decisions[1].reasons[0], /not JSON/);
    assert.match(decisions[3].reasons[0], /op/);
  });

  it('--batch handles thousands of lines in one process', () => {
    const input = Array.from({ length: 3000 }, (_, i) => JSON.stringify({ kind: 'command', cmd: i % 2 ? 'git status' : 'cat .env' })).join('\n');
    const run = cli(['check', '--batch'], { cwd: ws, input });
    const out = run.stdout.trim().split('\n');
    assert.equal(out.length, 3000);
    assert.equal(JSON.parse(out[2999] ?? '{}').decision, 'allow');
    assert.equal(JSON.parse(out[2998] ?? '{}').decision, 'deny');
  });

  it('policy init writes a template that policy validate accepts', () => {
    for (const template of ['strict', 'balanced', 'trusted']) {
      const output = join(ws, `${template}.json`);
      assert.equal(cli(['policy', 'init', '--template', template, '--output', output], { cwd: ws }).code, 0);
      const run = cli(['policy', 'validate', output], { cwd: ws });
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, /valid/);
    }
    assert.equal(JSON.parse(readFileSync(join(ws, 'trusted.json'), 'utf8')).template, 'trusted-automation');
  });

  it('policy init defaults to .vscode/agent-guard.json and refuses to overwrite', () => {
    assert.equal(cli(['policy', 'init', '--template', 'balanced'], { cwd: ws }).code, 0);
    assert.equal(JSON.parse(readFileSync(join(ws, '.vscode', 'agent-guard.json'), 'utf8')).template, 'balanced');
    assert.equal(cli(['policy', 'init', '--template', 'balanced'], { cwd: ws }).code, 1);
    assert.equal(cli(['policy', 'init', '--template', 'balanced', '--force'], { cwd: ws }).code, 0);
    assert.equal(cli(['policy', 'init', '--template', 'lax'], { cwd: ws }).code, 2);
    assert.equal(cli(['policy', 'validate'], { cwd: ws }).code, 0);
  });

  it('policy validate lists every problem with its location', () => {
    writeFileSync(join(ws, 'bad.json'), JSON.stringify({ version: 1, approvalMode: 'sometimes', network: { allowedHosts: ['*.com'] } }));
    const run = cli(['policy', 'validate', 'bad.json'], { cwd: ws });
    assert.equal(run.code, 1);
    assert.match(run.stderr, /bad\.json: \$\.approvalMode: /);
    assert.equal(cli(['policy', 'validate', 'nope.json'], { cwd: ws }).code, 2);
  });

  it('policy explain shows the rules that fired and why', () => {
    const run = cli(['policy', 'explain', 'git status && git push --force origin main'], { cwd: ws });
    assert.equal(run.code, 0);
    assert.match(run.stdout, /decision: deny/);
    assert.match(run.stdout, /\[deny\] defaults danger\.force-push/);
    assert.match(run.stdout, /git status: allow/);
  });
});
