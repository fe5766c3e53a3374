// Debian security tracker JSON (security-tracker.debian.org/tracker/data/json):
// { <source package>: { <CVE or TEMP id>: { description, releases: { <codename>: { status,
//   fixed_version, urgency, nodsa?, nodsa_reason? } } } } }
// Converted per (CVE, package) the way osv.dev converts it into DEBIAN-CVE-* records
// (google/osv.dev vulnfeeds/cmd/converters/debian): `resolved` + fixed_version → fixed range,
// `resolved` + `0` → not affected, anything else → affected from version 0. We keep the tracker's own
// verdicts as status: no-dsa `ignored` → will_not_fix, `postponed` → fix_deferred, urgency
// `end-of-life` → end_of_life. TEMP- ids are placeholders that change, so, like osv.dev, we skip them.
import { DEBIAN_RELEASES } from '../ecosystem.js';
import type { AdvisoryRecord, AffectedPackage, AffectedStatus } from '../model.js';
import { Checker, isObj, type Obj } from './validate.js';

export const TRACKER_NAMESPACE = 'debian-tracker';

/** Does this top-level member look like a tracker package entry (CVE id → {releases})? */
export function looksLikeTrackerEntry(value: unknown): boolean {
  if (!isObj(value)) return false;
  const first = Object.values(value)[0];
  return isObj(first) && isObj(first.releases);
}

export function looksLikeTracker(doc: unknown): boolean {
  if (!isObj(doc)) return false;
  const first = Object.values(doc)[0];
  return first !== undefined && looksLikeTrackerEntry(first);
}

function statusOf(rel: Obj): AffectedStatus {
  if (rel.urgency === 'end-of-life') return 'end_of_life';
  if (rel.nodsa_reason === 'ignored') return 'will_not_fix';
  if (rel.nodsa_reason === 'postponed') return 'fix_deferred';
  return 'affected';
}

/** Records for one package of the tracker. */
export function trackerPackage(
  pkg: string,
  value: unknown,
  name: string,
  modified: string,
): AdvisoryRecord[] {
  const c = new Checker(name);
  const cves = c.obj(value, JSON.stringify(pkg));
  const out: AdvisoryRecord[] = [];
  for (const [cve, data] of Object.entries(cves)) {
    if (!/^CVE-\d{4}-\d+$/.test(cve)) continue;
    const path = `${JSON.stringify(pkg)}.${cve}`;
    const d = c.obj(data, path);
    // The tracker's PHP-style encoder writes an empty map as [].
    const releases =
      Array.isArray(d.releases) && !d.releases.length ? {} : c.obj(d.releases ?? {}, `${path}.releases`);
    const affected: AffectedPackage[] = [];
    for (const [codename, relValue] of Object.entries(releases)) {
      const number = DEBIAN_RELEASES[codename];
      if (!number) continue; // sid and experimental have no OSV ecosystem
      const rel = c.obj(relValue, `${path}.releases.${codename}`);
      const status = c.optStr(rel.status, `${path}.releases.${codename}.status`, 64);
      const fixed = c.optStr(rel.fixed_version, `${path}.releases.${codename}.fixed_version`, 256);
      const urgency = c.optStr(rel.urgency, `${path}.releases.${codename}.urgency`, 64);
      const base = {
        ecosystem: `Debian:${number}`,
        distro: `debian:${number.split('.')[0]}`,
        package: pkg,
        versions: [],
        severity: urgency ? [{ type: 'Debian', score: urgency }] : [],
      };
      if (status === 'resolved' && fixed === '0') {
        affected.push({ ...base, ranges: [], status: 'not_affected' });
      } else if (status === 'resolved' && fixed) {
        affected.push({
          ...base,
          ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed }] }],
          status: 'affected',
        });
      } else {
        affected.push({
          ...base,
          ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }] }],
          status: statusOf(rel),
        });
      }
    }
    if (!affected.length) continue;
    const description = typeof d.description === 'string' ? d.description.trim().slice(0, 512) : '';
    out.push({
      key: `${cve}/${pkg}`,
      advisory: {
        id: `DEBIAN-${cve}`,
        aliases: [],
        upstream: [cve],
        ...(description ? { summary: description } : {}),
        severity: [],
        modified,
        references: [`https://security-tracker.debian.org/tracker/${cve}`],
        affected,
      },
    });
  }
  return out;
}
