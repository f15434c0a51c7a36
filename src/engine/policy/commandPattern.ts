/**
 * Command patterns such as `git push`, `npm run test*`, `rm -rf`, compiled once at policy load.
 * Words are globs (`*`, `?`); `-xy` in a pattern means flags x and y are present in any order or
 * grouping (`-rf` matches `-fr` and `-r -f`); `--long` matches `--long` and `--long=value`; a trailing
 * `$` means no further positional words (`npm run $` lists scripts but does not run one); a trailing
 * `$$` means exactly these words, literally, in this order, and nothing else: no further flags or
 * values either (what "Always allow" writes, so approving `rm -r build` never allows `rm -rf build`).
 * Positional words of an allow pattern must be the command's first positional words (so `git log`
 * does not allow `git push origin log`); ask/deny patterns look for them anywhere in order, so a
 * tightening rule is harder to dodge than a loosening one.
 */
import { parse as shellParse } from 'shell-quote';

export interface CompiledPattern {
  /** Literal program name, or undefined when the program word itself is a glob. */
  programLiteral: string | undefined;
  programRe: RegExp;
  /** A pattern program with a slash (`./scripts/x.sh`) is compared with argv[0] itself, not its basename. */
  programIsPath: boolean;
  /** A trailing `$` word: the command has exactly these positional words and no more (`npm run $`). */
  exact: boolean;
  /** A trailing `$$` word: argv after the program must equal these words literally (no globs, no extras). */
  literalArgs: string[] | undefined;
  shortFlags: string[];
  longFlags: string[];
  positionals: RegExp[];
}

export interface ArgvShape {
  program: string;
  argv0: string;
  shortFlags: Set<string>;
  longFlags: Set<string>;
  positionals: string[];
  /** The whole argv, for `$$` patterns that compare it literally. */
  argv: readonly string[];
}

