// Go module versions: semantic versions with a `v` prefix, as golang.org/x/mod/semver reads them.
// ref: https://go.dev/ref/mod#versions — `v1` and `v1.2` are shorthands for v1.0.0 / v1.2.0;
// pseudo-versions (v0.0.0-20191109021931-daa7c04131f5) are pre-releases and order by their
// timestamp; `+incompatible` is build metadata and does not affect precedence. OSV's Go ecosystem
// writes versions without the `v`, so both spellings are accepted.
// The class alone: the package index loads all of node-semver (about 50 modules) at start-up.
import SemVer from 'semver/classes/semver.js';
import { defineScheme, type Scheme } from '../define.js';

const NUM = '(0|[1-9]\\d*)';
const PRE_ID = '(?:0|[1-9]\\d*|\\d*[A-Za-z-][0-9A-Za-z-]*)';
const FULL = new RegExp(
  `^v?${NUM}\\.${NUM}\\.${NUM}(?:-(${PRE_ID}(?:\\.${PRE_ID})*))?(?:\\+([0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*))?$`,
);
// x/mod/semver accepts shorthands only without pre-release or build suffixes.
const SHORT = new RegExp(`^v?${NUM}(?:\\.${NUM})?$`);

export function parseGo(v: string): SemVer | null {
  if (FULL.test(v)) return new SemVer(v.replace(/^v/, ''));
  const m = SHORT.exec(v);
  if (m) return new SemVer(`${m[1]}.${m[2] ?? '0'}.0`);
  return null;
}

export const scheme: Scheme<SemVer> = defineScheme({
  id: 'go',
  urls: ['https://go.dev/ref/mod#versions', 'https://pkg.go.dev/golang.org/x/mod/semver'],
  parse: parseGo,
  compareParsed: (a, b) => a.compare(b),
});

export const { id, urls, parse, compare, isValid } = scheme;
export default scheme;
