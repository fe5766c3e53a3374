// RPM versions: [epoch:]version[-release], compared with rpmvercmp.
// ref: rpm rpmio/rpmvercmp.cc (segments of digits or letters; `~` sorts before everything, `^`
// after the base version but before any further segment) and rpmio/rpmver.cc (parseEVR splits at
// the first non-digit ':' and the last '-'; rpmverCmp: a missing epoch is 0, a missing release
// sorts before any release).
import { hasSpaceOrControl, compareDigits, compareStrings, defineScheme, type Scheme } from '../define.js';

export interface RpmVersion {
  epoch: string | null;
  version: string;
  release: string | null;
}

export function parseRpm(input: string): RpmVersion | null {
  const s = input.trim();
  // rpm forbids whitespace in EVR fields; control characters never come from a real header.
  if (s === '' || hasSpaceOrControl(s)) return null;
  let k = 0;
  while (k < s.length && s.charCodeAt(k) >= 48 && s.charCodeAt(k) <= 57) k++;
  let epoch: string | null = null;
  let rest = s;
  if (s[k] === ':') {
    epoch = k === 0 ? '0' : s.slice(0, k);
    rest = s.slice(k + 1);
  }
  const dash = rest.lastIndexOf('-');
  let version = rest;
  let release: string | null = null;
  if (dash >= 0) {
    version = rest.slice(0, dash);
    release = rest.slice(dash + 1);
    if (release === '') return null;
  }
  if (version === '') return null;
  return { epoch, version, release };
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
function isAlpha(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** rpmvercmp(a, b). */
export function rpmvercmp(a: string, b: string): number {
  if (a === b) return 0;
  let i = 0;
  let j = 0;
  const sep = (c: number): boolean =>
    !Number.isNaN(c) && !isDigit(c) && !isAlpha(c) && c !== 0x7e && c !== 0x5e;
  while (i < a.length || j < b.length) {
    while (i < a.length && sep(a.charCodeAt(i))) i++;
    while (j < b.length && sep(b.charCodeAt(j))) j++;
    const ca = a.charCodeAt(i);
    const cb = b.charCodeAt(j);
    // `~` sorts before everything, including the end of the string.
    if (ca === 0x7e || cb === 0x7e) {
      if (ca !== 0x7e) return 1;
      if (cb !== 0x7e) return -1;
      i++;
      j++;
      continue;
    }
    // `^` sorts after the end of the string but before any other segment.
    if (ca === 0x5e || cb === 0x5e) {
      if (i >= a.length) return -1;
      if (j >= b.length) return 1;
      if (ca !== 0x5e) return 1;
      if (cb !== 0x5e) return -1;
      i++;
      j++;
      continue;
    }
    if (i >= a.length || j >= b.length) break;
    const numeric = isDigit(ca);
    const kind = numeric ? isDigit : isAlpha;
    let ei = i;
    let ej = j;
    while (ei < a.length && kind(a.charCodeAt(ei))) ei++;
    while (ej < b.length && kind(b.charCodeAt(ej))) ej++;
    // Segments of different kinds: the numeric one is newer.
    if (ej === j) return numeric ? 1 : -1;
    const sa = a.slice(i, ei);
    const sb = b.slice(j, ej);
    const r = numeric ? compareDigits(sa, sb) : compareStrings(sa, sb);
    if (r) return r;
    i = ei;
    j = ej;
  }
  if (i >= a.length && j >= b.length) return 0;
  return i >= a.length ? -1 : 1;
}

function compareOptional(a: string | null, b: string | null): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? -1 : 1;
  return rpmvercmp(a, b);
}

export function compareRpm(a: RpmVersion, b: RpmVersion): number {
  return (
    rpmvercmp(a.epoch ?? '0', b.epoch ?? '0') ||
    rpmvercmp(a.version, b.version) ||
    compareOptional(a.release, b.release)
  );
}

export const scheme: Scheme<RpmVersion> = defineScheme({
  id: 'rpm',
  urls: [
    'https://github.com/rpm-software-management/rpm/blob/master/rpmio/rpmvercmp.cc',
    'https://rpm-software-management.github.io/rpm/manual/spec.html#version',
  ],
  parse: parseRpm,
  compareParsed: compareRpm,
});

export const { id, urls, parse, compare, isValid } = scheme;
export default scheme;
