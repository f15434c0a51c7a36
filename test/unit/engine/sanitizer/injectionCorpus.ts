// The injection corpus (test/fixtures/injection, built by build.mjs before any rule was written) and the
// measure used by the unit test and the bench: a text counts as flagged when any inbound finding is at
// warning level (medium) or above.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { scanInbound } from '../../../../src/engine/sanitizer';

export interface CorpusEntry { id: string; text: string; style: string; lang: string; carrier: string; holdout: boolean }

const DIR = join(__dirname, '..', '..', '..', 'fixtures', 'injection');

export function loadCorpus(name: 'attacks' | 'benign'): CorpusEntry[] {
  return readFileSync(join(DIR, `${name}.jsonl`), 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as CorpusEntry);
}

export const flagged = (text: string): boolean => scanInbound(text).some((f) => f.severity !== 'low');

export interface Measure { recall: number; falseFlags: number; attacks: number; benign: number; missed: CorpusEntry[]; wronglyFlagged: CorpusEntry[] }

export function measure(holdout: boolean): Measure {
  const attacks = loadCorpus('attacks').filter((e) => e.holdout === holdout);
  const benign = loadCorpus('benign').filter((e) => e.holdout === holdout);
  const missed = attacks.filter((e) => !flagged(e.text));
  const wronglyFlagged = benign.filter((e) => flagged(e.text));
  return {
    recall: 1 - missed.length / attacks.length, falseFlags: wronglyFlagged.length / benign.length,
    attacks: attacks.length, benign: benign.length, missed, wronglyFlagged,
  };
}
