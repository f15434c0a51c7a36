/**
 * POSIX path normalisation for decisions: expands `~`, `$HOME`, `$VAR`, `${VAR}` from an injected
 * environment, resolves relative paths against the cwd and folds `.`, `..` and repeated slashes,
 * purely lexically. Symlinks are resolved later through the file-system port. Anything that cannot be
 * expanded exactly (unset variables, `${VAR:-x}`, `~otheruser`) is reported, never guessed.
 */

export interface PathEnvironment {
  home: string;
  vars: Readonly<Record<string, string | undefined>>;
}

export type NormalisedPath =
  | { ok: true; path: string; hasGlob: boolean }
  | { ok: false; reason: string };

const GLOB = /[*?[{]/;
const MAX_PATH = 4096;

export function isInside(path: string, dir: string): boolean {
  if (dir === '/') return path.startsWith('/');
  return path === dir || path.startsWith(`${dir}/`);
}

/** Folds `.`, `..` and `//` of an absolute path; `..` at the root stays at the root, as in the kernel. */
export function foldAbsolute(path: string): string {
  // Most paths are already clean; skip the split/join on the hot path.
  if (path.startsWith('/') && !/\/\.|\/\/|.\/$/.test(path)) return path;
  const out: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') out.pop();
    else out.push(segment);
  }
  return `/${out.join('/')}`;
}

function expandVariables(raw: string, env: PathEnvironment): string | { reason: string } {
  let failure: string | undefined;
  const expanded = raw.replace(/\$\{([^}]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (whole, braced: string | undefined, bare: string | undefined) => {
    const name = braced ?? bare ?? '';
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
      failure ??= `the path uses ${whole}, which is not a plain variable`;
      return whole;
    }
    const value = name === 'HOME' ? env.home : env.vars[name];
    if (value === undefined) {
      failure ??= `the path uses $${name}, which is not set`;
      return whole;
    }
    return value;
  });
  if (failure) return { reason: failure };
  if (expanded.includes('$') || expanded.includes('`')) return { reason: 'the path contains shell expansion that cannot be evaluated' };
  return expanded;
}

export function normalisePath(raw: string, cwd: string, env: PathEnvironment): NormalisedPath {
  if (raw.length === 0) return { ok: false, reason: 'the path is empty' };
  if (raw.length > MAX_PATH) return { ok: false, reason: 'the path is too long to check' };
  if (raw.includes('\0')) return { ok: false, reason: 'the path contains a NUL byte' };
  let text = raw;
  if (text === '~' || text.startsWith('~/')) text = env.home + text.slice(1);
  else if (text.startsWith('~')) return { ok: false, reason: `the path ${raw} names another user's home directory` };
  const expanded = expandVariables(text, env);
  if (typeof expanded !== 'string') return { ok: false, reason: expanded.reason };
  if (!cwd.startsWith('/')) return { ok: false, reason: 'the working directory is not an absolute path' };
  const absolute = expanded.startsWith('/') ? expanded : `${cwd}/${expanded}`;
  return { ok: true, path: foldAbsolute(absolute), hasGlob: GLOB.test(expanded) };
}
