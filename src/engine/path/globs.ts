/**
 * Policy globs compiled once into regexps. `/abs/**` and `~/x` are absolute, `**\/x` matches anywhere,
 * anything else is relative to the workspace root and only matches inside it. `dir/**` also matches
 * `dir` itself, so a rule on a directory covers deleting or replacing the directory.
 */
import { minimatch } from 'minimatch';

export interface GlobOptions {
  home: string;
  nocase: boolean;
}

export interface CompiledGlob {
  glob: string;
  absolute: boolean;
  regexps: RegExp[];
  /** A literal every matching path contains: a cheap `includes` test skips most regexps on the hot path. */
  needle: string;
  /** For `dir/**` globs, which also match `dir` itself: the needle without its trailing slash, matched at the end. */
  needleAtEnd: string;
}

/** The longest run of characters with no glob meaning, e.g. `.pem` for `**\/*.pem`. */
function longestLiteral(pattern: string, nocase: boolean): string {
  let best = '';
  const withoutClasses = pattern.replace(/\[[^\]]*\]/g, '*');
  for (const run of withoutClasses.split(/[*?[\]{}()!+@\\]/)) if (run.length > best.length) best = run;
  return nocase ? best.toLowerCase() : best;
}

const NEVER = /(?!)/;

export function compileGlob(glob: string, options: GlobOptions): CompiledGlob {
  let pattern = glob === '~' || glob.startsWith('~/') ? options.home + glob.slice(1) : glob;
  const absolute = pattern.startsWith('/') || pattern.startsWith('**');
  if (pattern.startsWith('./')) pattern = pattern.slice(2);
  const variants = pattern.endsWith('/**') ? [pattern, pattern.slice(0, -3) || '/'] : [pattern];
  const regexps = variants.map((variant) => {
    const re = minimatch.makeRe(variant, { dot: true, nocase: options.nocase });
    // A malformed glob matches nothing (the loader already reported it); it must never match everything.
    return re === false ? NEVER : re;
  });
  // Brace and extglob patterns are rare in policies; they skip the needle to stay correct.
  const needle = /[{}()!+@]/.test(pattern) ? '' : longestLiteral(pattern, options.nocase);
  const needleAtEnd = needle.endsWith('/') && needle.length > 1 ? needle.slice(0, -1) : '';
  return { glob, absolute, regexps, needle, needleAtEnd };
}

/** Paths to test: the absolute path, and the workspace-relative one when inside the workspace. */
export interface PathForms {
  absolute: string;
  relative: string | undefined;
}

export function globMatches(compiled: CompiledGlob, forms: PathForms): boolean {
  const subject = compiled.absolute ? forms.absolute : forms.relative;
  if (subject === undefined) return false;
  if (compiled.needle.length > 0 && !subject.includes(compiled.needle)
    && !(compiled.needleAtEnd.length > 0 && subject.endsWith(compiled.needleAtEnd))) return false;
  return compiled.regexps.some((re) => re.test(subject));
}
