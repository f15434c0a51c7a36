// Sanitizer figures: throughput (MB/s) on real source text (TypeScript's own lib files), and the worst
// time per MB over adversarial 1 MB inputs built to trip backtracking regexes.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { scanInbound, scanOutbound } from '../src/engine/sanitizer';

const LIB = join('node_modules', 'typescript', 'lib');
const SOURCES = ['typescript.js', '_tsc.js', 'tsc.js', 'lib.dom.d.ts', 'lib.es5.d.ts'];

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

function time(fn: () => unknown, runs: number): number {
  fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    fn();
    times.push(performance.now() - start);
  }
  return median(times);
}

const texts = SOURCES.flatMap((name) => {
  try {
    return [readFileSync(join(LIB, name), 'utf8')];
  } catch {
    return [];
  }
});
const corpus = texts.join('\n');
const mb = Buffer.byteLength(corpus) / 1e6;
const vaultValues = ['vault-canary-value-0001', 'another-secret-value-22'];
console.log(`corpus: ${mb.toFixed(1)} MB of TypeScript lib source (${texts.length} files)`);
for (const [name, fn] of [
  ['inbound (prompt injection)', () => scanInbound(corpus)],
  ['outbound (secrets, 2 vault values)', () => scanOutbound(corpus, { vaultValues })],
] as const) {
  const ms = time(fn, 5);
  console.log(`${name}: ${(mb / (ms / 1000)).toFixed(1)} MB/s (median of 5: ${ms.toFixed(0)} ms, ${fn().length} findings)`);
}

const MB = 1 << 20;
const fill = (unit: string): string => unit.repeat(Math.ceil(MB / unit.length)).slice(0, MB);
const ADVERSARIAL = ['a', 'eyJ-', 'eyJabcdefghij.eyJabcdefghij.', '-----BEGIN PRIVATE KEY-----\nAAAA', 'a://b:', 'password=', 'aws_secret',
  'QUJD', 'ab', '<!-- ignore ', 'ignore all the ', 'a\u200B', '<p style="color:white;', 'from now on you ', '<|im_start|>', 'sk-', 'xoxb-1-'];
let worst = { ms: 0, name: '' };
for (const unit of ADVERSARIAL) {
  const input = fill(unit);
  for (const [direction, fn] of [['inbound', () => scanInbound(input)], ['outbound', () => scanOutbound(input)]] as const) {
    const ms = time(fn, 3);
    if (ms > worst.ms) worst = { ms, name: `${direction} ${JSON.stringify(unit)}` };
  }
}
console.log(`adversarial: ${ADVERSARIAL.length} inputs x 1 MB x 2 directions; worst ${worst.ms.toFixed(0)} ms (${worst.name})`);
