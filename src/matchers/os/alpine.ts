// Alpine: secdb / OSV `Alpine:v<major>.<minor>` by origin (source) package, apk ordering. The branch
// is the first two numbers of the release (3.15.4 → v3.15); v3.10 data never matches v3.15.
import { releasePrefix } from '../../vulndb/ecosystem.js';
import { sourceName, type OsMatcher } from '../types.js';

export const matcher: OsMatcher = {
  id: 'alpine',
  families: ['alpine'],
  scheme: 'apk',
  packageTypes: ['apk'],
  describe: 'Alpine',
  ecosystems: () => ['Alpine'],
  distros(os) {
    if (/_alpha|edge/.test(os.version)) return ['alpine:edge'];
    const rel = releasePrefix(os.version, 2);
    return rel && rel.includes('.') ? [`alpine:${rel}`] : [];
  },
  names: sourceName,
};

export default matcher;
