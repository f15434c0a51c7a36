/** Lexical path normalisation: `..`, `.`, `//`, `~`, env vars; refusals for what cannot be expanded. */
import assert from 'node:assert/strict';
import { foldAbsolute, isInside, normalisePath } from '../../../../src/engine/path/normalize';

const ENV = { home: '/home/dev', vars: { HOME: '/home/dev', PROJ: '/home/dev/project', EMPTY: '' } };
const CWD = '/home/dev/project/src';

const OK: [string, string][] = [
  ['a.ts', '/home/dev/project/src/a.ts'],
  ['./a.ts', '/home/dev/project/src/a.ts'],
  ['../README.md', '/home/dev/project/README.md'],
  ['../../../../../../etc/passwd', '/etc/passwd'],
  ['/etc//ssh///sshd_config', '/etc/ssh/sshd_config'],
  ['/a/./b/../c/', '/a/c'],
  ['~', '/home/dev'],
  ['~/.ssh/id_rsa', '/home/dev/.ssh/id_rsa'],
  ['$HOME/.aws/credentials', '/home/dev/.aws/credentials'],
  ['${HOME}/.netrc', '/home/dev/.netrc'],
  ['$PROJ/.env', '/home/dev/project/.env'],
  ['${PROJ}/../other', '/home/dev/other'],
  ['src/../../.env', '/home/dev/project/.env'],
  ['.', '/home/dev/project/src'],
  ['/', '/'],
  ['/..', '/'],
];

const REFUSED: [string, RegExp][] = [
  ['', /empty/],
  ['$UNSET/x', /\$UNSET, which is not set/],
  ['${PROJ:-/tmp}/x', /not a plain variable/],
  ['~root/.ssh', /another user/],
  ['a\0b', /NUL/],
  ['x'.repeat(5000), /too long/],
  ['$(echo /etc)/passwd', /shell expansion/],
  ['`pwd`/x', /shell expansion/],
];

describe('path normalisation', () => {
  for (const [raw, expected] of OK) {
    it(`${JSON.stringify(raw)} -> ${expected}`, () => {
      const result = normalisePath(raw, CWD, ENV);
      assert.ok(result.ok, JSON.stringify(result));
      assert.equal(result.path, expected);
    });
  }
  for (const [raw, reason] of REFUSED) {
    it(`refuses ${JSON.stringify(raw.slice(0, 30))}`, () => {
      const result = normalisePath(raw, CWD, ENV);
      assert.equal(result.ok, false);
      if (!result.ok) assert.match(result.reason, reason);
    });
  }
  it('marks wildcards', () => {
    const result = normalisePath('src/*.ts', CWD, ENV);
    assert.ok(result.ok && result.hasGlob);
  });
  it('refuses a relative cwd', () => assert.equal(normalisePath('a', 'rel', ENV).ok, false));
  it('folds and compares directories', () => {
    assert.equal(foldAbsolute('//x//y/../z'), '/x/z');
    assert.ok(isInside('/a/b/c', '/a/b'));
    assert.ok(isInside('/a/b', '/a/b'));
    assert.ok(!isInside('/a/bc', '/a/b'));
    assert.ok(isInside('/anything', '/'));
  });
});
