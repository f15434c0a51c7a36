/**
 * The adversarial and benign command corpus (test/fixtures/commands/*.jsonl), judged through the real
 * engine entry point (`createEvaluator(...).checkCommand`, as `agent-guard check command` does) under the
 * balanced template. A quarter of the lines, chosen by a hash of the command, is held out from tuning so
 * the figures on it say how the engine does on cases nobody tuned it against.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CommandAnalyzer } from '../../src/engine/command/analysis';
import { createEvaluator, mergeLayers } from '../../src/engine/evaluator';

export interface CorpusCase { command: string; category: string; source: string; variant?: string }
export interface CorpusVerdict extends CorpusCase { decision: string; reason: string; heldOut: boolean }

const WS = '/home/dev/project';
const ENV = { home: '/home/dev', vars: { HOME: '/home/dev', USER: 'dev' } };
const FIXTURES = join(__dirname, '..', 'fixtures', 'commands');

export function loadCorpus(name: 'attacks' | 'benign'): CorpusCase[] {
  const text = readFileSync(join(FIXTURES, `${name}.jsonl`), 'utf8');
  return text.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as CorpusCase);
}

/** FNV-1a of the command: deterministic, independent of line order. */
export function isHeldOut(command: string): boolean {
  let h = 0x811c9dc5;
  for (let i = 0; i < command.length; i++) h = Math.imul(h ^ command.charCodeAt(i), 0x01000193) >>> 0;
  return h % 4 === 0;
}

export function judgeCorpus(analyzer: CommandAnalyzer, cases: readonly CorpusCase[]): CorpusVerdict[] {
  const evaluator = createEvaluator({
    policy: mergeLayers([{ source: 'workspace', origin: 'corpus.json', policy: { version: 1, template: 'balanced' }, trusted: true }]),
    analyzer, fs: { caseInsensitive: false, realpath: (p: string) => p }, env: ENV,
  });
  return cases.map((c) => {
    const d = evaluator.checkCommand({ command: c.command, cwd: WS, workspace: WS });
    return { ...c, decision: d.decision, reason: d.reasons[0] ?? '', heldOut: isHeldOut(c.command) };
  });
}

export interface CorpusRow { category: string; split: 'tuning' | 'held-out'; total: number; allowed: number }

export function corpusTable(verdicts: readonly CorpusVerdict[]): CorpusRow[] {
  const rows = new Map<string, CorpusRow>();
  for (const v of verdicts) {
    const split = v.heldOut ? 'held-out' : 'tuning';
    const key = `${v.category}\u0000${split}`;
    const row = rows.get(key) ?? { category: v.category, split, total: 0, allowed: 0 };
    row.total++;
    if (v.decision === 'allow') row.allowed++;
    rows.set(key, row);
  }
  return [...rows.values()].sort((a, b) => a.category.localeCompare(b.category) || a.split.localeCompare(b.split));
}
