import { strict as assert } from 'node:assert';
import { AnchoredMatcher } from '../../../../src/engine/sanitizer/anchored';

/** The matcher is a prefilter: every match the plain regex finds, it must find too, wherever it lies. */
function plainMatches(regex: RegExp, text: string): number[] {
  return [...text.matchAll(new RegExp(regex.source, regex.flags))].map((m) => m.index ?? -1);
}

describe('sanitizer: anchored matcher', () => {
  const patterns = [
    { regex: /\[système\]/gi, anchors: ['[système]'], lead: 0, caseless: true },
    { regex: /ассистент[а-я]{0,3}/giu, anchors: ['ассистент'], lead: 0, caseless: true },
    { regex: /忽略之前/g, anchors: ['忽略之前'], lead: 0, caseless: true },
  ];
  const matcher = new AnchoredMatcher(patterns);

  it('finds non-ASCII anchors at the text edges, far from other non-ASCII text, and with ASCII around them', () => {
    const filler = 'plain ascii text '.repeat(5000);
    const text = `[SYSTÈME] ${filler}x[système]y ${filler}АССИСТЕНТ ${filler}é ${filler}忽略之前`;
    const found = matcher.matchAll(text);
    patterns.forEach((p, i) => {
      assert.deepEqual(found.filter((m) => m.pattern === i).map((m) => m.start), plainMatches(p.regex, text), p.regex.source);
    });
    assert.equal(found.length, 4);
  });
});
