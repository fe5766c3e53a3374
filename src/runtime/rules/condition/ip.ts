// IP addresses and networks for `fd.sip = 10.0.0.1`, `fd.snet in (10.0.0.0/8)` and friends.
// Addresses are parsed to integers once per distinct string (small cache), and networks are matched by
// masking, because this runs for every connect/sendto event (Falco's `outbound` macro).
import { isIP } from 'node:net';

export interface IpMatcher {
  /** True when `ip` equals one of the addresses or falls inside one of the networks. */
  has(ip: string): boolean;
}

interface Parsed {
  v6: boolean;
  /** IPv4: one 32-bit value; IPv6: a 128-bit BigInt. */
  value: number | bigint;
}

function parseV4(s: string): number | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  let n = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p)) return undefined;
    const b = Number(p);
    if (b > 255) return undefined;
    n = n * 256 + b;
  }
  return n;
}

function parseV6(s: string): bigint | undefined {
  if (isIP(s) !== 6) return undefined;
  let str = s;
  // Embedded IPv4 (::ffff:1.2.3.4).
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(str);
  if (v4) {
    const n = parseV4(v4[1]!);
    if (n === undefined) return undefined;
    str = `${str.slice(0, -v4[1]!.length)}${(n >>> 16).toString(16)}:${(n & 0xffff).toString(16)}`;
  }
  const [head, tail] = str.split('::') as [string, string | undefined];
  const h = head ? head.split(':') : [];
  const t = tail !== undefined && tail !== '' ? tail.split(':') : [];
  const groups = tail === undefined ? h : [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t];
  if (groups.length !== 8) return undefined;
  let n = 0n;
  for (const g of groups) n = (n << 16n) | BigInt(parseInt(g, 16));
  return n;
}

const cache = new Map<string, Parsed | null>();
const CACHE_MAX = 4096;

export function parseIp(s: string): Parsed | undefined {
  const hit = cache.get(s);
  if (hit !== undefined) return hit ?? undefined;
  const v4 = parseV4(s);
  const p: Parsed | null =
    v4 !== undefined
      ? { v6: false, value: v4 }
      : ((v6) => (v6 === undefined ? null : { v6: true, value: v6 }))(parseV6(s));
  if (cache.size >= CACHE_MAX) cache.clear();
  cache.set(s, p);
  return p ?? undefined;
}

/** Parse `a.b.c.d`, `::1`, `10.0.0.0/8` or `fd00::/8`; returns an error message when invalid. */
export function parseNet(s: string): { addr: Parsed; prefix: number } | string {
  const [addr, bits, extra] = s.trim().split('/');
  if (extra !== undefined || addr === undefined) return `'${s}' is not an IP address or network`;
  const p = parseIp(addr);
  if (!p) return `'${s}' is not an IP address or network`;
  const max = p.v6 ? 128 : 32;
  if (bits !== undefined && !/^\d+$/.test(bits)) return `'${s}' has an invalid prefix length`;
  const prefix = bits === undefined ? max : Number(bits);
  if (prefix > max) return `'${s}' has an invalid prefix length`;
  return { addr: p, prefix };
}

export function ipMatcher(values: readonly string[]): IpMatcher | string {
  const v4: { net: number; mask: number }[] = [];
  const v6: { net: bigint; mask: bigint }[] = [];
  for (const v of values) {
    const n = parseNet(v);
    if (typeof n === 'string') return n;
    if (n.addr.v6) {
      const mask = n.prefix === 0 ? 0n : ((1n << 128n) - 1n) ^ ((1n << BigInt(128 - n.prefix)) - 1n);
      v6.push({ net: (n.addr.value as bigint) & mask, mask });
    } else {
      // Masks via multiplication/division keep values in the unsigned 32-bit range.
      const mask = n.prefix === 0 ? 0 : (0xffffffff << (32 - n.prefix)) >>> 0;
      v4.push({ net: ((n.addr.value as number) & mask) >>> 0, mask });
    }
  }
  return {
    has(ip: string): boolean {
      const p = parseIp(ip);
      if (!p) return false;
      if (!p.v6) {
        const a = p.value as number;
        for (const n of v4) if ((a & n.mask) >>> 0 === n.net) return true;
        return false;
      }
      const a = p.value as bigint;
      for (const n of v6) if ((a & n.mask) === n.net) return true;
      return false;
    },
  };
}
