/**
 * The engine bench's inputs (bench/engine.bench.ts), shared with bench/golden.ts so the lines that are
 * timed are also the lines whose decisions are compared before and after a speed change.
 */
import type { CommandRule, PathRule, PolicyFile } from '../src/engine/policy/schema';
import { BENIGN_COMMANDS } from '../test/unit/engine/evaluate/benignCommands';
import { BYPASS_CASES } from '../test/unit/engine/evaluate/bypassCommands';

export const CORPUS_SIZE = 10_000;

/** 400 command rules (40 with globbed programs) and 100 path rules, plus 50 allowed hosts. */
export function policyFileWith500Rules(): PolicyFile {
  const commandRules: CommandRule[] = [];
  const effects = ['allow', 'ask', 'deny'] as const;
  for (let i = 0; i < 400; i++) {
    const effect = effects[i % 3] ?? 'ask';
    const command = i % 10 === 0 ? [`tool${i}* run`, `tool${i} --force`] : i % 7 === 0 ? `git sub${i} -x` : `tool${i} sub${i % 13} arg*`;
    commandRules.push({ id: `bench.cmd.${i}`, effect, command, risk: i % 11 === 0 ? 'high' : undefined });
  }
  const pathRules: PathRule[] = [];
  for (let i = 0; i < 100; i++) {
    pathRules.push({ id: `bench.path.${i}`, effect: effects[i % 3] ?? 'ask', ops: i % 2 ? ['write'] : ['write', 'delete'], globs: [`generated${i}/**`, `**/*.gen${i}`] });
  }
  return { version: 1, commands: { rules: commandRules }, paths: { rules: pathRules }, network: { allowedHosts: Array.from({ length: 50 }, (_, i) => `host${i}.example.com`) } };
}

/**
 * All lines distinct, so the headline figure is cold: the evaluator's analysis cache never hits
 * (checked by the bench). Seeds appear once on their own; the other shapes carry a counter.
 */
export function engineCorpus(): string[] {
  const seeds = [...BENIGN_COMMANDS, ...BYPASS_CASES.map((b) => b.command)];
  const files = ['src/a.ts', 'lib/util.js', 'README.md', 'test/x.test.ts', '.env', 'generated7/out.ts', '~/.ssh/id_rsa', '../other/file'];
  const lines = new Set<string>();
  for (let i = 0; lines.size < CORPUS_SIZE; i++) {
    const seed = seeds[i % seeds.length] ?? 'ls';
    const file = files[i % files.length] ?? 'x';
    switch (i % 5) {
      case 0: lines.add(seed); break;
      case 1: lines.add(`cat ${file} | grep -n "item${i}"`); break;
      case 2: lines.add(`tool${i % 400} sub${i % 13} arg${i}`); break;
      case 3: lines.add(`${seed} && echo step${i} > build/log${i % 50}.txt`); break;
      default: lines.add(`git diff -- ${file} ; npm run test -- --grep case${i}`);
    }
  }
  return [...lines];
}

/** The bench's path checks: protected, generated and ordinary paths, cycled. */
export function benchPaths(): string[] {
  return Array.from({ length: CORPUS_SIZE }, (_, i) => ['src/a.ts', '.env', `generated${i % 100}/x.ts`, '~/.ssh/id_rsa', '/etc/hosts', 'docs/*.md', '.vscode/settings.json'][i % 7] ?? 'x');
}
