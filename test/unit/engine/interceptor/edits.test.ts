import * as assert from 'node:assert/strict';
import { applyEdits } from '../../../../src/engine/interceptor/edits';

describe('applyEdits', () => {
  it('applies replacements in order', () => {
    assert.deepEqual(applyEdits('a = 1;\nb = 2;\n', [{ oldText: 'a = 1', newText: 'a = 3' }, { oldText: 'a = 3;\nb', newText: 'c' }], 'f.ts'), { ok: true, text: 'c = 2;\n' });
  });
  it('refuses missing or ambiguous targets and applies nothing', () => {
    assert.deepEqual(applyEdits('x x', [{ oldText: 'x', newText: 'y' }], 'f.ts'), { ok: false, reason: 'edit 1 not applied: the text to replace occurs more than once in f.ts' });
    assert.deepEqual(applyEdits('abc', [{ oldText: 'a', newText: 'b' }, { oldText: 'zzz', newText: '' }], 'f.ts'), { ok: false, reason: 'edit 2 not applied: the text to replace was not found in f.ts' });
  });
});
