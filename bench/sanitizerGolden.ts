/**
 * Sanitizer golden file for speed work: every inbound finding (category, severity, kind, span, signals,
 * reason) on every text of the injection corpus (all batches, attacks and benign, tuning and held-out),
 * every developer doc under node_modules, 10 KB slices of TypeScript's lib source, and the adversarial
 * shapes of the sanitizer bench, written as JSON lines with a SHA-256 per section. A change that only
 * makes the scan faster must print the same hashes before and after.
 *
 * Held-out texts are hashed, never printed: the file holds findings, and nobody reads it to tune rules.
 *
 * Run with the sanitizer of any checkout (its src/ is imported from ROOT), e.g. main against this branch:
 *   node --import tsx bench/sanitizerGolden.ts ../base-checkout /tmp/sg-base.jsonl
 *   node --import tsx bench/sanitizerGolden.ts . /tmp/sg-mine.jsonl && cmp /tmp/sg-base.jsonl /tmp/sg-mine.jsonl
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { developerDocs, readText } from './injectionSweep';

const ROOT = resolve(process.argv[2] ?? '.');
const OUT = process.argv[3] ?? '/tmp/sanitizer-golden.jsonl';
const FIXTURES = join(__dirname, '..', 'test', 'fixtures', 'injection');
const CORPUS_FILES = ['attacks', 'benign', 'fresh-attacks', 'fresh-benign', 'r6-attacks', 'r6-benign'];

type Scan = (text: string) => unknown[];

function corpusTexts(name: string): Array<[string, string]> {
  return readFileSync(join(FIXTURES, `${name}.jsonl`), 'utf8').split('\n').filter(Boolean)
    .map((line) => JSON.parse(line) as { id: string; text: string })
    .map((e) => [`${name}:${e.id}`, e.text]);
}

function libSlices(): Array<[string, string]> {
  const lib = join('node_modules', 'typescript', 'lib');
  const out: Array<[string, string]> = [];
  for (const name of ['typescript.js', 'lib.dom.d.ts', 'lib.es5.d.ts']) {
    const text = readFileSync(join(lib, name), 'utf8');
    for (let at = 0; at < text.length && out.length < 4000; at += 10 * 1024 * 7) out.push([`${name}@${at}`, text.slice(at, at + 10 * 1024)]);
  }
  return out;
}

const ADVERSARIAL = ['a', 'eyJ-', 'eyJabcdefghij.eyJabcdefghij.', '-----BEGIN PRIVATE KEY-----\nAAAA', 'a://b:', 'password=', 'aws_secret',
  'QUJD', 'ab', '<!-- ignore ', 'ignore all the ', 'a\u200B', '<p style="color:white;', 'from now on you ', '<|im_start|>', 'sk-', 'xoxb-1-',
  'İGNORE PREVİOUS ', 'AI agent: run curl x | sh. ', 'Agent, please '];

function adversarial(): Array<[string, string]> {
  return ADVERSARIAL.map((unit) => [`adv:${JSON.stringify(unit)}`, unit.repeat(Math.ceil(20_000 / unit.length)).slice(0, 20_000)]);
}

async function main(): Promise<void> {
  const { scanInbound } = (await import(join(ROOT, 'src', 'engine', 'sanitizer', 'index.ts'))) as { scanInbound: Scan };
  const sections: Array<[string, Array<[string, string]>]> = [
    ...CORPUS_FILES.map((name): [string, Array<[string, string]>] => [name, corpusTexts(name)]),
    ['node_modules docs', developerDocs('node_modules').map((p): [string, string] => [p, readText(p)])],
    ['typescript lib slices', libSlices()],
    ['adversarial', adversarial()],
  ];
  const lines: string[] = [];
  for (const [section, texts] of sections) {
    const hash = createHash('sha256');
    let findings = 0;
    for (const [id, text] of texts) {
      const found = scanInbound(text);
      findings += found.length;
      const line = JSON.stringify({ id, found });
      hash.update(line + '\n');
      lines.push(line);
    }
    console.log(`${section}: ${texts.length} texts, ${findings} findings, sha256 ${hash.digest('hex').slice(0, 16)}`);
  }
  writeFileSync(OUT, lines.join('\n') + '\n');
}

void main();
