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

// --- Prompt-injection detector: the corpus (tuning set and held-out quarter apart), developer docs in
// node_modules (false flags at warning level, each flagged file listed), speed on mixed text.
import { measure } from '../test/unit/engine/sanitizer/injectionCorpus';
import { developerDocs, readText } from './injectionSweep';

const pct = (x: number): string => `${(100 * x).toFixed(1)} %`;
const PARTS = [['r4 tuning set', false, 'r4'], ['r5 tuning set', false, 'r5'], ['r6 tuning set', false, 'r6'],
  ['r4 held-out quarter', true, 'r4'], ['r5 held-out quarter', true, 'r5'], ['r6 held-out quarter', true, 'r6']] as const;
for (const [label, holdout, batch] of PARTS) {
  const m = measure(holdout, batch);
  console.log(`injection corpus, ${label}: recall ${pct(m.recall)} of ${m.attacks} injections, false flags ${pct(m.falseFlags)} of ${m.benign} benign (targets: recall >= 90 %, false flags <= 3 %)`);
  const langs = [...new Set([...m.missed].map((e) => e.lang))];
  // Held-out texts are counted, never listed: whoever tunes the rules must not read them or their misses.
  if (langs.length && !holdout) console.log(`  missed: ${m.missed.length} (${langs.map((l) => `${l} ${m.missed.filter((e) => e.lang === l).length}`).join(', ')}); falsely flagged: ${m.wronglyFlagged.map((e) => `${e.id} (${e.carrier})`).join(', ') || 'none'}`);
}

const docs = developerDocs('node_modules');
const flaggedDocs = docs.filter((path) => scanInbound(readText(path)).some((f) => f.severity !== 'low'));
console.log(`node_modules developer docs (README, CHANGELOG, docs/*.md): ${flaggedDocs.length} of ${docs.length} flagged at warning level (${(100 * flaggedDocs.length / docs.length).toFixed(2)} %, target <= 0.5 %)`);
for (const path of flaggedDocs) console.log(`  flagged: ${path}`);

const mixed = [corpus.slice(0, 4e6), ...docs.map(readText)].join('\n');
const mixedMb = Buffer.byteLength(mixed) / 1e6;
const mixedMs = time(() => scanInbound(mixed), 3);
console.log(`inbound on mixed text (${mixedMb.toFixed(1)} MB: TypeScript lib source + developer docs): ${(mixedMb / (mixedMs / 1000)).toFixed(1)} MB/s (target >= 30)`);
const CHUNK = 10 * 1024;
let worstChunk = 0;
const chunks = [...ADVERSARIAL.map((u) => fill(u).slice(0, CHUNK))];
for (let at = 0; at + CHUNK <= mixed.length; at += 37 * CHUNK) chunks.push(mixed.slice(at, at + CHUNK));
for (const chunk of chunks) worstChunk = Math.max(worstChunk, time(() => scanInbound(chunk), 3));
console.log(`worst 10 KB input (${chunks.length} chunks of mixed and adversarial text): ${worstChunk.toFixed(2)} ms (target < 5 ms)`);
