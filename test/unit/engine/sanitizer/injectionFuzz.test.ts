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

/** CPU time of one scan, the least of three (the machine is shared: the least is the least disturbed). */
function cpuMs(text: string): number {
  let least = Infinity;
  for (let i = 0; i < 3; i++) {
    const before = process.cpuUsage();
    scanInbound(text);
    const used = process.cpuUsage(before);
    least = Math.min(least, (used.user + used.system) / 1000);
  }
  return least;
}

/** A linear scan takes ten times as long on ten times the text; a quadratic one a hundred times. */
const MAX_GROWTH = 30;
/** Below this, a 10 KB scan's CPU time is timer noise, and the ratio means nothing: 0.5 ms is the floor. */
const FLOOR_MS = 0.5;

describe('sanitizer: inbound scan has no catastrophic backtracking or quadratic work (fuzz)', () => {
  it('scanning ten times the text of any adversarial mix costs at most 30 times as much (linear is 10)', function () {
    // 60 mixes x (3 scans of 100 KB + 3 of 10 KB): about 20 s on a loaded 2-core CI machine, which hit
    // mocha's default 20 s. The assertion is the growth ratio below, not this wall-clock allowance.
    this.timeout(120_000);
    fc.assert(fc.property(fc.array(fc.constantFrom(...PIECES), { minLength: 1, maxLength: 60 }), (parts) => {
      const unit = parts.join('');
      const small = unit.repeat(Math.ceil(10240 / unit.length)).slice(0, 10 * 1024);
      const large = unit.repeat(Math.ceil(102400 / unit.length)).slice(0, 100 * 1024);
      const growth = cpuMs(large) / Math.max(FLOOR_MS, cpuMs(small));
      assert.ok(growth <= MAX_GROWTH, `100 KB costs ${growth.toFixed(1)}x 10 KB for ${JSON.stringify(unit.slice(0, 80))}...`);
    }), { numRuns: 60, seed: 14 });
  });

  it('counts the fake-turn input of the bench among the linear ones (853 <|im_start|> in 10 KB)', () => {
    const unit = '<|im_start|>';
    const growth = cpuMs(unit.repeat(8534)) / Math.max(FLOOR_MS, cpuMs(unit.repeat(853)));
    assert.ok(growth <= MAX_GROWTH, `${growth.toFixed(1)}x`);
  });
});
