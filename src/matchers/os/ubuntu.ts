// Ubuntu: OSV `Ubuntu:<YY.MM>[:LTS]` (UBUNTU-CVE, USN) by source package, dpkg ordering. Ubuntu Pro
// (`Ubuntu:Pro:<YY.MM>:LTS`) is asked second: its fixes need a Pro subscription, so the standard
// archive decides when it has a record, and Pro data fills in releases out of standard support.
import { releasePrefix } from '../../vulndb/ecosystem.js';
import { sourceName, type OsMatcher } from '../types.js';

export const matcher: OsMatcher = {
  id: 'ubuntu',
  families: ['ubuntu'],
  scheme: 'dpkg',
  packageTypes: ['deb'],
  describe: 'Ubuntu',
  ecosystems: () => ['Ubuntu'],
  distros(os) {
    const rel = releasePrefix(os.version, 2);
    return rel && rel.includes('.') ? [`ubuntu:${rel}`, `ubuntu-pro:${rel}`] : [];
  },
  names: sourceName,
};

export default matcher;
