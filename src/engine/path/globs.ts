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
  return { glob, absolute, regexps };
}

/** Paths to test: the absolute path, and the workspace-relative one when inside the workspace. */
export interface PathForms {
  absolute: string;
  relative: string | undefined;
}

export function globMatches(compiled: CompiledGlob, forms: PathForms): boolean {
  const subject = compiled.absolute ? forms.absolute : forms.relative;
  if (subject === undefined) return false;
  return compiled.regexps.some((re) => re.test(subject));
}
