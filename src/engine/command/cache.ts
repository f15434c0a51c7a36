/**
 * A bounded least-recently-used cache of analyses in front of a CommandAnalyzer. Agents repeat the
 * same lines (`npm test`, `git status`) all the time, and an analysis depends on nothing but the exact
 * line: the analyzer never sees the cwd, the workspace, the environment or the policy (relative paths
 * stay relative, `cd x && rm y` reports `x/y`, and the evaluator resolves them per request). So a hit
 * is exactly what a fresh analysis would return. Cached analyses are deeply frozen so that no caller
 * can change what the next caller receives.
 */
import type { CommandAnalysis, CommandAnalyzer } from './analysis';

export interface CachingAnalyzer extends CommandAnalyzer {
  /** Lookups answered from the cache and lookups that ran the analyzer; for benches and tests. */
  readonly stats: { hits: number; misses: number };
}

/** Lines longer than this are analysed every time: rare, and they would crowd out the everyday ones. */
export const MAX_CACHED_LINE = 4096;

function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  // Index and for-in loops: Object.keys would allocate a key list per array on the hot path.
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) deepFreeze(value[i]);
  } else {
    for (const key in value) if (Object.hasOwn(value, key)) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return Object.freeze(value);
}

/**
 * Wraps `inner` with an LRU cache of `capacity` lines (0: no cache, `inner` as it is). Exceptions from `inner`
 * are passed on and never cached.
 */
export function cachingAnalyzer(inner: CommandAnalyzer, capacity: number): CachingAnalyzer {
  const stats = { hits: 0, misses: 0 };
  if (capacity <= 0) return { analyze: (commandLine) => { stats.misses++; return inner.analyze(commandLine); }, stats };
  const entries = new Map<string, CommandAnalysis>();
  const analyze = (commandLine: string): CommandAnalysis => {
    const cacheable = typeof commandLine === 'string' && commandLine.length <= MAX_CACHED_LINE;
    const known = cacheable ? entries.get(commandLine) : undefined;
    if (known) {
      stats.hits++;
      // Map keeps insertion order: re-inserting marks the line as most recently used.
      entries.delete(commandLine);
      entries.set(commandLine, known);
      return known;
    }
    stats.misses++;
    const analysis = deepFreeze(inner.analyze(commandLine));
    if (!cacheable) return analysis;
    if (entries.size >= capacity) {
      const oldest = entries.keys().next();
      if (!oldest.done) entries.delete(oldest.value);
    }
    entries.set(commandLine, analysis);
    return analysis;
  };
  return { analyze, stats };
}
