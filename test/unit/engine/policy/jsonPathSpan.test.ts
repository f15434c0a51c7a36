import * as assert from 'node:assert/strict';
import { jsonPathSpan, lineColumnOffset, parseJsonPath } from '../../../../src/engine/policy/jsonPathSpan';

const text = `{
  "version": 1,
  "commands": {
    "rules": [
      { "id": "a", "match": ["npm test"] },
      { "id": "b", "match": [42] }
    ]
  },
  "key with \\"quote\\"": true
}`;

const at = (path: string) => {
  const segments = parseJsonPath(path);
  assert.ok(segments, path);
  const span = jsonPathSpan(text, segments);
  return text.slice(span.start, span.end);
};

describe('policy/jsonPathSpan', () => {
  it('parses JSON paths into segments and rejects other text', () => {
    assert.deepEqual(parseJsonPath('$.commands.rules[1].match[0]'), ['commands', 'rules', 1, 'match', 0]);
    assert.deepEqual(parseJsonPath('$'), []);
    assert.equal(parseJsonPath('line 2, column 3'), undefined);
    assert.equal(parseJsonPath('$.a[x]'), undefined);
  });

  it('finds the value at a path', () => {
    assert.equal(at('$.version'), '1');
    assert.equal(at('$.commands.rules[1].match[0]'), '42');
    assert.equal(at('$.commands.rules[0].match'), '["npm test"]');
    assert.equal(at('$.commands.rules[1].id'), '"b"');
    assert.equal(at('$.key with "quote"'), 'true');
  });

  it('falls back to the deepest existing ancestor', () => {
    assert.equal(at('$.commands.rules[7]'), text.slice(text.indexOf('['), text.indexOf(']\n  }') + 1));
    assert.equal(at('$.missing'), text);
    assert.equal(at('$.version.deeper'), '1');
  });

  it('survives broken text without throwing', () => {
    const broken = '{ "a": { "b": [1, 2';
    assert.equal(broken.slice(jsonPathSpan(broken, ['a', 'b', 1]).start, jsonPathSpan(broken, ['a', 'b', 1]).end), '2');
    assert.doesNotThrow(() => jsonPathSpan('', ['a']));
  });

  it('maps "line L, column C" to an offset', () => {
    assert.equal(lineColumnOffset(text, 'line 2, column 3'), text.indexOf('"version"'));
    assert.equal(lineColumnOffset(text, 'line 99, column 1'), text.length);
    assert.equal(lineColumnOffset(text, '$.a'), undefined);
  });
});
