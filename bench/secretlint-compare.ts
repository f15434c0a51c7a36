// Side-by-side comparison of the outbound secret detector with secretlint + its recommended preset, on
// the same inputs: (1) the labelled corpus of the unit tests (fake tokens in provider formats, plus
// ordinary text that must stay clean), (2) a few MB of real source text for throughput and noise.
// Run: node --import tsx bench/secretlint-compare.ts   (secretlint is a devDependency for this only)
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { scanOutbound } from '../src/engine/sanitizer';
import { CLEAN_SECRET_TEXTS, LEAK_TEXTS } from '../test/unit/engine/sanitizer/secretCorpus';

interface SecretlintMessage { ruleId: string; range: [number, number] }
type LintSource = (input: { source: { content: string; filePath: string; contentType: 'text' }; options: { config: unknown; maskSecrets?: boolean; noPhysicFilePath?: boolean } }) => Promise<{ messages: SecretlintMessage[] }>;

async function loadSecretlint(): Promise<(text: string) => Promise<SecretlintMessage[]>> {
  const coreName = '@secretlint/core';
  const presetName = '@secretlint/secretlint-rule-preset-recommend';
  const core = (await import(coreName)) as { lintSource: LintSource };
  const preset = (await import(presetName)) as { creator: unknown };
  const config = { rules: [{ id: presetName, rule: preset.creator }] };
  return async (text) => (await core.lintSource({ source: { content: text, filePath: '/input.txt', contentType: 'text' }, options: { config, maskSecrets: true, noPhysicFilePath: true } })).messages;
}

async function main(): Promise<void> {
  const secretlint = await loadSecretlint();
  let oursHit = 0;
  let theirsHit = 0;
  const missedByUs: string[] = [];
  const missedByThem: string[] = [];
  for (const [text, kind] of LEAK_TEXTS) {
    const ours = scanOutbound(text).length > 0;
    const theirs = (await secretlint(text)).length > 0;
    if (ours) oursHit++; else missedByUs.push(kind);
    if (theirs) theirsHit++; else missedByThem.push(kind);
  }
  let oursFalse = 0;
  let theirsFalse = 0;
  for (const text of CLEAN_SECRET_TEXTS) {
    if (scanOutbound(text).length > 0) oursFalse++;
    if ((await secretlint(text)).length > 0) theirsFalse++;
  }
  console.log(`labelled corpus: ${LEAK_TEXTS.length} leaks, ${CLEAN_SECRET_TEXTS.length} clean texts`);
  console.log(`  agent-guard: ${oursHit}/${LEAK_TEXTS.length} leaks found, ${oursFalse} false alarms; missed: ${missedByUs.join(', ') || 'none'}`);
  console.log(`  secretlint : ${theirsHit}/${LEAK_TEXTS.length} leaks found, ${theirsFalse} false alarms; missed: ${[...new Set(missedByThem)].join(', ') || 'none'}`);

  const lib = join('node_modules', 'typescript', 'lib');
  const corpus = ['typescript.js', 'lib.dom.d.ts'].map((f) => readFileSync(join(lib, f), 'utf8')).join('\n');
  const mb = Buffer.byteLength(corpus) / 1e6;
  scanOutbound(corpus);
  let start = performance.now();
  const ours = scanOutbound(corpus).length;
  const oursMs = performance.now() - start;
  await secretlint(corpus.slice(0, 100_000));
  start = performance.now();
  const theirs = (await secretlint(corpus)).length;
  const theirsMs = performance.now() - start;
  console.log(`real source text: ${mb.toFixed(1)} MB`);
  console.log(`  agent-guard: ${(mb / (oursMs / 1000)).toFixed(1)} MB/s, ${ours} findings`);
  console.log(`  secretlint : ${(mb / (theirsMs / 1000)).toFixed(1)} MB/s, ${theirs} findings`);
}

void main();
