import * as assert from 'node:assert/strict';
import { highestRisk, strictestVerdict } from '../../src/engine/decision';

describe('decision ordering', () => {
  const verdictCases: [Parameters<typeof strictestVerdict>[0], Parameters<typeof strictestVerdict>[1], string][] = [
    ['allow', 'allow', 'allow'], ['allow', 'ask', 'ask'], ['ask', 'allow', 'ask'],
    ['ask', 'deny', 'deny'], ['deny', 'allow', 'deny'], ['deny', 'ask', 'deny'],
  ];
  for (const [a, b, expected] of verdictCases) {
    it(`strictest(${a}, ${b}) = ${expected}`, () => assert.equal(strictestVerdict(a, b), expected));
  }
  it('highest risk wins', () => {
    assert.equal(highestRisk('low', 'critical'), 'critical');
    assert.equal(highestRisk('high', 'medium'), 'high');
  });
});
