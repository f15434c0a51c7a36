/**
 * Small helpers over resolved argument vectors: option scanning and program names.
 */
import type { ResolvedWord } from './words';

export function basename(program: string): string {
  const slash = program.lastIndexOf('/');
  return slash >= 0 ? program.slice(slash + 1) : program;
}

export function isOption(word: ResolvedWord | undefined): boolean {
  return !!word && !word.dynamic && word.value.length > 1 && word.value.startsWith('-');
}

/** Option spec of a program: which options consume the next word as their value. */
export interface OptionSpec {
  withValue: ReadonlySet<string>;
  /** Also stop at the first operand even if later words look like options (most wrappers). */
  stopAtOperand?: boolean;
}

const specCache = new Map<string, OptionSpec>();

/** Option specs are written inline as strings; parse each one once. */
export function spec(withValue: string): OptionSpec {
  let cached = specCache.get(withValue);
  if (!cached) {
    cached = { withValue: new Set(withValue.split(' ').filter(Boolean)) };
    specCache.set(withValue, cached);
  }
  return cached;
}

/**
 * Skips leading options starting at `from` and returns the index of the first operand. Options listed
 * in `withValue` consume the next word; `--opt=value` and attached short values (`-uroot`) consume none.
 */
export function skipOptions(words: readonly ResolvedWord[], from: number, options: OptionSpec): number {
  let i = from;
  while (i < words.length) {
    const word = words[i] as ResolvedWord;
    if (word.value === '--' && !word.dynamic) return i + 1;
    if (!isOption(word)) return i;
    i += options.withValue.has(word.value) ? 2 : 1;
  }
  return i;
}

/** Operands (non-option words) of a simple tool, honouring `--` and options that take a value. */
export function operands(words: readonly ResolvedWord[], from: number, options: OptionSpec): ResolvedWord[] {
  const found: ResolvedWord[] = [];
  let endOfOptions = false;
  for (let i = from; i < words.length; i++) {
    const word = words[i] as ResolvedWord;
    if (!endOfOptions && !word.dynamic && word.value === '--') {
      endOfOptions = true;
    } else if (!endOfOptions && isOption(word)) {
      if (options.withValue.has(word.value)) i++;
    } else {
      found.push(word);
    }
  }
  return found;
}

/** Value of an option given as `-o value`, `-ovalue`, `--output value` or `--output=value`. */
export function optionValues(words: readonly ResolvedWord[], names: readonly string[]): ResolvedWord[] {
  const values: ResolvedWord[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as ResolvedWord;
    if (word.dynamic) continue;
    for (const name of names) {
      if (word.value === name && words[i + 1]) values.push(words[i + 1] as ResolvedWord);
      else if (name.startsWith('--') && word.value.startsWith(`${name}=`)) values.push({ ...word, value: word.value.slice(name.length + 1) });
      else if (!name.startsWith('--') && name.length === 2 && word.value.startsWith(name) && word.value.length > 2 && !word.value.startsWith('--')) {
        values.push({ ...word, value: word.value.slice(2) });
      }
    }
  }
  return values;
}

export function hasFlag(words: readonly ResolvedWord[], shortLetter: string, long?: string): boolean {
  return words.some((word) => {
    if (word.dynamic || !word.value.startsWith('-')) return false;
    if (word.value.startsWith('--')) return long !== undefined && (word.value === long || word.value.startsWith(`${long}=`));
    return word.value.slice(1).includes(shortLetter);
  });
}
