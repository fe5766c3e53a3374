// Which vulnerability a record is about. Distributions publish the same CVE under their own ids:
// DEBIAN-CVE-2024-1 / UBUNTU-CVE-2024-1 / ALPINE-CVE-2024-1 (osv.dev conversions of the trackers)
// and advisories (DSA, DLA, USN, RHSA, RLSA, ALSA) that list several CVEs. Findings are reported per
// CVE, like Trivy and Grype, with the distribution ids as aliases.
import type { Advisory } from '../vulndb/model.js';

const CVE = /^CVE-\d{4}-\d{4,}$/;
const PREFIXED_CVE = /^[A-Z]+-(CVE-\d{4}-\d{4,})$/;

/** CVE-2024-1 for CVE-2024-1 and DEBIAN-CVE-2024-1; null otherwise. */
export function cveOf(id: string): string | null {
  if (CVE.test(id)) return id;
  return PREFIXED_CVE.exec(id)?.[1] ?? null;
}

/** The vulnerability ids a record speaks for: its CVE(s), or its own id when it names no CVE. */
export function vulnerabilityKeys(a: Pick<Advisory, 'id' | 'aliases' | 'upstream'>): string[] {
  const own = cveOf(a.id);
  if (own) return [own];
  const cves = new Set<string>();
  for (const x of [...a.upstream, ...a.aliases]) {
    const c = cveOf(x);
    if (c) cves.add(c);
  }
  return cves.size ? [...cves].sort() : [a.id];
}
