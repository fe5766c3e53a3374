// Semantic Versioning 2.0.0 (npm, cargo, composer, nuget …), via node-semver in strict mode.
// ref: https://semver.org/ — build metadata is ignored for precedence (§10).
// The class alone: the package index loads all of node-semver (about 50 modules) at start-up.
import SemVer from 'semver/classes/semver.js';
import { defineScheme, type Scheme } from '../define.js';

export const scheme: Scheme<SemVer> = defineScheme({
  id: 'semver',
  urls: ['https://semver.org/spec/v2.0.0.html', 'https://github.com/npm/node-semver'],
  // node-semver trims surrounding space and accepts a leading `v`/`=`; anything else must be strict.
  parse: (v) => new SemVer(v, { loose: false }),
  compareParsed: (a, b) => a.compare(b),
});

export const { id, urls, parse, compare, isValid } = scheme;
export default scheme;
