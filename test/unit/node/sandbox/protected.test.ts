import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ALL_PROTECTED_SETS, sandboxProtection } from '../../../../src/engine/path/protectedSets';
import { runSandboxed } from '../../../../src/node/sandbox';
import { scanProtectedPaths } from '../../../../src/node/sandbox/protectedPaths';
import { tempDir } from './helpers';

const git = (cwd: string, ...args: string[]) => execFileSync('git', ['-C', cwd, ...args], { encoding: 'utf8' });

/** Everything under `dir` as relative paths with contents, to prove the host tree did not change. */
function snapshot(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const rel = prefix + e.name;
    if (rel === '.git/objects' || rel === '.git/logs') return [];
    return e.isDirectory() ? [`${rel}/`, ...snapshot(join(dir, e.name), `${rel}/`)] : [`${rel}=${readFileSync(join(dir, e.name), 'utf8')}`];
  }).sort();
}

describe('node/sandbox protected paths stay read-only (real bwrap)', () => {
  let ws: ReturnType<typeof tempDir>;
  beforeEach(() => {
    ws = tempDir('ag-protected-');
    git(ws.path, 'init', '-q');
    mkdirSync(join(ws.path, 'nested'));
    git(join(ws.path, 'nested'), 'init', '-q');
    writeFileSync(join(ws.path, 'notes.txt'), 'one\n');
  });
  afterEach(() => ws.remove());

  it('refuses writes to existing and not-yet-existing protected paths and leaves the host tree as it was', async () => {
    const before = snapshot(ws.path);
    const attempts = [
      'echo evil > .git/hooks/post-checkout', 'echo evil >> .git/config', 'mkdir -p .vscode && echo {} > .vscode/agent-guard.json',
      'echo {} > .vscode/settings.json', 'mkdir -p .claude && echo {} > .claude/settings.json', 'echo {} > .mcp.json',
      'echo evil > nested/.git/hooks/pre-commit', 'mv .git/hooks .git/hooks-old', 'mv .git .git-old', 'rm -rf .git/hooks',
      'mkdir -p .husky && echo evil > .husky/pre-commit', 'rm -rf .vscode', 'mv nested/.git nested/.git-old',
    ];
    const command = attempts.map((a, i) => `(${a}) 2>/dev/null && echo "WROTE ${i}"`).join('; ') + '; true';
    const r = await runSandboxed({ command, workspace: ws.path });
    assert.equal(r.exitCode, 0, r.refused ?? r.stderr);
    assert.equal(r.sandboxed, true);
    const wrote = r.stdout.split('\n').filter((l) => l.startsWith('WROTE')).map((l) => attempts[Number(l.slice(6))]);
    assert.deepEqual(wrote, [], 'these protected writes succeeded inside the sandbox');
    assert.deepEqual(snapshot(ws.path), before, 'the host tree changed (a protected write went through or a placeholder was left behind)');
  });

  it('tells the caller each placeholder it makes and removes, before it does (so watchers know it is Agent Guard)', async () => {
    const told: { path: string; existed: boolean }[] = [];
    const r = await runSandboxed({ workspace: ws.path, command: 'true', onOwnWrite: (path) => told.push({ path, existed: existsSync(path) }) });
    assert.equal(r.exitCode, 0, r.stderr);
    const vscodeDir = join(ws.path, '.vscode');
    assert.deepEqual(told.filter((t) => t.path === vscodeDir), [{ path: vscodeDir, existed: false }, { path: vscodeDir, existed: true }]);
    assert.equal(existsSync(vscodeDir), false, 'the placeholder was left behind');
  });

  it('still lets ordinary work happen: new files, in-place edits, git commit', async () => {
    const r = await runSandboxed({ workspace: ws.path, command: 'set -e; echo two >> notes.txt; sed -i s/one/uno/ notes.txt; mkdir -p build && echo x > build/out; ' +
      'git add notes.txt && git -c user.name=t -c user.email=t@example.invalid commit -qm first && git log --oneline | wc -l' });
    assert.equal(r.exitCode, 0, r.stderr);
    assert.equal(r.stdout.trim(), '1');
    assert.equal(readFileSync(join(ws.path, 'notes.txt'), 'utf8'), 'uno\ntwo\n');
    assert.ok(existsSync(join(ws.path, 'build', 'out')));
  });

  it('expands **/ globs over the tree, leaves exceptions writable, and refuses a tree too large to list', () => {
    mkdirSync(join(ws.path, 'pkg', 'deep', '.vscode'), { recursive: true });
    writeFileSync(join(ws.path, 'pkg', 'deep', '.vscode', 'tasks.json'), '{}');
    writeFileSync(join(ws.path, 'pkg', '.env'), 'A=1');
    writeFileSync(join(ws.path, 'pkg', '.env.example'), 'A=');
    const protection = sandboxProtection(ALL_PROTECTED_SETS);
    const scan = scanProtectedPaths([ws.path], ws.path, protection);
    assert.ok(scan.ok);
    const ro = scan.mounts.readOnly.map((p) => p.slice(ws.path.length + 1));
    for (const expected of ['pkg/deep/.vscode/tasks.json', 'pkg/.env', '.git/hooks', '.git/config', 'nested/.git/hooks']) assert.ok(ro.includes(expected), `${expected} is not read-only: ${ro.join(', ')}`);
    assert.ok(!ro.includes('pkg/.env.example'));
    assert.ok(scan.mounts.placeholders.map((p) => p.slice(ws.path.length + 1)).includes('.vscode'));
    const tooBig = scanProtectedPaths([ws.path], ws.path, protection, 5);
    assert.equal(tooBig.ok, false);
    assert.match(tooBig.ok ? '' : tooBig.reason, /more than 5 files and folders.*not run/);
  });
});
