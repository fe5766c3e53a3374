// Wolfi and Chainguard OS: one rolling release each, secdb/OSV ecosystems `Wolfi` and `Chainguard`,
// apk ordering, advisories per package name (origin when known).
import { sourceName, type OsMatcher } from '../types.js';

export const matcher: OsMatcher = {
  id: 'wolfi',
  families: ['wolfi', 'chainguard'],
  scheme: 'apk',
  packageTypes: ['apk'],
  describe: 'Wolfi/Chainguard',
  ecosystems: (os) => [os.family === 'chainguard' ? 'Chainguard' : 'Wolfi'],
  distros(os) {
    return [os.family === 'chainguard' ? 'chainguard' : 'wolfi'];
  },
  names: sourceName,
};

export default matcher;
