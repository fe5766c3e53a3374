// Shared plumbing for version schemes: turns a `parse` + `compareParsed` pair into the total,
// never-throwing `VersionScheme` contract of types.ts (architecture.md convention 3).
import type { VersionScheme } from './types.js';

export type Order = -1 | 0 | 1;

export interface SchemeSpec<V> {
  id: string;
  urls: string[];
  /** Return null for input the scheme rejects. Must not throw. */
  parse(version: string): V | null;
  /** Total order over parsed versions. */
  compareParsed(a: V, b: V): number;
  /**
   * Optional native ordering of partially valid strings. apk-tools compares strings token by token
   * up to the first bad token (its own test data has `1.0 < 1.0bc`); `comparable` says which
   * invalid strings that ordering covers. Everything else that is invalid sorts first.
   */
  partial?: { comparable(version: string): boolean; compare(a: string, b: string): number };
}

export interface Scheme<V = unknown> extends VersionScheme<V> {
  /** Compare already-parsed versions (hot loops in matchers parse once). */
  compareParsed(a: V, b: V): Order;
  /**
   * True when `compare` gives this string the native tool's ordering: every valid version, plus the
   * partially valid strings a native tool still orders (apk). Callers that must reject what they
   * cannot order meaningfully (the CLI) test this rather than `isValid`.
   */
  isComparable(version: string): boolean;
}

/** Longest input any scheme considers; longer strings are invalid (keeps hostile input cheap). */
export const MAX_VERSION_LENGTH = 1024;

// Parsed versions are immutable, so a small per-scheme cache saves repeated parsing when a matcher
// compares one installed version against many ranges. Cleared wholesale when full: bounded memory.
const CACHE_LIMIT = 4096;

export function sign(n: number): Order {
  return n < 0 ? -1 : n > 0 ? 1 : 0;
}

/** Byte-wise (UTF-16 code unit) string order, like strcmp on ASCII. */
export function compareStrings(a: string, b: string): Order {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Compare two digit strings numerically without overflow (leading zeros ignored). */
export function compareDigits(a: string, b: string): Order {
  let i = 0;
  let j = 0;
  while (i < a.length - 1 && a.charCodeAt(i) === 48) i++;
  while (j < b.length - 1 && b.charCodeAt(j) === 48) j++;
  const la = a.length - i;
  const lb = b.length - j;
  if (la !== lb) return la < lb ? -1 : 1;
  return compareStrings(a.slice(i), b.slice(j));
}

export function defineScheme<V>(spec: SchemeSpec<V>): Scheme<V> {
  const cache = new Map<string, V | null>();
  const parse = (version: string): V | null => {
    if (typeof version !== 'string' || version.length > MAX_VERSION_LENGTH) return null;
    const hit = cache.get(version);
    if (hit !== undefined || cache.has(version)) return hit ?? null;
    let parsed: V | null;
    try {
      parsed = spec.parse(version);
    } catch {
      // A scheme must not throw; a library that does (bad input to a third-party parser) means invalid.
      parsed = null;
    }
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(version, parsed);
    return parsed;
  };
  const compareParsed = (a: V, b: V): Order => sign(spec.compareParsed(a, b));
  const partial = spec.partial;
  const isComparable = (version: string): boolean =>
    parse(version) !== null ||
    (partial !== undefined &&
      typeof version === 'string' &&
      version.length <= MAX_VERSION_LENGTH &&
      partial.comparable(version));
  return {
    id: spec.id,
    urls: spec.urls,
    parse,
    isValid: (version: string) => parse(version) !== null,
    isComparable,
    compareParsed,
    compare(a: string, b: string): Order {
      const pa = parse(a);
      const pb = parse(b);
      if (pa !== null && pb !== null) return compareParsed(pa, pb);
      // Rank: strings nobody can order < comparable strings; within a rank, the native order
      // (or plain string order for the incomparable ones). Ranking first keeps the order transitive.
      const ca = isComparable(a);
      const cb = isComparable(b);
      if (ca !== cb) return ca ? 1 : -1;
      if (ca && partial) return sign(partial.compare(a, b));
      return compareStrings(String(a), String(b));
    },
  };
}

/** True when `s` holds whitespace or control characters, which no package version contains. */
export function hasSpaceOrControl(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c <= 0x20 || c === 0x7f || (c >= 0x80 && /\s/.test(s[i]!))) return true;
  }
  return false;
}
