/**
 * A/B speed of the inbound scan in CPU time (process.cpuUsage), two checkouts interleaved in one process
 * so machine load hits both alike. Text: the sanitizer bench's mixed text (4 MB of TypeScript lib source +
 * every node_modules developer doc) and its 10 KB chunks (mixed slices and adversarial shapes).
 *   node --import tsx bench/sanitizerAB.ts /tmp/base-checkout .
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { developerDocs, readText } from './injectionSweep';

type Scan = (text: string) => unknown[];
const roots = process.argv.slice(2).map((r) => resolve(r));

function cpuMs(fn: () => unknown): number {
  const before = process.cpuUsage();
  fn();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
}
const median = (v: number[]): number => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)] ?? 0;

async function main(): Promise<void> {
  const scans = await Promise.all(roots.map(async (root) => ((await import(join(root, 'src', 'engine', 'sanitizer', 'index.ts'))) as { scanInbound: Scan }).scanInbound));
  const lib = join('node_modules', 'typescript', 'lib');
  const corpus = ['typescript.js', '_tsc.js', 'tsc.js', 'lib.dom.d.ts', 'lib.es5.d.ts'].map((n) => readFileSync(join(lib, n), 'utf8')).join('\n');
  const mixed = [corpus.slice(0, 4e6), ...developerDocs('node_modules').map(readText)].join('\n');
  const mb = Buffer.byteLength(mixed) / 1e6;
  const MB = 1 << 20;
  const fill = (unit: string): string => unit.repeat(Math.ceil(MB / unit.length)).slice(0, MB);
  const ADVERSARIAL = ['a', 'eyJ-', 'eyJabcdefghij.eyJabcdefghij.', '-----BEGIN PRIVATE KEY-----\nAAAA', 'a://b:', 'password=', 'aws_secret',
    'QUJD', 'ab', '<!-- ignore ', 'ignore all the ', 'a\u200B', '<p style="color:white;', 'from now on you ', '<|im_start|>', 'sk-', 'xoxb-1-'];
  const CHUNK = 10 * 1024;
  const chunks = ADVERSARIAL.map((u) => fill(u).slice(0, CHUNK));
  for (let at = 0; at + CHUNK <= mixed.length; at += 37 * CHUNK) chunks.push(mixed.slice(at, at + CHUNK));
  const mixedRuns: number[][] = scans.map(() => []);
  const worst: number[] = scans.map(() => 0);
  const worstName: string[] = scans.map(() => '');
  for (const scan of scans) scan(mixed);
  for (let round = 0; round < 5; round++) {
    scans.forEach((scan, i) => mixedRuns[i]?.push(cpuMs(() => scan(mixed))));
  }
  chunks.forEach((chunk, c) => {
    scans.forEach((scan, i) => {
      scan(chunk);
      const ms = median([0, 1, 2].map(() => cpuMs(() => scan(chunk))));
      if (ms > (worst[i] ?? 0)) { worst[i] = ms; worstName[i] = c < ADVERSARIAL.length ? JSON.stringify(ADVERSARIAL[c]) : `mixed chunk ${c}`; }
    });
  });
  roots.forEach((root, i) => {
    const ms = median(mixedRuns[i] ?? []);
    console.log(`${root}: mixed ${mb.toFixed(1)} MB in ${ms.toFixed(0)} ms CPU (median of 5) = ${(mb / (ms / 1000)).toFixed(1)} MB/s; worst 10 KB chunk ${worst[i]?.toFixed(2)} ms CPU (${worstName[i]}) of ${chunks.length}`);
  });
}
void main();