const GLOB_CHARS = /[*?[]/;

/** Converts a word glob to an anchored regexp; `[` is treated literally to keep patterns simple. */
export function wordGlobToRegExp(glob: string): RegExp {
  let source = '';
  for (const ch of glob) {
    if (ch === '*') source += '.*';
    else if (ch === '?') source += '.';
    else source += ch.replace(/[\\^$.+()|{}[\]]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 's');
}

/** Splits a pattern or example the way a shell would, keeping only literal words. */
export function splitWords(text: string): string[] | undefined {
  let tokens: ReturnType<typeof shellParse>;
  try {
    tokens = shellParse(text, (name) => `$${name}`);
  } catch {
    return undefined;
  }
  const words: string[] = [];
  for (const token of tokens) {
    if (typeof token === 'string') words.push(token);
    else if ('pattern' in token && typeof token.pattern === 'string') words.push(token.pattern);
    else return undefined;
  }
  return words;
}

/** Compiles one pattern; returns an error message instead of throwing when it makes no sense. */
export function compilePattern(pattern: string): CompiledPattern | string {
  const words = splitWords(pattern);
  if (!words || words.length === 0) return `pattern "${pattern}" is empty or uses shell operators`;
  const literal = words.length > 1 && words[words.length - 1] === '$$';
  const exact = literal || (words.length > 1 && words[words.length - 1] === '$');
  if (exact) words.pop();
  const [program, ...rest] = words as [string, ...string[]];
  if (program.startsWith('-')) return `pattern "${pattern}" must start with a program name`;
  const compiled: CompiledPattern = {
    programLiteral: GLOB_CHARS.test(programName(program)) ? undefined : programName(program),
    programRe: wordGlobToRegExp(program),
    programIsPath: program.includes('/'),
    exact,
    literalArgs: literal ? rest.slice() : undefined,
    shortFlags: [],
    longFlags: [],
    positionals: [],
  };
  for (const word of rest) {
    if (word.startsWith('--') && word.length > 2) compiled.longFlags.push(word.slice(2).split('=')[0] ?? '');
    else if (word.startsWith('-') && word.length > 1 && !GLOB_CHARS.test(word)) compiled.shortFlags.push(...word.slice(1));
    else compiled.positionals.push(wordGlobToRegExp(word));
  }
  return compiled;
}

/** Splits argv into flags and positional words once per simple command. */
export function shapeArgv(program: string, argv: readonly string[]): ArgvShape {
  const shape: ArgvShape = { program, argv0: argv[0] ?? '', shortFlags: new Set(), longFlags: new Set(), positionals: [], argv };
  let endOfOptions = false;
  for (let i = 1; i < argv.length; i++) {
    const word = argv[i] ?? '';
    if (endOfOptions || word === '-' || !word.startsWith('-')) {
      shape.positionals.push(word);
    } else if (word === '--') {
      endOfOptions = true;
    } else if (word.startsWith('--')) {
      shape.longFlags.add(word.slice(2).split('=')[0] ?? '');
    } else {
      for (const letter of word.slice(1)) shape.shortFlags.add(letter);
    }
  }
  return shape;
}

export function patternMatches(pattern: CompiledPattern, shape: ArgvShape, anchored: boolean): boolean {
  // A literal program name matches exactly itself (its regexp is `^name$`): compare strings, skip the regexp.
  if (pattern.programLiteral !== undefined && !pattern.programIsPath) {
    if (pattern.programLiteral !== shape.program) return false;
  } else if (!pattern.programRe.test(pattern.programIsPath ? shape.argv0 : shape.program)) return false;
  if (pattern.literalArgs) return literalArgsMatch(pattern.literalArgs, shape.argv);
  for (const flag of pattern.shortFlags) if (!shape.shortFlags.has(flag)) return false;
  for (const flag of pattern.longFlags) if (!shape.longFlags.has(flag)) return false;
  if (pattern.exact && pattern.positionals.length !== shape.positionals.length) return false;
  if (anchored || pattern.exact) {
    if (pattern.positionals.length > shape.positionals.length) return false;
    for (let i = 0; i < pattern.positionals.length; i++) if (!(pattern.positionals[i] as RegExp).test(shape.positionals[i] as string)) return false;
    return true;
  }
  let next = 0;
  for (const word of shape.positionals) {
    const re = pattern.positionals[next];
    if (!re) break;
    if (re.test(word)) next++;
  }
  return next === pattern.positionals.length;
}

function literalArgsMatch(expected: readonly string[], argv: readonly string[]): boolean {
  if (argv.length !== expected.length + 1) return false;
  for (let i = 0; i < expected.length; i++) if (argv[i + 1] !== expected[i]) return false;
  return true;
}

/** Basename of a program path (`/usr/bin/git` -> `git`). */
export function programName(word: string): string {
  const slash = word.lastIndexOf('/');
  return slash >= 0 ? word.slice(slash + 1) : word;
}

/**
 * An exact form (`unless` of an ask/deny rule): argv must have exactly these words. `*` is one plain
 * word (letters, digits, `._/@+:,=-`, not starting with `-`, so never a flag, a glob, a quote or an
 * expansion); a final `**` is one or more such words; every other word is literal.
 */
export interface CompiledForm { words: string[]; rest: boolean }

const PLAIN_WORD = /^(?!-)[\w./@+:,=-]+$/;

export function compileForm(form: string): CompiledForm | string {
  const words = splitWords(form);
  if (!words || words.length === 0) return `form "${form}" is empty or uses shell operators`;
  const rest = words.length > 1 && words[words.length - 1] === '**';
  if (rest) words.pop();
  return { words, rest };
}

function formWordMatches(expected: string, word: string): boolean {
  return expected === '*' ? PLAIN_WORD.test(word) : expected === word;
}

/** argv[0] is compared by program name (basename), like the rule patterns. */
export function formMatches(form: CompiledForm, program: string, argv: readonly string[]): boolean {
  const [name, ...args] = form.words;
  if (name !== program) return false;
  const given = argv.length - 1;
  if (form.rest ? given <= args.length : given !== args.length) return false;
  for (let i = 0; i < args.length; i++) if (!formWordMatches(args[i] as string, argv[i + 1] as string)) return false;
  for (let i = args.length + 1; i < argv.length; i++) if (!PLAIN_WORD.test(argv[i] as string)) return false;
  return true;
}
