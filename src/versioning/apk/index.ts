// Alpine package versions: digit{.digit}...{letter}{_suffix{#}}...{~hash}{-r#}.
// ref: apk-tools src/version.c (v3): tokens are compared pairwise while their kinds agree; when the
// kinds differ, a pre-release suffix (_alpha _beta _pre _rc) sorts first, then the kind order
// decides (a version that goes on with more components is newer, except for those suffixes).
// Numbers compare numerically, except that a dot-component with a leading zero compares as a string
// (Gentoo rule); letters and commit hashes compare as strings.
import { compareDigits, compareStrings, defineScheme, type Scheme } from '../define.js';

// Token kinds in apk-tools' order; the order is significant for the end-of-comparison rule.
const enum T {
  InitialDigit = 0,
  Digit = 1,
  Letter = 2,
  Suffix = 3,
  SuffixNo = 4,
  CommitHash = 5,
  RevisionNo = 6,
  End = 7,
  Invalid = 8,
}

// Suffix values in apk-tools' order: pre-release suffixes sort before "no suffix", the others after.
const SUFFIXES: Record<string, number> = {
  alpha: 1,
  beta: 2,
  pre: 3,
  rc: 4,
  cvs: 6,
  svn: 7,
  git: 8,
  hg: 9,
  p: 10,
};
const SUFFIX_NONE = 5;

export interface ApkToken {
  kind: number;
  /** Digits, the letter, the suffix word or the hash, as written. */
  text: string;
  suffix: number;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
function isLower(c: number): boolean {
  return c >= 97 && c <= 122;
}
function isHex(c: number): boolean {
  return isDigit(c) || (c >= 97 && c <= 102);
}

/** Tokenise like apk-tools: the list ends with an End token, or an Invalid token where parsing failed. */
export function tokenize(s: string): ApkToken[] {
  const out: ApkToken[] = [];
  let i = 0;
  const digits = (kind: number): void => {
    const start = i;
    while (i < s.length && isDigit(s.charCodeAt(i))) i++;
    out.push({ kind: i > start ? kind : T.Invalid, text: s.slice(start, i), suffix: 0 });
  };
  digits(T.InitialDigit);
  while (out[out.length - 1]!.kind < T.End) {
    const prev = out[out.length - 1]!.kind;
    if (i >= s.length) {
      out.push({ kind: T.End, text: '', suffix: 0 });
      break;
    }
    const c = s.charCodeAt(i);
    if (isLower(c)) {
      if (prev > T.Digit) break;
      out.push({ kind: T.Letter, text: s[i]!, suffix: 0 });
      i++;
    } else if (c === 0x2e /* . */ || isDigit(c)) {
      if (c === 0x2e) {
        if (prev > T.Digit) break;
        i++;
      }
      if (prev === T.InitialDigit || prev === T.Digit) digits(T.Digit);
      else if (prev === T.Suffix) digits(T.SuffixNo);
      else break;
    } else if (c === 0x5f /* _ */) {
      if (prev > T.SuffixNo) break;
      i++;
      const start = i;
      while (i < s.length && isLower(s.charCodeAt(i))) i++;
      const word = s.slice(start, i);
      const suffix = SUFFIXES[word];
      if (suffix === undefined) break;
      out.push({ kind: T.Suffix, text: word, suffix });
    } else if (c === 0x7e /* ~ */) {
      if (prev >= T.CommitHash) break;
      i++;
      const start = i;
      while (i < s.length && isHex(s.charCodeAt(i))) i++;
      if (i === start) break;
      out.push({ kind: T.CommitHash, text: s.slice(start, i), suffix: 0 });
    } else if (c === 0x2d /* - */) {
      if (prev >= T.RevisionNo || s.charCodeAt(i + 1) !== 0x72 /* r */) break;
      i += 2;
      digits(T.RevisionNo);
    } else {
      break;
    }
  }
  const last = out[out.length - 1]!;
  if (last.kind < T.End) out.push({ kind: T.Invalid, text: '', suffix: 0 });
  return out;
}

function compareToken(a: ApkToken, b: ApkToken): number {
  switch (a.kind) {
    case T.Digit:
      // A leading zero makes the component compare as a string: 1.01 < 1.1 but 1.01 > 1.001.
      if (a.text.charCodeAt(0) === 48 || b.text.charCodeAt(0) === 48) return compareStrings(a.text, b.text);
      return compareDigits(a.text, b.text);
    case T.InitialDigit:
    case T.SuffixNo:
    case T.RevisionNo:
      return compareDigits(a.text, b.text);
    case T.Suffix:
      return a.suffix - b.suffix;
    default:
      return compareStrings(a.text, b.text);
  }
}

/** apk_version_compare over token lists (valid or not). */
export function compareTokens(a: ApkToken[], b: ApkToken[]): number {
  let k = 0;
  for (; ; k++) {
    const ta = a[k]!;
    const tb = b[k]!;
    if (ta.kind !== tb.kind || ta.kind >= T.End) break;
    const r = compareToken(ta, tb);
    if (r !== 0) return r;
  }
  const ta = a[k]!;
  const tb = b[k]!;
  if (ta.kind === tb.kind) return 0;
  if (ta.kind === T.Suffix && ta.suffix < SUFFIX_NONE) return -1;
  if (tb.kind === T.Suffix && tb.suffix < SUFFIX_NONE) return 1;
  return ta.kind > tb.kind ? -1 : 1;
}

export function parseApk(s: string): ApkToken[] | null {
  const tokens = tokenize(s);
  return tokens[tokens.length - 1]!.kind === T.End ? tokens : null;
}

export const scheme: Scheme<ApkToken[]> = defineScheme({
  id: 'apk',
  urls: [
    'https://gitlab.alpinelinux.org/alpine/apk-tools/-/blob/master/src/version.c',
    'https://wiki.alpinelinux.org/wiki/APKBUILD_Reference#pkgver',
  ],
  parse: parseApk,
  compareParsed: compareTokens,
  // apk_version_compare() orders strings token by token up to the first bad token, and apk-tools'
  // own test data relies on it (`1.0 < 1.0bc`, `23_foo > 4_beta`). A string with no leading number
  // has nothing to compare.
  partial: {
    comparable: (v) => tokenize(v)[0]!.kind !== T.Invalid,
    compare: (a, b) => compareTokens(tokenize(a), tokenize(b)),
  },
});

export const { id, urls, parse, compare, isValid } = scheme;
export default scheme;
