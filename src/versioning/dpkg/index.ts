// Debian package versions: [epoch:]upstream_version[-debian_revision].
// ref: Debian Policy §5.6.12 and deb-version(5); parsing follows dpkg lib/dpkg/parsehelp.c
// parseversion(). What dpkg only warns about (an upstream part not starting with a digit, characters
// outside [A-Za-z0-9.+~:-]) is invalid here too, as in Dpkg::Version->is_valid and as dpkg does when
// it reads its status database (it turns those warnings into errors), so no installed package has one.
import { hasSpaceOrControl, defineScheme, type Scheme } from '../define.js';

export interface DpkgVersion {
  epoch: number;
  upstream: string;
  revision: string;
}

const INT_MAX = 2147483647;

function isBlank(c: number): boolean {
  return c === 0x20 || c === 0x09;
}

export function parseDpkg(input: string): DpkgVersion | null {
  let start = 0;
  let end = input.length;
  while (start < end && isBlank(input.charCodeAt(start))) start++;
  while (end > start && isBlank(input.charCodeAt(end - 1))) end--;
  const s = input.slice(start, end);
  if (s === '') return null; // version string is empty
  // Embedded blanks are an error; other control characters cannot come from a dpkg database.
  if (hasSpaceOrControl(s)) return null;
  let epoch = 0;
  let rest = s;
  const colon = s.indexOf(':');
  if (colon >= 0) {
    const e = s.slice(0, colon);
    // strtol accepts an optional sign; a negative epoch is an error.
    if (!/^\+?\d+$/.test(e)) return null;
    epoch = Number(e);
    if (!Number.isSafeInteger(epoch) || epoch > INT_MAX) return null;
    rest = s.slice(colon + 1);
    if (rest === '') return null; // nothing after colon
  }
  const hyphen = rest.lastIndexOf('-');
  let upstream = rest;
  let revision = '';
  if (hyphen >= 0) {
    upstream = rest.slice(0, hyphen);
    revision = rest.slice(hyphen + 1);
    if (revision === '') return null; // revision number is empty
  }
  if (upstream === '') return null; // version number is empty
  if (!/^[0-9][A-Za-z0-9.+~:-]*$/.test(upstream)) return null;
  if (!/^[A-Za-z0-9.+~]*$/.test(revision)) return null;
  return { epoch, upstream, revision };
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isAlpha(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

// Weight of a non-digit character: `~` sorts before everything, even the end of the string;
// letters sort before other characters (dpkg lib/dpkg/version.c order()).
function order(c: number): number {
  if (Number.isNaN(c) || isDigit(c)) return 0; // NaN: past the end of the string
  if (isAlpha(c)) return c;
  if (c === 0x7e) return -1;
  return c + 256;
}

/** dpkg's verrevcmp: alternate non-digit and digit runs, compared with the weights above. */
export function verrevcmp(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    let firstDiff = 0;
    while ((i < a.length && !isDigit(a.charCodeAt(i))) || (j < b.length && !isDigit(b.charCodeAt(j)))) {
      const ac = order(a.charCodeAt(i));
      const bc = order(b.charCodeAt(j));
      if (ac !== bc) return ac - bc;
      i++;
      j++;
    }
    while (a.charCodeAt(i) === 48) i++;
    while (b.charCodeAt(j) === 48) j++;
    while (isDigit(a.charCodeAt(i)) && isDigit(b.charCodeAt(j))) {
      if (!firstDiff) firstDiff = a.charCodeAt(i) - b.charCodeAt(j);
      i++;
      j++;
    }
    if (isDigit(a.charCodeAt(i))) return 1;
    if (isDigit(b.charCodeAt(j))) return -1;
    if (firstDiff) return firstDiff;
  }
  return 0;
}

export function compareDpkg(a: DpkgVersion, b: DpkgVersion): number {
  if (a.epoch !== b.epoch) return a.epoch < b.epoch ? -1 : 1;
  return verrevcmp(a.upstream, b.upstream) || verrevcmp(a.revision, b.revision);
}

export const scheme: Scheme<DpkgVersion> = defineScheme({
  id: 'dpkg',
  urls: [
    'https://www.debian.org/doc/debian-policy/ch-controlfields.html#version',
    'https://manpages.debian.org/deb-version.5',
  ],
  parse: parseDpkg,
  compareParsed: compareDpkg,
});

export const { id, urls, parse, compare, isValid } = scheme;
export default scheme;
