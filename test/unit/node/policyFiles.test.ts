/** Loading layer files from disk: missing files, broken files fall back, managed policy location. */
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEvaluator } from '../../../src/engine/evaluator';
import { cliLayerFiles, loadLayers, managedPolicyPath, nodeFileSystemPort, resolveLinks, DEFAULT_MANAGED_POLICY } from '../../../src/node/policyFiles';

describe('policy files (node)', () => {
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'ag-policy-')); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const write = (name: string, content: unknown) => {
    const file = join(dir, name);
    writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
    return file;
  };

  it('missing files are absent layers: balanced defaults, no problems', () => {
    const loaded = loadLayers([{ source: 'workspace', file: join(dir, 'nope.json') }]);
    assert.equal(loaded.policy.template, 'balanced');
    assert.deepEqual(loaded.problems, []);
    assert.equal(loaded.degraded, false);
  });

  it('a valid workspace file applies', () => {
    const file = write('ws.json', { version: 1, approvalMode: 'always' });
    const loaded = loadLayers([{ source: 'workspace', file, trusted: true }]);
    assert.equal(loaded.policy.approvalMode, 'always');
    assert.ok(loaded.good.workspace);
  });

  it('a broken layer without a last good version forces the strict defaults', () => {
    const user = write('user.json', { version: 1, approvalMode: 'never', paths: { outsideWorkspace: { write: 'allow' } } });
    const file = write('ws.json', '{ "version": 1, "template": "trusted-automation", }');
    const loaded = loadLayers([{ source: 'user', file: user }, { source: 'workspace', file, trusted: true }]);
    assert.equal(loaded.degraded, true);
    assert.equal(loaded.problems[0]?.file, file);
    assert.match(loaded.problems[0]?.location ?? '', /^line 1, column \d+/);
    assert.equal(loaded.policy.template, 'strict');
    assert.equal(loaded.policy.approvalMode, 'smart', 'a looser setting from another layer must not survive the fallback');
    assert.equal(loaded.policy.paths.outsideWorkspace.write, 'deny');
    assert.equal(loaded.policy.notUnderstood, 'deny');
  });

  it('a broken layer with a last good version uses it', () => {
    const file = write('ws.json', { version: 1, approvalMode: 'sometimes' });
    const loaded = loadLayers([{ source: 'workspace', file, trusted: true, lastGood: { version: 1, approvalMode: 'always' } }]);
    assert.equal(loaded.policy.template, 'balanced');
    assert.equal(loaded.policy.approvalMode, 'always');
    assert.equal(loaded.problems[0]?.location, '$.approvalMode');
  });

  it('a policy whose rule examples fail is rejected', () => {
    const file = write('ws.json', { version: 1, commands: { rules: [{ id: 'x', effect: 'allow', command: 'npm run test*', match: ['npm run deploy'] }] } });
    const loaded = loadLayers([{ source: 'workspace', file, trusted: true }]);
    assert.equal(loaded.policy.template, 'strict');
    assert.equal(loaded.problems[0]?.location, '$.commands.rules[0].match[0]');
  });

  it('the managed policy path comes from AGENT_GUARD_MANAGED_POLICY or /etc', () => {
    assert.equal(managedPolicyPath({ AGENT_GUARD_MANAGED_POLICY: '/opt/p.json' }), '/opt/p.json');
    assert.equal(managedPolicyPath({}), DEFAULT_MANAGED_POLICY);
  });

  it('resolveLinks resolves symlinks, also for files that do not exist yet', () => {
    mkdirSync(join(dir, 'real'));
    symlinkSync(join(dir, 'real'), join(dir, 'link'));
    const real = resolveLinks(join(dir, 'real'));
    assert.equal(resolveLinks(join(dir, 'link', 'new-file.txt')), join(real, 'new-file.txt'));
    assert.equal(resolveLinks(join(dir, 'missing', 'deeper', 'x')), join(resolveLinks(dir), 'missing', 'deeper', 'x'));
  });
});

describe('cliLayerFiles', () => {
  it('orders user < workspace < managed and carries trust and last good versions', () => {
    const files = cliLayerFiles({
      workspace: '/ws', env: { AGENT_GUARD_MANAGED_POLICY: '/m.json' }, trusted: false,
      userPolicy: { origin: 'user settings', text: '{"version":1}' }, lastGood: { workspace: { version: 1, approvalMode: 'always' } },
    });
    assert.deepEqual(files.map((f) => [f.source, f.file]), [['user', 'user settings'], ['workspace', '/ws/.vscode/agent-guard.json'], ['managed', '/m.json']]);
    assert.equal(files[1]?.trusted, false);
    assert.equal(files[1]?.lastGood?.approvalMode, 'always');
  });
});

describe('managed policy authority and policy-file protection', () => {
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'ag-managed-')); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const managedWithGrant = (mode: number) => {
    const file = join(dir, 'managed.json');
    writeFileSync(file, JSON.stringify({ version: 1, approvalMode: 'never', commands: { rules: [{ id: 'm.curl', effect: 'allow', command: 'curl' }, { id: 'm.no-ssh', effect: 'deny', command: 'ssh' }] } }));
    chmodSync(file, mode);
    return file;
  };

  (process.getuid?.() === 0 ? it : it.skip)('a root-owned managed policy applies in full', () => {
    const loaded = loadLayers([{ source: 'managed', file: managedWithGrant(0o644) }]);
    assert.equal(loaded.policy.approvalMode, 'never');
    assert.ok(loaded.policy.commandRules.some((r) => r.value.id === 'm.curl'));
    assert.deepEqual(loaded.problems, []);
  });

  it('a managed policy others can write only tightens, and says so', () => {
    const loaded = loadLayers([{ source: 'managed', file: managedWithGrant(0o666) }]);
    assert.equal(loaded.policy.approvalMode, 'smart');
    assert.ok(!loaded.policy.commandRules.some((r) => r.value.id === 'm.curl'));
    assert.ok(loaded.policy.commandRules.some((r) => r.value.id === 'm.no-ssh'));
    assert.match(loaded.problems[0]?.message ?? '', /writable by others/);
    assert.equal(loaded.degraded, false);
  });

  it('every policy file that was read, even a broken one, is protected from agent writes', () => {
    const good = join(dir, 'p.json');
    const broken = join(dir, 'broken.json');
    writeFileSync(good, JSON.stringify({ version: 1 }));
    writeFileSync(broken, '{');
    const loaded = loadLayers([{ source: 'user', file: good }, { source: 'workspace', file: broken, trusted: true }]);
    const analyzer = { analyze: () => { throw new Error('unused'); } };
    // The home folder is never a workspace (it would be asked about), so it is not `dir` here.
    const evaluator = createEvaluator({ policy: loaded.policy, analyzer, fs: nodeFileSystemPort(), env: { home: join(dir, 'home'), vars: {} } });
    for (const file of [good, broken]) {
      assert.equal(evaluator.checkPath({ op: 'write', path: file, cwd: dir, workspace: dir }).decision, 'deny');
      assert.equal(evaluator.checkPath({ op: 'read', path: file, cwd: dir, workspace: dir }).decision, 'allow');
    }
  });
});
