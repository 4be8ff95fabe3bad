// Which addresses a webhook or channel may reach. Private, loopback, link-local (cloud metadata
// at 169.254.169.254 and fd00:ec2::254), CGNAT, multicast and reserved ranges are refused so that
// a tenant cannot make Herald call into the network it runs in (SSRF), unless the operator sets
// HERALD_ALLOW_PRIVATE_TARGETS=1. Ranges: RFC 6890 special-purpose registries.
import { BlockList, isIP } from 'node:net';

const blocked = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16],
  ['172.16.0.0', 12], ['192.0.0.0', 24], ['192.0.2.0', 24], ['192.88.99.0', 24], ['192.168.0.0', 16],
  ['198.18.0.0', 15], ['198.51.100.0', 24], ['203.0.113.0', 24], ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) {
  blocked.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [
  ['::', 128], ['::1', 128], ['64:ff9b:1::', 48], ['100::', 64], ['2001::', 23], ['2001:db8::', 32],
  ['fc00::', 7], ['fe80::', 10], ['fec0::', 10], ['ff00::', 8],
] as const) {
  blocked.addSubnet(net, prefix, 'ipv6');
}

/** The 16 bytes of an IPv6 address (already checked by isIP), in any of its spellings. */
function ipv6Bytes(address: string): number[] | undefined {
  let text = address.toLowerCase().replace(/%.*$/, '');
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number);
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split('::');
  const left = head ? head.split(':') : [];
  const right = tail === undefined ? undefined : tail ? tail.split(':') : [];
  const groups = right === undefined ? left : [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  if (groups.length !== 8) return undefined;
  return groups.flatMap((g) => {
    const n = parseInt(g, 16);
    return [n >> 8, n & 255];
  });
}

/**
 * The IPv4 address an IPv6 address carries and a network would route to: IPv4-mapped
 * (::ffff:a.b.c.d), IPv4-compatible (::a.b.c.d), SIIT (::ffff:0:a.b.c.d), NAT64 (64:ff9b::a.b.c.d)
 * and 6to4 (2002:AABB:CCDD::). Each is checked as the IPv4 address it reaches, in any spelling
 * (hex groups or dotted quad).
 */
function embeddedIPv4(address: string): string | undefined {
  const b = ipv6Bytes(address);
  if (!b) return undefined;
  const zero = (from: number, to: number) => b.slice(from, to).every((x) => x === 0);
  const at = (i: number) => `${b[i]}.${b[i + 1]}.${b[i + 2]}.${b[i + 3]}`;
  if (zero(0, 10) && b[10] === 0xff && b[11] === 0xff) return at(12);
  if (zero(0, 8) && b[8] === 0xff && b[9] === 0xff && zero(10, 12)) return at(12);
  if (zero(0, 12) && !zero(12, 16)) return at(12);
  if (b[0] === 0x00 && b[1] === 0x64 && b[2] === 0xff && b[3] === 0x9b && zero(4, 12)) return at(12);
  if (b[0] === 0x20 && b[1] === 0x02) return at(2);
  return undefined;
}

export function isForbiddenAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return blocked.check(address, 'ipv4');
  if (family === 6) {
    const v4 = embeddedIPv4(address);
    if (v4) return blocked.check(v4, 'ipv4');
    return blocked.check(address, 'ipv6');
  }
  return true; // not an address at all: refuse rather than guess
}

export type UrlProblem = string | undefined;

/**
 * Checks a target URL's shape, and its host when it is an IP literal. Host names are checked
 * again where they are resolved, at delivery time (see activities/channels/safe-lookup.ts).
 */
export function checkTargetUrl(raw: string, allowPrivate: boolean): UrlProblem {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'is not an absolute URL';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'must use http or https';
  if (url.username || url.password) return 'must not carry credentials; use the signature to authenticate Herald';
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (allowPrivate) return undefined;
  if (isIP(host) && isForbiddenAddress(host)) return `targets a private or reserved address (${host})`;
  const lower = host.toLowerCase();
  if (lower === 'localhost' || lower.endsWith('.localhost') || lower.endsWith('.internal') || lower.endsWith('.local')) {
    return `targets a private host name (${host})`;
  }
  return undefined;
}
