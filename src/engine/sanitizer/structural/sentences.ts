/**
 * Sentence pieces for the structural detector, with canonical boundaries: a piece ends at a sentence
 * end, a newline, or an absolute multiple of MAX_SENTENCE, so wherever a trigger starts reading, the
 * pieces it sees are the same ones every other trigger sees. That is what lets the detector read each
 * piece's orders and risks once per input, however many triggers lead to it.
 */
export const MAX_SENTENCE = 600;
/** How far a sentence may be from the words that address the agent (same paragraph only). */
const CONTEXT_AFTER = 700;
// A JSON string value that ends a field (`", "`) ends an utterance too: fields are written apart.
const SENTENCE_END = /[.!?。！？](?=\s|$)|[。！？]|\n|"(?=,)/g;

const isEnd = (text: string, i: number): boolean => {
  const c = text[i];
  return c === '\n' || c === '。' || c === '！' || c === '？' || (c === '"' && text[i + 1] === ',') || ((c === '.' || c === '!' || c === '?') && /\s/.test(text[i + 1] ?? ''));
};

/** Where the piece containing `at` starts: after a sentence end, or at the multiple of MAX_SENTENCE below `at`. */
export function sentenceStart(text: string, at: number): number {
  const floor = at - (at % MAX_SENTENCE);
  for (let i = at - 1; i >= floor; i--) if (isEnd(text, i)) return i + 1;
  return floor;
}

/**
 * sentenceStart for positions given in increasing order (the detector's triggers): each call walks back
 * only to the previous position, so a text with a trigger every few characters and no sentence end
 * (800 fake turn tokens in 10 KB) costs one walk over the text, not a 600-character walk per trigger.
 */
export function sentenceStarts(text: string): (at: number) => number {
  let lastAt = -1;
  let lastStart = 0;
  return (at: number): number => {
    const floor = at - (at % MAX_SENTENCE);
    if (lastAt < floor || at < lastAt) {
      lastStart = sentenceStart(text, at);
    } else {
      let i = at - 1;
      while (i >= lastAt && !isEnd(text, i)) i--;
      if (i >= lastAt) lastStart = i + 1;
    }
    lastAt = at;
    return lastStart;
  };
}

const nextCut = (at: number): number => at - (at % MAX_SENTENCE) + MAX_SENTENCE;

/** The pieces of text[from, to); `from` must be a piece start (sentenceStart, or a previous piece's end). */
export function sentences(text: string, from: number, to: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  const push = (start: number, end: number): void => {
    for (let s = start; s < end; s = nextCut(s)) out.push([s, Math.min(end, nextCut(s))]);
  };
  const slice = text.slice(from, to);
  SENTENCE_END.lastIndex = 0;
  let start = from;
  for (let m = SENTENCE_END.exec(slice); m !== null; m = SENTENCE_END.exec(slice)) {
    const end = from + m.index + m[0].length;
    push(start, end);
    start = end;
  }
  push(start, to);
  return out;
}

/** The end of the paragraph around a position: the next blank line, bounded. */
export function paragraphEnd(text: string, at: number): number {
  const limit = Math.min(text.length, at + CONTEXT_AFTER);
  // Searched within the limit only: an unbounded indexOf walks to the end of a text with no blank line, per trigger.
  const blank = text.slice(at, limit + 1).indexOf('\n\n');
  return blank === -1 || at + blank > limit ? limit : at + blank;
}
