/**
 * Decision golden file for speed work: every decision (verdict, risk, reasons, matched rules,
 * subcommands) and every analysis for a large input set, written as JSON lines with a SHA-256 per
 * section. A change that only makes the engine faster must print the same hashes before and after.
 *
 * Inputs: the engine bench's 10,000 lines, test/fixtures/commands (attacks and benign), the evaluator's
 * benign and bypass lists, 40,000 lines of the differential grammar (seeds 1 and 2), hostile shapes
 * (deep nesting, long lines, bytes the parser does not consume), each line also behind `cd` prefixes;
 * under four policies (the 500-rule bench policy, strict, balanced with a read-only default profile,
 * trusted-automation on a case-insensitive file system), two working directories each, plus path checks.
 *
 * Run with the engine of any checkout (its src/ is imported from ROOT), e.g. main against this branch:
 *   node --import tsx bench/golden.ts /tmp/wt-base /tmp/golden-base.jsonl
 *   node --import tsx bench/golden.ts . /tmp/golden-mine.jsonl && cmp /tmp/golden-base.jsonl /tmp/golden-mine.jsonl
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { generatedLine } from '../test/support/differential';
import { BENIGN_COMMANDS } from '../test/unit/engine/evaluate/benignCommands';
import { BYPASS_CASES } from '../test/unit/engine/evaluate/bypassCommands';
import { benchPaths, engineCorpus, policyFileWith500Rules } from './engineCorpus';

const ROOT = resolve(process.argv[2] ?? '.');
const OUT = process.argv[3] ?? '/tmp/golden-decisions.jsonl';
const WS = '/home/dev/project';
const ENV = { home: '/home/dev', vars: { HOME: '/home/dev', USER: 'dev' } };

function fixtureLines(name: string): string[] {
  const text = readFileSync(join(__dirname, '..', 'test', 'fixtures', 'commands', `${name}.jsonl`), 'utf8');
  return text.split('\n').filter((l) => l.trim()).map((l) => (JSON.parse(l) as { command: string }).command);
}

/** Lines that exercise the fail-closed paths: budgets, nesting, length, bytes the tree skips. */
function hostileLines(): string[] {
  return [
    '$('.repeat(300) + 'ls' + ')'.repeat(300), '`'.repeat(2000), 'echo ' + 'a'.repeat(17_000), '{'.repeat(80) + 'ls',
    'bash -c "'.repeat(12) + 'rm -rf x' + '"'.repeat(12), 'eval eval eval eval eval eval eval eval eval eval rm x',
    'ls ' + 'x '.repeat(1200), 'echo $(echo $(echo $(echo $(echo $(echo $(rm -rf y))))))', 'pwd >\r\nrm -rf victim-dir',
    'python3 - <<EOF\nprint(1)\nEOF', 'cat <<EOF; rm x\nbody\nEOF', 'echo \u200b rm', 'ls\u00a0-la', "echo $'a\\'b' ; rm z",
    'for f in $(ls); do rm "$f"; done', 'x=1 y=$(id) z=`whoami` env | tee out', 'a'.repeat(16_384), '',
  ];
}

function sample(seed: number, count: number): string[] {
  return fc.sample(generatedLine, { seed, numRuns: count });
}

function inputLines(): string[] {
  const base = [...engineCorpus(), ...fixtureLines('attacks'), ...fixtureLines('benign'), ...BENIGN_COMMANDS, ...BYPASS_CASES.map((b) => b.command), ...hostileLines()];
  const prefixed = [...BENIGN_COMMANDS, ...BYPASS_CASES.map((b) => b.command)].flatMap((l) => [`cd src && ${l}`, `cd /tmp; ${l}`, `cd "$X" && ${l}`]);
  return [...base, ...prefixed, ...sample(1, 20_000), ...sample(2, 20_000)];
}

interface Section { name: string; hash: ReturnType<typeof createHash>; count: number }

async function main(): Promise<void> {
  const engine = (await import(join(ROOT, 'src/engine/evaluator/index.ts'))) as typeof import('../src/engine/evaluator');
  const loader = (await import(join(ROOT, 'src/node/commandAnalyzerLoader.ts'))) as typeof import('../src/node/commandAnalyzerLoader');
  const analyzer = await loader.nodeCommandAnalyzer();
  const lines = inputLines();
  const out: string[] = [];
  const sections: Section[] = [];
  const section = (name: string): Section => { const s = { name, hash: createHash('sha256'), count: 0 }; sections.push(s); return s; };
  const record = (s: Section, value: unknown): void => {
    const text = JSON.stringify(value);
    s.hash.update(text).update('\n');
    s.count++;
    out.push(text);
  };

  const analyses = section('analyses');
  for (const line of lines) record(analyses, { line, analysis: analyzer.analyze(line) });

  const layer = (policy: object) => ({ source: 'workspace' as const, origin: 'golden.json', policy: policy as import('../src/engine/policy/schema').PolicyFile, trusted: true });
  const configs = [
    { name: 'bench-500-rules', policy: policyFileWith500Rules(), caseInsensitive: false },
    { name: 'strict', policy: { version: 1, template: 'strict' }, caseInsensitive: false },
    { name: 'balanced-read-only', policy: { version: 1, template: 'balanced', agents: { defaultProfile: 'read-only' } }, caseInsensitive: false },
    { name: 'trusted-nocase', policy: { version: 1, template: 'trusted-automation' }, caseInsensitive: true },
  ];
  for (const config of configs) {
    const problems = engine.validatePolicy(config.policy, 'golden.json').problems;
    if (problems.length > 0) throw new Error(`${config.name}: ${JSON.stringify(problems.slice(0, 2))}`);
    const evaluator = engine.createEvaluator({
      policy: engine.mergeLayers([layer(config.policy)]), analyzer,
      fs: { caseInsensitive: config.caseInsensitive, realpath: (p: string) => (p.startsWith(`${WS}/link`) ? `/etc${p.slice(WS.length + 5)}` : p) }, env: ENV,
    });
    for (const cwd of [WS, `${WS}/src`]) {
      const decisions = section(`${config.name} cwd=${cwd}`);
      for (const line of lines) record(decisions, { line, decision: evaluator.checkCommand({ command: line, cwd, workspace: WS }) });
    }
    const paths = section(`${config.name} paths`);
    const ops = ['read', 'write', 'delete', 'execute'] as const;
    const extra = ['link/passwd', 'file:///etc/passwd', 'SRC/A.TS', '.ENV', '../x', '$HOME/.bashrc', 'node_modules/.bin/x', '.git/hooks/pre-commit'];
    for (const path of [...new Set([...benchPaths(), ...extra])]) {
      for (const op of ops) record(paths, { op, path, decision: evaluator.checkPath({ op, path, cwd: WS, workspace: WS }) });
    }
  }
  writeFileSync(OUT, `${out.join('\n')}\n`);
  for (const s of sections) console.log(`${s.hash.digest('hex').slice(0, 16)}  ${String(s.count).padStart(6)}  ${s.name}`);
}

void main();
