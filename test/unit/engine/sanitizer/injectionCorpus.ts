// The injection corpus (test/fixtures/injection) and the measure used by the unit test and the bench: a
// text counts as flagged when any inbound finding is at warning level (medium) or above. Two batches:
// r4 (build.mjs, written before any rule existed) and r5 (fresh/build.mjs, written before the round-5
// tuning) and r6 (r6/build.mjs, written before the round-6 tuning); each has its own held-out quarter,
// measured apart.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { scanInbound } from '../../../../src/engine/sanitizer';

export type Batch = 'r4' | 'r5' | 'r6';
export interface CorpusEntry { id: string; text: string; style: string; lang: string; carrier: string; holdout: boolean; batch: Batch }

const DIR = join(__dirname, '..', '..', '..', 'fixtures', 'injection');

const FILES: Record<Batch, (name: string) => string> = { r4: (name) => `${name}.jsonl`, r5: (name) => `fresh-${name}.jsonl`, r6: (name) => `r6-${name}.jsonl` };

export function loadCorpus(name: 'attacks' | 'benign', batch: Batch = 'r4'): CorpusEntry[] {
  return readFileSync(join(DIR, FILES[batch](name)), 'utf8').split('\n').filter(Boolean)
    .map((line) => ({ ...(JSON.parse(line) as Omit<CorpusEntry, 'batch'>), batch }));
}

export const flagged = (text: string): boolean => scanInbound(text).some((f) => f.severity !== 'low');

export interface Measure { recall: number; falseFlags: number; attacks: number; benign: number; missed: CorpusEntry[]; wronglyFlagged: CorpusEntry[] }

export function measure(holdout: boolean, batch: Batch = 'r4'): Measure {
  const attacks = loadCorpus('attacks', batch).filter((e) => e.holdout === holdout);
  const benign = loadCorpus('benign', batch).filter((e) => e.holdout === holdout);
  const missed = attacks.filter((e) => !flagged(e.text));
  const wronglyFlagged = benign.filter((e) => flagged(e.text));
  return {
    recall: 1 - missed.length / attacks.length, falseFlags: wronglyFlagged.length / benign.length,
    attacks: attacks.length, benign: benign.length, missed, wronglyFlagged,
  };
}
