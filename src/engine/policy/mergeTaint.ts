/**
 * The taint section across layers. It is on in every template; only an admin (the user settings layer
 * or a trusted managed policy) may switch it off, shorten the window or drop sources. A workspace file,
 * trusted or not, and an untrusted managed file may only tighten: turn it on, lengthen, add sources.
 */
import type { TaintSettings, TaintSourceKind } from '../taint/types';
import type { PolicyLayer } from './merge';
import type { PolicyFile, TaintPolicy } from './schema';

const DEFAULT_WINDOW_MINUTES = 60;

function isAdmin(layer: PolicyLayer): boolean {
  return (layer.source === 'user' || layer.source === 'managed') && layer.trusted !== false;
}

export function mergeTaint(layers: readonly PolicyLayer[], base: PolicyFile): TaintSettings {
  const admin = layers.filter(isAdmin).map((l) => l.policy.taint).filter((t): t is TaintPolicy => t !== undefined);
  const others = layers.filter((l) => !isAdmin(l)).map((l) => l.policy.taint).filter((t): t is TaintPolicy => t !== undefined);
  const pick = <T>(from: readonly TaintPolicy[], get: (t: TaintPolicy) => T | undefined): T[] => from.map(get).filter((v): v is T => v !== undefined);
  const baseline = <T>(get: (t: TaintPolicy) => T | undefined, fallback: T): T[] => {
    const explicit = pick(admin, get);
    return explicit.length > 0 ? explicit : [get(base.taint ?? {}) ?? fallback];
  };
  const enabled = [...baseline((t) => t.enabled, true), ...pick(others, (t) => t.enabled)].some((on) => on);
  const windowMinutes = Math.max(...baseline((t) => t.windowMinutes, DEFAULT_WINDOW_MINUTES), ...pick(others, (t) => t.windowMinutes));
  const sources = new Set<TaintSourceKind>([...baseline((t) => t.sources, []).flat(), ...pick(others, (t) => t.sources).flat()]);
  return { enabled, windowMinutes, sources: [...sources] };
}
