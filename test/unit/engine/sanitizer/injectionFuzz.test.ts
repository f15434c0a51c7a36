import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { scanInbound } from '../../../../src/engine/sanitizer';

// Pieces that open the detector's patterns without closing them: triggers, orders, risks, encodings.
const PIECES = ['ignore ', 'all ', 'previous ', 'AI ', 'assistant', ': ', 'please ', 'run ', 'curl ', '| sh', '~/.ssh', 'https://', 'send ',
  '<!--', '-->', '<details>', '![', '%41', '&#65;', 'rot13 ', 'P13453 ', '"a" + ', '\u200b', '\udb40\udc41', '请', 'てください', 'ИИ ', 'lütfen ',
  '.', '\n', '\n\n', ' ', 'a', '_', '-', '=', '@copilot ', '[SYSTEM]', '<system>', 'must ', 'before you ', 'do not tell the user ',
  // round 5: stance (vocative, dative, reading, causative), JSON breaks, negation, new risk classes
  'Agent: ', 'hey copilot, ', 'for the agent reading this: ', 'instruct an AI agent to ', 'must not ', 'without ', '\\n', '", "', 'transfer $',
  'share it with ', 'if you are an ', 'disable the ', 'the fix is to ', 'AIアシスタントへ：', 'Asistan, ', 'без ', '[agent-fix] ', 'Can you ', '?'];

/** Generous bound: the target is 5 ms per 10 KB (measured in the bench); this catches only blow-ups. */
const LIMIT_MS = 250;

describe('sanitizer: inbound scan has no catastrophic backtracking (fuzz)', () => {
  it('scans any 10 KB mix of adversarial pieces well within the time bound', () => {
    fc.assert(fc.property(fc.array(fc.constantFrom(...PIECES), { minLength: 1, maxLength: 400 }), fc.integer({ min: 1, max: 60 }), (parts, repeat) => {
      const text = parts.join('').repeat(repeat).slice(0, 10 * 1024);
      const start = performance.now();
      scanInbound(text);
      const ms = performance.now() - start;
      assert.ok(ms < LIMIT_MS, `${ms.toFixed(1)} ms for ${JSON.stringify(text.slice(0, 80))}...`);
    }), { numRuns: 300, seed: 14 });
  });
});
