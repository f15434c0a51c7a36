/**
 * The egress allow-list: which host names a sandboxed command may reach through the proxy. Same shapes as
 * the policy's `network.allowedHosts` / `deniedHosts`: an exact name or `*.suffix` (which matches names
 * under the suffix, not the suffix itself). A raw IP address is reached only when listed as that address.
 */
import { isIP } from 'node:net';

export interface EgressHostLists {
  /** Exact names (`registry.npmjs.org`), `*.suffix` wildcards, or IP addresses. Empty: nothing is reachable. */
  allowedHosts: readonly string[];
  /** Same shapes; a denied host is refused even when an allowed entry also matches. */
  deniedHosts?: readonly string[];
}

export type HostVerdict = { decision: 'allow'; rule: string } | { decision: 'deny'; reason: string };

interface CompiledList {
  exact: Set<string>;
  suffixes: string[];
}

/** Lower case, no trailing dot, IPv6 brackets removed: the form names are compared in. */
export function normalizeHost(host: string): string {
  let h = host.trim().toLowerCase();
  if (h.startsWith('[') && h.endsWith(']')) h = h.slice(1, -1);
  if (h.endsWith('.') && isIP(h) === 0) h = h.slice(0, -1);
  return h;
}

function compile(hosts: readonly string[]): CompiledList {
  const normalized = hosts.map(normalizeHost);
  return {
    exact: new Set(normalized.filter((h) => !h.startsWith('*.'))),
    // "*." followed by a bare name: a wildcard over the whole internet or a TLD is never honoured.
    suffixes: normalized.filter((h) => h.startsWith('*.') && h.slice(2).includes('.')).map((h) => h.slice(1)),
  };
}

function matches(list: CompiledList, host: string): string | undefined {
  if (list.exact.has(host)) return host;
  if (isIP(host) !== 0) return undefined;
  const suffix = list.suffixes.find((s) => host.endsWith(s) && host.length > s.length);
  return suffix !== undefined ? `*${suffix}` : undefined;
}

const HOST_NAME = /^[a-z0-9_]([a-z0-9_-]{0,62})(\.[a-z0-9_]([a-z0-9_-]{0,62}))*$/;

export function compileHostRules(lists: EgressHostLists): (host: string) => HostVerdict {
  const allow = compile(lists.allowedHosts);
  const deny = compile(lists.deniedHosts ?? []);
  return (raw) => {
    const host = normalizeHost(raw);
    if (isIP(host) === 0 && (host.length > 253 || !HOST_NAME.test(host))) return { decision: 'deny', reason: 'not a valid host name' };
    const denied = matches(deny, host);
    if (denied !== undefined) return { decision: 'deny', reason: `${denied} is in the denied hosts` };
    const allowed = matches(allow, host);
    if (allowed !== undefined) return { decision: 'allow', rule: allowed };
    return { decision: 'deny', reason: isIP(host) !== 0 ? 'a raw IP address that the allow-list does not name' : 'not in the allowed hosts' };
  };
}
