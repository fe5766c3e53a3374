// Debian: advisories per source package in `Debian:<major>` (OSV DEBIAN-CVE/DSA/DLA, the security
// tracker), compared with dpkg's ordering. Testing has no VERSION_ID: its codename names the release.
import type { OsInfo } from '../../core/model.js';
import { DEBIAN_RELEASES, releasePrefix } from '../../vulndb/ecosystem.js';
import { sourceName, type OsMatcher } from '../types.js';

export function debianRelease(os: OsInfo): string | null {
  const major = releasePrefix(os.version, 1);
  if (major && /^\d/.test(os.version)) return major;
  const codename = (os.codename ?? /^([a-z]+)\/sid$/.exec(os.version)?.[1] ?? '').toLowerCase();
  return DEBIAN_RELEASES[codename]?.split('.')[0] ?? null;
}

export const matcher: OsMatcher = {
  id: 'debian',
  families: ['debian'],
  scheme: 'dpkg',
  packageTypes: ['deb'],
  describe: 'Debian',
  ecosystems: () => ['Debian'],
  distros(os) {
    const rel = debianRelease(os);
    return rel ? [`debian:${rel}`] : [];
  },
  names: sourceName,
};

export default matcher;
