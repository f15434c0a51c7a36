/** Path decisions under the balanced template: protected sets, workspace defaults, policy rules, wildcards. */
import assert from 'node:assert/strict';
import type { CommandAnalyzer } from '../../../../src/engine/command/analysis';
import type { PolicyLayer } from '../../../../src/engine/evaluator';
import type { PathOp } from '../../../../src/engine/policy/schema';
import { wildcardCouldReachProtected } from '../../../../src/engine/path/pathCheck';
import { WS, evaluatorFor, fakeFs, layer } from '../evaluate/support';

const noAnalyzer: CommandAnalyzer = { analyze: () => { throw new Error('not used'); } };
type Row = [op: PathOp, path: string, expected: 'allow' | 'ask' | 'deny', why?: RegExp];

const BALANCED: Row[] = [
  ['read', 'src/index.ts', 'allow'],
  ['write', 'src/index.ts', 'allow'],
  ['execute', 'scripts/build.sh', 'allow'],
  ['delete', 'src/old.ts', 'ask', /inside the workspace/],
  ['read', 'README.md', 'allow'],
  ['read', '.env', 'deny', /credentials/],
  ['read', '.env.local', 'deny'],
  ['read', '.env.production', 'deny'],
  ['read', '.env.example', 'allow'],
  ['read', 'config/.env.sample', 'allow'],
  ['write', '.env', 'ask'],
  ['read', 'certs/server.pem', 'deny'],
  ['read', 'deploy/id_rsa', 'deny'],
  ['read', '~/.ssh/id_ed25519', 'deny'],
  ['read', '~/.ssh', 'deny'],
  ['read', '~/.aws/credentials', 'deny'],
  ['read', '~/.netrc', 'deny'],
  ['read', '~/.git-credentials', 'deny'],
  ['read', '.npmrc', 'deny'],
  ['read', '~/.docker/config.json', 'deny'],
  ['read', '~/.kube/config', 'deny'],
  ['read', '/etc/shadow', 'deny'],
  ['read', '.vscode/settings.json', 'allow'],
  ['write', '.vscode/settings.json', 'deny', /raise the agent's own permissions/],
  ['write', '.vscode/tasks.json', 'deny'],
  ['write', '.vscode/launch.json', 'deny'],
  ['write', '.vscode/mcp.json', 'deny'],
  ['write', '.vscode/agent-guard.json', 'deny'],
  ['delete', '.vscode/agent-guard.json', 'deny'],
  ['write', '.claude/settings.local.json', 'deny'],
  ['write', '.codex/config.toml', 'deny'],
  ['write', '.gemini/settings.json', 'deny'],
  ['write', '.cursor/rules/x.mdc', 'deny'],
  ['write', '.github/hooks/pre.json', 'deny'],
  ['write', 'CLAUDE.md', 'ask', /standing instructions/],
  ['write', 'AGENTS.md', 'ask'],
  ['write', '~/.bashrc', 'deny'],
  ['write', '.git/hooks/pre-commit', 'deny', /git hook/],
  ['write', '.git/config', 'deny'],
  ['read', '.git/config', 'allow'],
  ['write', '.git/HEAD', 'ask'],
  ['write', '.husky/pre-push', 'deny'],
  ['write', '.github/workflows/ci.yml', 'ask', /CI workflow/],
  ['write', '.gitlab-ci.yml', 'ask'],
  ['read', '.github/workflows/ci.yml', 'allow'],
  ['read', '/usr/include/stdio.h', 'ask', /outside the workspace/],
  ['write', '/tmp/out.txt', 'ask'],
  ['delete', '/tmp/out.txt', 'deny'],
  ['write', '/etc/hosts', 'deny'],
  ['write', '/usr/local/bin/x', 'deny', /operating system/],
  ['delete', '/', 'deny', /root directory/],
  ['delete', '~', 'deny'],
  ['delete', '/home/dev', 'deny'],
  ['write', '/dev/null', 'allow'],
  ['write', '/dev/sda', 'deny'],
  ['read', '../other-project/a.ts', 'ask'],
  ['read', 'src/../../project/.env', 'deny'],
  ['read', 'SRC/../.env', 'deny'],
  ['read', '$HOME/.ssh/id_rsa', 'deny'],
  ['read', '$UNSET/a', 'ask', /not set/],
  ['read', 'src/*.ts', 'allow'],
  ['read', '.e*', 'ask', /wildcard/],
  ['read', 'certs/*', 'ask', /wildcard/],
  ['read', 'keys/*.pem', 'deny'],
  ['read', '~/.ss?/known_hosts', 'ask', /wildcard/],
];

const check = (layers: PolicyLayer[], [op, path]: Row, fs = fakeFs()) =>
  evaluatorFor(noAnalyzer, layers, fs).checkPath({ op, path, cwd: WS, workspace: WS });

describe('path checks (balanced)', () => {
  for (const row of BALANCED) {
    const [op, path, expected, why] = row;
    it(`${op} ${path}: ${expected}`, () => {
      const decision = check([], row);
      assert.equal(decision.decision, expected, decision.reasons.join('; '));
      if (why) assert.match(decision.reasons.join('\n'), why);
      assert.deepEqual(decision.subcommands, []);
    });
  }
});

describe('path checks with policy rules', () => {
  const policy = [layer({ paths: {
    allowed_paths: ['/usr/include/**', '~/.cache/tool/**'],
    denied_paths: ['secrets/**', '**/*.sqlite'],
    rules: [
      { id: 'gen', effect: 'ask', ops: ['write'], globs: ['src/generated/**'] },
      { id: 'dist-clean', effect: 'allow', ops: ['delete'], globs: ['dist/**', 'build/**'] },
      { id: 'vendored', effect: 'deny', ops: ['write', 'delete'], globs: ['vendor/**'] },
    ],
    outsideWorkspace: { read: 'deny' },
  } })];
  const rows: Row[] = [
    ['read', '/usr/include/stdio.h', 'allow'],
    ['read', '~/.cache/tool/x', 'allow'],
    ['read', '/opt/x', 'deny'],
    ['read', 'secrets/db.txt', 'deny', /denied_paths/],
    ['read', 'secrets', 'deny'],
    ['write', 'data/app.sqlite', 'deny'],
    ['write', 'src/generated/api.ts', 'ask', /gen/],
    ['write', 'src/api.ts', 'allow'],
    ['delete', 'dist/main.js', 'allow'],
    ['delete', 'build', 'allow'],
    ['delete', 'src/main.ts', 'ask'],
    ['write', 'vendor/lib.js', 'deny'],
    ['read', 'vendor/lib.js', 'allow'],
  ];
  for (const row of rows) {
    it(`${row[0]} ${row[1]}: ${row[2]}`, () => {
      const decision = check(policy, row);
      assert.equal(decision.decision, row[2], decision.reasons.join('; '));
      if (row[3]) assert.match(decision.reasons.join('\n') + decision.matchedRules.map((r) => r.ruleId).join(' '), row[3]);
    });
  }

  it('an allow rule never overrides protected files', () => {
    const open = [layer({ paths: { allowed_paths: ['~/.ssh/**'], rules: [{ id: 'all-env', effect: 'allow', ops: ['read'], globs: ['**/.env'] }] } })];
    assert.equal(check(open, ['read', '~/.ssh/id_rsa', 'deny']).decision, 'deny');
    assert.equal(check(open, ['read', '.env', 'deny']).decision, 'deny');
  });

  it('the read-only profile denies writes but allows reads', () => {
    const evaluator = evaluatorFor(noAnalyzer, [layer({ agents: { defaultProfile: 'read-only' } })]);
    assert.equal(evaluator.checkPath({ op: 'write', path: 'src/a.ts', cwd: WS, workspace: WS }).decision, 'deny');
    assert.equal(evaluator.checkPath({ op: 'read', path: 'src/a.ts', cwd: WS, workspace: WS }).decision, 'allow');
  });
});

describe('symlinks and case through the port', () => {
  it('a workspace link into ~/.ssh is judged by its target', () => {
    const fs = fakeFs({ [`${WS}/notes`]: '/home/dev/.ssh' });
    const decision = check([], ['read', 'notes/id_rsa', 'deny'], fs);
    assert.equal(decision.decision, 'deny');
    assert.match(decision.reasons.join('\n'), /symlink/);
  });
  it('a harmless-looking link to /etc cannot be written through', () => {
    const fs = fakeFs({ [`${WS}/cfg`]: '/etc' });
    assert.equal(check([], ['write', 'cfg/hosts', 'deny'], fs).decision, 'deny');
  });
  it('a protected link name is denied even if the target is harmless', () => {
    const fs = fakeFs({ [`${WS}/.env`]: `${WS}/env.txt` });
    assert.equal(check([], ['read', '.env', 'deny'], fs).decision, 'deny');
  });
  it('case-insensitive file systems match protected names in any case', () => {
    const fs = fakeFs({}, true);
    assert.equal(check([], ['write', '.VSCode/Settings.JSON', 'deny'], fs).decision, 'deny');
    assert.equal(check([], ['read', '.ENV', 'deny'], fs).decision, 'deny');
  });
  it('case-sensitive file systems too, for protected names (a Linux path may sit on a case-insensitive mount; issue 11 §3)', () => {
    assert.notEqual(check([], ['read', '.ENV', 'deny']).decision, 'allow');
  });
  it('a port that fails means ask, never allow', () => {
    const broken = { caseInsensitive: false, realpath: () => { throw new Error('EACCES'); } };
    const decision = check([], ['read', 'src/a.ts', 'ask'], broken);
    assert.equal(decision.decision, 'ask');
    assert.match(decision.reasons.join('\n'), /symbolic links/);
  });
});

describe('wildcards that could reach protected files', () => {
  const rows: [string, boolean][] = [
    ['/w/src/*.ts', false], ['/w/src/**/*.ts', false], ['/w/*', true], ['/w/.*', true], ['/w/.e*', true],
    ['/w/[.]env', true], ['/w/{a,.env}', true], ['/w/keys/*.pem', true], ['/w/id_*', true], ['/w/*.md', false], ['/w/x?.json', false],
  ];
  for (const [path, expected] of rows) {
    it(`${path}: ${expected ? 'could' : 'cannot'}`, () => assert.equal(wildcardCouldReachProtected(path), expected));
  }
});
