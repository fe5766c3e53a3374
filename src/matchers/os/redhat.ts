// The Red Hat family, rpm ordering. OSV `Red Hat:enterprise_linux:<major>::<repo>` names binary or
// source RPMs (ossf/osv-schema ecosystems.json), so both names are looked up.
//  - rhel, and centos (a rebuild of RHEL with the same NEVRAs; Trivy and Grype match it against RHEL data)
//  - rocky and almalinux: their own errata first (`Rocky Linux:<major>`, `AlmaLinux:<major>`), then
//    RHEL's, which they rebuild; a rebuild's `.rocky`/`.alma` release suffix sorts after RHEL's.
// Fedora has no vendor advisories in OSV and is not matched (never fall back to NVD for OS packages).
import { releasePrefix } from '../../vulndb/ecosystem.js';
import type { OsMatcher } from '../types.js';

export const matcher: OsMatcher = {
  id: 'redhat',
  families: ['rhel', 'centos', 'rocky', 'almalinux'],
  scheme: 'rpm',
  packageTypes: ['rpm'],
  describe: 'Red Hat family',
  ecosystems(os) {
    if (os.family === 'rocky') return ['Rocky Linux', 'Red Hat'];
    if (os.family === 'almalinux') return ['AlmaLinux', 'Red Hat'];
    return ['Red Hat'];
  },
  distros(os) {
    const major = releasePrefix(os.version, 1);
    if (!major) return [];
    if (os.family === 'rocky') return [`rocky:${major}`, `redhat:${major}`];
    if (os.family === 'almalinux') return [`almalinux:${major}`, `redhat:${major}`];
    return [`redhat:${major}`];
  },
  names(pkg) {
    const src = pkg.source?.name;
    return src && src !== pkg.name ? [src, pkg.name] : [pkg.name];
  },
};

export default matcher;
