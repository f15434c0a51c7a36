/**
 * Which resolved addresses the egress proxy refuses to connect to: everything that is not the public
 * internet. Checked AFTER DNS resolution, on the address the proxy then connects to, so a name that an
 * attacker points at 127.0.0.1 or the cloud metadata service (DNS rebinding) is refused like the address.
 */
import { BlockList, isIP } from 'node:net';

const V4_BLOCKED: ReadonlyArray<[string, number, string]> = [
  ['0.0.0.0', 8, 'the "this network" range'],
  ['10.0.0.0', 8, 'a private network (RFC 1918)'],
  ['100.64.0.0', 10, 'carrier-grade NAT space (RFC 6598)'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link-local (cloud metadata lives here)'],
  ['172.16.0.0', 12, 'a private network (RFC 1918)'],
  ['192.0.0.0', 24, 'IETF protocol assignments'],
  ['192.168.0.0', 16, 'a private network (RFC 1918)'],
  ['198.18.0.0', 15, 'the benchmarking range'],
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'reserved space and broadcast'],
];

const V6_BLOCKED: ReadonlyArray<[string, number, string]> = [
  ['::', 128, 'the unspecified address'],
  ['::1', 128, 'loopback'],
  ['100::', 64, 'the discard prefix'],
  ['fc00::', 7, 'a unique local (private) network'],
  ['fe80::', 10, 'link-local'],
  ['fec0::', 10, 'site-local'],
  ['ff00::', 8, 'multicast'],
];

function blockList(ranges: ReadonlyArray<[string, number, string]>, family: 'ipv4' | 'ipv6'): Array<{ list: BlockList; why: string }> {
  return ranges.map(([network, prefix, why]) => {
    const list = new BlockList();
    list.addSubnet(network, prefix, family);
    return { list, why };
  });
}

const V4 = blockList(V4_BLOCKED, 'ipv4');
const V6 = blockList(V6_BLOCKED, 'ipv6');

/** The IPv4 address an IPv6 form carries (mapped ::ffff:a.b.c.d, NAT64 64:ff9b::/96, 6to4 2002::/16), if any. */
export function embeddedIpv4(address: string): string | undefined {
  const groups = expandIpv6(address);
  if (!groups) return undefined;
  const v4 = (hi: number, lo: number) => `${hi >> 8}.${hi & 0xff}.${lo >> 8}.${lo & 0xff}`;
  const zeros = (from: number, to: number) => groups.slice(from, to).every((g) => g === 0);
  if (zeros(0, 5) && groups[5] === 0xffff) return v4(groups[6] ?? 0, groups[7] ?? 0);
  if (groups[0] === 0x64 && groups[1] === 0xff9b && zeros(2, 6)) return v4(groups[6] ?? 0, groups[7] ?? 0);
  // IPv4-compatible ::a.b.c.d (deprecated, but some stacks still route it)
  if (zeros(0, 6) && (groups[6] ?? 0) !== 0) return v4(groups[6] ?? 0, groups[7] ?? 0);
  if (groups[0] === 0x2002) return v4(groups[1] ?? 0, groups[2] ?? 0);
  return undefined;
}

/** Eight 16-bit groups of an IPv6 address (dotted-quad tail included), or undefined when it is not one. */
function expandIpv6(address: string): number[] | undefined {
  if (isIP(address) !== 6) return undefined;
  let text = address.split('%')[0] ?? '';
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted?.[1]) {
    const [a = 0, b = 0, c = 0, d = 0] = dotted[1].split('.').map(Number);
    text = `${text.slice(0, -dotted[1].length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const part = (s: string) => (s === '' ? [] : s.split(':').map((g) => parseInt(g, 16)));
  const left = part(head);
  const right = tail === undefined ? [] : part(tail);
  const fill = tail === undefined ? 0 : 8 - left.length - right.length;
  const groups = [...left, ...Array<number>(fill).fill(0), ...right];
  return groups.length === 8 ? groups : undefined;
}

/**
 * Why the proxy must not connect to `address`, or undefined when it is a public address.
 * Anything that is not a well-formed IP address is refused too (fail closed).
 */
export function blockedAddressReason(address: string): string | undefined {
  const family = isIP(address);
  if (family === 4) return V4.find((range) => range.list.check(address, 'ipv4'))?.why;
  if (family !== 6) return 'not an IP address';
  const inner = embeddedIpv4(address);
  if (inner !== undefined) {
    const why = blockedAddressReason(inner);
    if (why) return `${why}, inside an IPv6 address`;
  }
  return V6.find((range) => range.list.check(address, 'ipv6'))?.why;
}
