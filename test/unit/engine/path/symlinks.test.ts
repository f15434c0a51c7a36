/** Symlinks on a real file system through the node port: link and target must both be allowed. */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CommandAnalyzer } from '../../../../src/engine/command/analysis';
import { createEvaluator, mergeLayers, type Evaluator } from '../../../../src/engine/evaluator';
import { nodeCommandAnalyzer } from '../../../../src/node/commandAnalyzerLoader';
import { nodeFileSystemPort, resolveLinks } from '../../../../src/node/policyFiles';

describe('symlinks on a real file system', () => {
  let root: string;
  let ws: string;
  let home: string;
  let evaluator: Evaluator;
  let analyzer: CommandAnalyzer;

  before(async () => {
    analyzer = await nodeCommandAnalyzer();
    root = resolveLinks(mkdtempSync(join(tmpdir(), 'ag-links-')));
    ws = join(root, 'ws');
    home = join(root, 'home');
    mkdirSync(join(ws, 'src'), { recursive: true });
    mkdirSync(join(home, '.ssh'), { recursive: true });
    mkdirSync(join(root, 'outside'));
    writeFileSync(join(home, '.ssh', 'id_rsa'), 'not a real key');
    writeFileSync(join(ws, 'src', 'a.ts'), 'export {};');
    writeFileSync(join(ws, 'plain.txt'), 'x');
    symlinkSync(join(home, '.ssh', 'id_rsa'), join(ws, 'notes.txt'));
    symlinkSync(join(home, '.ssh'), join(ws, 'docs'));
    symlinkSync(join(root, 'outside'), join(ws, 'out'));
    symlinkSync(join(ws, 'src', 'a.ts'), join(ws, 'alias.ts'));
    symlinkSync(join(ws, 'plain.txt'), join(ws, '.env'));
    mkdirSync(join(ws, '.git', 'hooks'), { recursive: true });
    symlinkSync(join(ws, '.git', 'hooks'), join(ws, 'hooks-link'));
    evaluator = createEvaluator({ policy: mergeLayers([]), analyzer, fs: nodeFileSystemPort(), env: { home, vars: { HOME: home } } });
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  const path = (op: 'read' | 'write' | 'delete', p: string) => evaluator.checkPath({ op, path: p, cwd: ws, workspace: ws }).decision;
  const command = (c: string) => evaluator.checkCommand({ command: c, cwd: ws, workspace: ws }).decision;

  it('a file linking to a private key is denied', () => assert.equal(path('read', 'notes.txt'), 'deny'));
  it('a directory linking to ~/.ssh is denied', () => assert.equal(path('read', 'docs/id_rsa'), 'deny'));
  it('cat through the link is denied end to end', () => assert.equal(command('cat notes.txt'), 'deny'));
  it('writing through a link to outside the workspace asks', () => assert.equal(path('write', 'out/new.txt'), 'ask'));
  it('redirecting through a link into git hooks is denied', () => assert.equal(command('echo x > hooks-link/pre-commit'), 'deny'));
  it('a protected link name pointing at a plain file is still denied', () => assert.equal(path('read', '.env'), 'deny'));
  it('a link inside the workspace to a workspace file is fine', () => assert.equal(path('read', 'alias.ts'), 'allow'));
  it('a plain file is fine', () => assert.equal(command('cat plain.txt'), 'allow'));
  it('a workspace reached through a symlink is still the workspace', () => {
    const viaLink = join(root, 'ws-link');
    symlinkSync(ws, viaLink);
    assert.equal(evaluator.checkPath({ op: 'write', path: 'src/b.ts', cwd: viaLink, workspace: viaLink }).decision, 'allow');
  });
});
