// Side-by-side comparison of the outbound secret detector with secretlint + its recommended preset, on
// the same inputs: (1) the labelled corpus of the unit tests (fake tokens in provider formats, plus
// ordinary text that must stay clean), (2) a few MB of real source text for throughput and noise.
// Run: node --import tsx bench/secretlint-compare.ts   (secretlint is a devDependency for this only)
import { readdirSync, readFileSync, statSync } from 'node:fs';
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
  const oursMs = await medianMs(async () => { scanOutbound(corpus); });
  const theirsMs = await medianMs(async () => { await secretlint(corpus); });
  console.log(`real source text: ${mb.toFixed(1)} MB (median of 3 runs each)`);
  console.log(`  agent-guard: ${(mb / (oursMs / 1000)).toFixed(1)} MB/s, ${scanOutbound(corpus).length} findings`);
  console.log(`  secretlint : ${(mb / (theirsMs / 1000)).toFixed(1)} MB/s, ${(await secretlint(corpus)).length} findings`);

  // Noise on many real files (packages' code, docs, tests): each finding is a false alarm or a
  // published example credential; counted per tool, per kind.
  const files = listFiles('node_modules', 3000);
  let bytes = 0;
  const ourKinds = new Map<string, number>();
  const theirKinds = new Map<string, number>();
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    bytes += Buffer.byteLength(text);
    for (const f of scanOutbound(text)) ourKinds.set(f.kind, (ourKinds.get(f.kind) ?? 0) + 1);
    for (const m of await secretlint(text)) theirKinds.set(m.ruleId.replace('@secretlint/secretlint-rule-', ''), (theirKinds.get(m.ruleId.replace('@secretlint/secretlint-rule-', '')) ?? 0) + 1);
  }
  const show = (kinds: Map<string, number>): string => [...kinds].map(([k, n]) => `${k} ${n}`).join(', ') || 'none';
  console.log(`node_modules sample: ${files.length} .js/.ts/.md files, ${(bytes / 1e6).toFixed(1)} MB`);
  console.log(`  agent-guard: ${[...ourKinds.values()].reduce((a, b) => a + b, 0)} findings (${show(ourKinds)})`);
  console.log(`  secretlint : ${[...theirKinds.values()].reduce((a, b) => a + b, 0)} findings (${show(theirKinds)})`);
}

async function medianMs(run: () => Promise<void>): Promise<number> {
  await run();
  const times: number[] = [];
  for (let i = 0; i < 3; i++) {
    const start = performance.now();
    await run();
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b)[1] ?? 0;
}

/** Source and docs files under `root` (deterministic order), skipping TypeScript's lib and big files. */
function listFiles(root: string, limit: number): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (out.length >= limit) return;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'typescript' && entry.name !== '.cache') walk(path);
      } else if (/\.(?:js|ts|md)$/.test(entry.name) && statSync(path).size < 300_000) out.push(path);
    }
  };
  walk(root);
  return out;
}

void main();
