// IP addresses and networks for `fd.sip = 10.0.0.1`, `fd.snet in (10.0.0.0/8)` and friends.
import { BlockList, isIP } from 'node:net';

export interface IpMatcher {
  /** True when `ip` equals one of the addresses or falls inside one of the networks. */
  has(ip: string): boolean;
}

/** Parse `a.b.c.d`, `::1`, `10.0.0.0/8` or `fd00::/8`; returns an error message when invalid. */
export function parseNet(s: string): { addr: string; prefix: number; family: 'ipv4' | 'ipv6' } | string {
  const [addr, bits, extra] = s.trim().split('/');
  if (extra !== undefined || addr === undefined) return `'${s}' is not an IP address or network`;
  const fam = isIP(addr);
  if (fam === 0) return `'${s}' is not an IP address or network`;
  const max = fam === 4 ? 32 : 128;
  const prefix = bits === undefined ? max : Number(bits);
  if (
    !Number.isInteger(prefix) ||
    prefix < 0 ||
    prefix > max ||
    (bits !== undefined && !/^\d+$/.test(bits))
  ) {
    return `'${s}' has an invalid prefix length`;
  }
  return { addr, prefix, family: fam === 4 ? 'ipv4' : 'ipv6' };
}

export function ipMatcher(values: readonly string[]): IpMatcher | string {
  const list = new BlockList();
  for (const v of values) {
    const n = parseNet(v);
    if (typeof n === 'string') return n;
    list.addSubnet(n.addr, n.prefix, n.family);
  }
  return {
    has(ip: string): boolean {
      const fam = isIP(ip);
      if (fam === 0) return false;
      return list.check(ip, fam === 4 ? 'ipv4' : 'ipv6');
    },
  };
}
