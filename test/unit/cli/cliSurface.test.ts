/**
 * The CLI's surface as a newcomer meets it (issue 17): --version, --help on every sub-command, unknown
 * flags refused with the usage, the `trusted` template alias, a minimal `policy init`, readable errors.
 * Runs the built bundle (node dist/cli.js), as a user would.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../../..');
const CLI = join(ROOT, 'dist', 'cli.js');

function cli(args: string[], cwd: string, input = '') {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd, input, encoding: 'utf8',
    env: { ...process.env, AGENT_GUARD_MANAGED_POLICY: join(cwd, 'no-managed-policy.json') },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('agent-guard CLI surface (dist/cli.js)', function () {
  this.timeout(60_000);
  let ws: string;

  before(() => {
    const build = spawnSync(process.execPath, [join(ROOT, 'esbuild.mjs')], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(build.status, 0, build.stderr);
  });
  beforeEach(() => { ws = mkdtempSync(join(tmpdir(), 'ag-cli-surface-')); });
  afterEach(() => rmSync(ws, { recursive: true, force: true }));

  it('--version prints the package version and exits 0', () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    for (const flag of ['--version', '-V']) {
      const run = cli([flag], ws);
      assert.equal(run.code, 0, run.stderr);
      assert.equal(run.stdout, `agent-guard ${version}\n`);
    }
  });

  const SUBCOMMANDS = ['check', 'policy', 'audit', 'scan', 'hook'];

  it('--help and -h print usage on stdout and exit 0 for the CLI and every sub-command', () => {
    for (const args of [['--help'], ['-h'], ['help'], ...SUBCOMMANDS.flatMap((sub) => [[sub, '--help'], [sub, '-h'], ['help', sub]])]) {
      const run = cli(args, ws);
      assert.equal(run.code, 0, `${args.join(' ')}: ${run.stderr}`);
      assert.match(run.stdout, /usage:\s+agent-guard/, args.join(' '));
      assert.equal(run.stderr, '', args.join(' '));
    }
  });

  it('an action-less sub-command and a missing command are usage errors (exit 2, usage on stderr)', () => {
    for (const args of [[], ['policy'], ['audit'], ['scan'], ['hook']]) {
      const run = cli(args, ws);
      assert.equal(run.code, 2, args.join(' '));
      assert.match(run.stderr, /usage:\s+agent-guard/, args.join(' '));
    }
    assert.doesNotMatch(cli(['policy'], ws).stderr, /say what to do/);
  });

  it('unknown flags are refused with exit 2 and the usage, in every sub-command', () => {
    writeFileSync(join(ws, 'p.json'), '{"version":1}');
    const rows: string[][] = [
      ['policy', 'validate', 'p.json', '--bogus'],
      ['policy', 'init', '--template', 'strict', '--bogus'],
      ['check', 'command', 'ls', '--bogus'],
      ['check', '--batch', '--bogus'],
      ['audit', 'verify', ws, '--bogus'],
      ['scan', '--inbound', '--bogus'],
      ['hook', 'claude', '--bogus'],
      ['check', 'command', 'ls', '--json=yes'],
      ['check', 'command', 'ls', '--cwd'],
    ];
    for (const args of rows) {
      const run = cli(args, ws, '{}');
      assert.equal(run.code, 2, `${args.join(' ')} exited ${run.code}: ${run.stderr}`);
      assert.match(run.stderr, /usage:\s+agent-guard/, args.join(' '));
    }
    assert.match(cli(['policy', 'validate', 'p.json', '--bogus'], ws).stderr, /unknown option --bogus/);
  });

  it('one template name everywhere: "trusted" is accepted by init and in a file, and means trusted-automation', () => {
    writeFileSync(join(ws, 'short.json'), '{"version":1,"template":"trusted"}');
    const valid = cli(['policy', 'validate', 'short.json'], ws);
    assert.equal(valid.code, 0, valid.stderr);
    writeFileSync(join(ws, 'p.json'), '{"version":1,"template":"trusted"}');
    const explained = cli(['policy', 'explain', 'ls', '--policy', 'p.json'], ws);
    assert.equal(explained.code, 0, explained.stderr);
    assert.match(explained.stdout, /template trusted-automation/);
  });

  it('policy init writes a minimal file that names the template, and explain lists each rule once', () => {
    const init = cli(['policy', 'init', '--template', 'balanced'], ws);
    assert.equal(init.code, 0, init.stderr);
    const written = JSON.parse(readFileSync(join(ws, '.vscode', 'agent-guard.json'), 'utf8'));
    assert.deepEqual(written, { version: 1, template: 'balanced', commands: { rules: [] }, paths: { rules: [] } });
    assert.match(init.stdout, /"commands": \{ "rules"/, 'prints example rules to copy');

    // An old-style file that copies the whole template: every rule fires in two layers, listed once.
    const expanded = spawnSync(process.execPath, ['-e', `process.stdout.write(require('fs').readFileSync(${JSON.stringify(join(ROOT, 'templates', 'balanced.json'))}, 'utf8'))`], { encoding: 'utf8' }).stdout;
    writeFileSync(join(ws, '.vscode', 'agent-guard.json'), expanded);
    const explained = cli(['policy', 'explain', 'git push --force origin main'], ws);
    assert.equal(explained.code, 0, explained.stderr);
    const fired = explained.stdout.split('rules that fired:\n')[1]?.trim().split('\n') ?? [];
    assert.ok(fired.length > 0);
    const ids = fired.map((line) => line.replace(/^\s*\[\w+\] [^ ]+ /, '').split(':')[0]);
    assert.equal(new Set(ids).size, ids.length, `a rule listed twice:\n${fired.join('\n')}`);
    assert.ok(fired.some((line) => /defaults?, workspace|workspace, defaults?/.test(line)), fired.join('\n'));
  });

  it('policy errors say what is expected, and a JSON syntax error stays on one line', () => {
    writeFileSync(join(ws, 'bad.json'), '{"version":1,"commands":{"rules":[{"id":"a","effect":"allow","command":5}]}}');
    const run = cli(['policy', 'validate', 'bad.json'], ws);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /\$\.commands\.rules\[0\]\.command: expected a pattern/);
    assert.doesNotMatch(run.stderr, /Invalid input\n/);

    writeFileSync(join(ws, 'syntax.json'), '{\n  "version":\n    x\n}');
    const syntax = cli(['policy', 'validate', 'syntax.json'], ws);
    assert.equal(syntax.code, 1);
    const problemLine = syntax.stderr.split('\n')[0] ?? '';
    assert.match(problemLine, /syntax\.json: line 3, column 5: not valid JSON: Unexpected token 'x'$/);
  });
});
