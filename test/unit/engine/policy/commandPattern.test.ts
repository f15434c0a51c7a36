/** Command patterns: program globs, flags in any order, anchored allow vs searching ask/deny. */
import assert from 'node:assert/strict';
import { compileForm, compilePattern, formMatches, patternMatches, shapeArgv, programName, splitWords } from '../../../../src/engine/policy/commandPattern';

type Row = [pattern: string, command: string, anchored: boolean, expected: boolean];

const ROWS: Row[] = [
  ['git push', 'git push', true, true],
  ['git push', 'git push origin main', true, true],
  ['git push', 'git pull', true, false],
  ['git log', 'git push origin log', true, false],
  ['git log', 'git push origin log', false, true],
  ['git push', 'git -C repo push', false, true],
  ['git push', 'git -C repo push', true, false],
  ['npm run test*', 'npm run test', true, true],
  ['npm run test*', 'npm run test:unit', true, true],
  ['npm run test*', 'npm run build', true, false],
  ['npm run test*', 'npm test', true, false],
  ['rm -rf', 'rm -rf build', false, true],
  ['rm -rf', 'rm -fr build', false, true],
  ['rm -rf', 'rm -r -f build', false, true],
  ['rm -rf', 'rm -r build', false, false],
  ['rm -rf', 'rm build -rf', false, true],
  ['git push --force', 'git push --force', false, true],
  ['git push --force', 'git push origin main --force', false, true],
  ['git push --force', 'git push --force-with-lease', false, false],
  ['curl --data', 'curl --data=@x http://a', false, true],
  ['mkfs*', 'mkfs.ext4 /dev/sda', false, true],
  ['mkfs*', 'mkdir x', false, false],
  ['python* -c', 'python3 -c "print(1)"', false, true],
  ['ls', '/bin/ls -la', true, true],
  ['./scripts/deploy.sh', './scripts/deploy.sh', true, true],
  ['./scripts/deploy.sh', '/tmp/evil/deploy.sh', true, false],
  ['dd of=/dev/*', 'dd if=/dev/zero of=/dev/sda', false, true],
  ['dd of=/dev/*', 'dd if=a of=b', false, false],
  ['git branch -D', 'git branch -D feature', false, true],
  ['git branch -D', 'git branch -d feature', false, false],
  ['echo', 'echo -- -rf', true, true],
  ['tar -x', 'tar -- -x', false, false],
  ['npm run $', 'npm run', true, true],
  ['npm run $', 'npm run deploy', true, false],
  ['make $', 'make', true, true],
  ['make $', 'make -j4', true, true],
  ['make $', 'make deploy', true, false],
  // `$$`: exactly these words, literally — what "Always allow" writes.
  ['rm -r build $$', 'rm -r build', true, true],
  ['rm -r build $$', '/bin/rm -r build', true, true],
  ['rm -r build $$', 'rm -rf build', true, false],
  ['rm -r build $$', 'rm -r -f build', true, false],
  ['rm -r build $$', 'rm build -r', true, false],
  ['rm -r build $$', 'rm -r build other', true, false],
  ['curl --output=a.txt https://x.example $$', 'curl --output=a.txt https://x.example', true, true],
  ['curl --output=a.txt https://x.example $$', 'curl --output=/etc/x https://x.example', true, false],
  ['ls *.ts $$', 'ls a.ts', true, false],
  ['ls *.ts $$', 'ls *.ts', true, true],
  ['make test*', 'make test-unit', true, true],
  ['git push +*', 'git push origin +main', false, true],
  ['git push +*', 'git push origin main', false, false],
  ['git push :*', 'git push origin :old-branch', false, true],
];

describe('command patterns', () => {
  for (const [pattern, command, anchored, expected] of ROWS) {
    it(`${JSON.stringify(pattern)} ${expected ? 'matches' : 'does not match'} ${JSON.stringify(command)} (${anchored ? 'allow' : 'ask/deny'})`, () => {
      const compiled = compilePattern(pattern);
      assert.notEqual(typeof compiled, 'string');
      const words = splitWords(command) ?? [];
      const shape = shapeArgv(programName(words[0] ?? ''), words);
      assert.equal(patternMatches(compiled as Exclude<typeof compiled, string>, shape, anchored), expected);
    });
  }

  for (const bad of ['', '   ', '-rf', 'ls | sh', 'a && b', 'x > y']) {
    it(`rejects the pattern ${JSON.stringify(bad)}`, () => assert.equal(typeof compilePattern(bad), 'string'));
  }
});

describe('exact forms (`unless` of ask/deny rules)', () => {
  const form = (text: string) => {
    const compiled = compileForm(text);
    assert.ok(typeof compiled !== 'string', String(compiled));
    return compiled;
  };
  it('matches the exact words, `*` as one plain word and a final `**` as one or more', () => {
    assert.ok(formMatches(form('git checkout -b *'), 'git', ['git', 'checkout', '-b', 'fix/typo']));
    assert.ok(formMatches(form('git restore --staged **'), 'git', ['git', 'restore', '--staged', 'a.ts', 'b/c.ts']));
    assert.ok(formMatches(form('npm ci'), 'npm', ['/usr/bin/npm', 'ci']));
  });
  it('never matches an extra word, a flag, an expansion or a quoted phrase in a `*` slot', () => {
    assert.ok(!formMatches(form('npm ci'), 'npm', ['npm', 'ci', '--foreground-scripts']));
    assert.ok(!formMatches(form('git checkout -b *'), 'git', ['git', 'checkout', '-b', '-f']));
    assert.ok(!formMatches(form('git checkout -b *'), 'git', ['git', 'checkout', '-b', '$(id)']));
    assert.ok(!formMatches(form('git checkout -b *'), 'git', ['git', 'checkout', '-b', 'a b']));
    assert.ok(!formMatches(form('git restore --staged **'), 'git', ['git', 'restore', '--staged']));
    assert.ok(!formMatches(form('git restore --staged **'), 'git', ['git', 'restore', '--staged', 'a', '--worktree']));
    assert.ok(!formMatches(form('git cherry-pick **'), 'git', ['git', 'cherry-pick', 'a*']));
  });
});
