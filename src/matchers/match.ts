// matchVulnerabilities: installed OS packages × the vendor's advisories → findings (JSON report v1).
// Rules (issue 2, part 6):
//  - only the OS vendor's own data for the OS release (`Debian:12` never matches Debian 11); never NVD/CPE
//  - look up by the names the vendor publishes (source package), compare in the vendor's version scheme,
//    with the source version (Debian fixes name source versions; binNMU binaries add +bN)
//  - one finding per installed package and vulnerability (CVE when there is one), aliases merged
//  - per vulnerability and package, the most authoritative record decides: a CVE-level record before a
//    multi-CVE advisory, the first distro key before the next (Ubuntu before Ubuntu Pro), the most recently
//    modified first. A record that says the installed version is past its fix clears the finding; a vendor
//    "not affected" statement always does.
import type { OsInfo, Package, VulnStatus, Vulnerability } from '../core/model.js';
import { compareSeverity } from '../core/severity.js';
import { getScheme } from '../versioning/api.js';
import type { VersionScheme } from '../versioning/types.js';
import type { AffectedHit, VulnStore } from '../vulndb/store/types.js';
import type { SeverityEntry } from '../vulndb/model.js';
import { resolveSeverity } from '../vulndb/severity.js';
import { matcherFor } from './api.js';
import { cveOf, vulnerabilityKeys } from './ids.js';
import { evaluateAffected } from './range.js';
import type { OsMatcher } from './types.js';

interface Evidence {
  verdict: 'affected' | 'cleared' | 'not_affected';
  /** The record names exactly this vulnerability (not a multi-CVE advisory). */
  single: boolean;
  distroRank: number;
  modified: string;
  hit: AffectedHit;
  fixed?: string;
}

export interface MatchResult {
  vulnerabilities: Vulnerability[];
  /** Why nothing could be matched (unsupported OS, unknown release), for a notice. */
  skipped?: string;
}

/** The installed version to compare: the source version when known (what vendors' fixes name). */
function installedVersion(pkg: Package): string {
  return pkg.source?.version || pkg.version;
}

function better(a: Evidence, b: Evidence): boolean {
  if (a.single !== b.single) return a.single;
  if (a.distroRank !== b.distroRank) return a.distroRank < b.distroRank;
  return a.modified > b.modified;
}

const STATUS: Record<string, VulnStatus> = {
  affected: 'affected',
  will_not_fix: 'will_not_fix',
  fix_deferred: 'fix_deferred',
  end_of_life: 'end_of_life',
};

function cvss(entries: SeverityEntry[]): Vulnerability['cvss'] {
  const out = entries
    .filter((e) => e.type === 'CVSS_V3' || e.type === 'CVSS_V4' || e.type === 'CVSS_V2')
    .map((e) => ({
      version:
        e.type === 'CVSS_V4'
          ? '4.0'
          : e.type === 'CVSS_V2'
            ? '2.0'
            : e.score.startsWith('CVSS:3.0/')
              ? '3.0'
              : '3.1',
      vector: e.score,
      ...(e.value !== undefined ? { score: e.value } : {}),
    }));
  const seen = new Set<string>();
  return out.filter((c) => (seen.has(c.vector) ? false : (seen.add(c.vector), true)));
}

/** Match one OS's packages. Packages of other types (npm, pypi …) are ignored here. */
export async function matchOsPackages(
  store: VulnStore,
  os: OsInfo,
  packages: Package[],
): Promise<MatchResult> {
  const matcher = matcherFor(os);
  if (!matcher) return { vulnerabilities: [], skipped: `no vulnerability data source for OS "${os.family}"` };
  const distros = matcher.distros(os);
  if (!distros.length) {
    return {
      vulnerabilities: [],
      skipped: `cannot tell the ${matcher.describe} release from version "${os.version}"`,
    };
  }
  const scheme = getScheme(matcher.scheme);
  const pkgs = packages.filter((p) => matcher.packageTypes.includes(p.type));
  const byName = new Map<string, Package[]>();
  for (const p of pkgs) {
    for (const n of matcher.names(p)) {
      const list = byName.get(n) ?? [];
      list.push(p);
      byName.set(n, list);
    }
  }
  const hits = await store.findAffected(distros, [...byName.keys()]);
  return { vulnerabilities: decide(hits, byName, distros, scheme, matcher) };
}

function decide(
  hits: AffectedHit[],
  byName: Map<string, Package[]>,
  distros: string[],
  scheme: VersionScheme,
  matcher: OsMatcher,
): Vulnerability[] {
  // (package index, vulnerability key) → evidence
  const evidence = new Map<Package, Map<string, Evidence[]>>();
  for (const hit of hits) {
    const keys = vulnerabilityKeys(hit.advisory);
    const distroRank = distros.indexOf(hit.affected.distro);
    for (const pkg of byName.get(hit.affected.package) ?? []) {
      let verdict: Evidence['verdict'];
      let fixed: string | undefined;
      if (hit.affected.status === 'not_affected') verdict = 'not_affected';
      else {
        const v = evaluateAffected(installedVersion(pkg), hit.affected, scheme);
        if (v.affected) {
          verdict = 'affected';
          fixed = v.fixed;
        } else if (v.cleared) verdict = 'cleared';
        else continue; // the record is about other versions: no evidence either way
      }
      const perPkg = evidence.get(pkg) ?? new Map<string, Evidence[]>();
      evidence.set(pkg, perPkg);
      for (const key of keys) {
        const list = perPkg.get(key) ?? [];
        list.push({
          verdict,
          single: keys.length === 1,
          distroRank,
          modified: hit.advisory.modified,
          hit,
          ...(fixed ? { fixed } : {}),
        });
        perPkg.set(key, list);
      }
    }
  }

  const out: Vulnerability[] = [];
  for (const [pkg, perKey] of evidence) {
    for (const [key, list] of perKey) {
      if (list.some((e) => e.verdict === 'not_affected')) continue;
      let decider = list[0]!;
      for (const e of list) if (better(e, decider)) decider = e;
      if (decider.verdict !== 'affected') continue;
      const ordered = [decider, ...list.filter((e) => e !== decider)];
      const aliases = new Set<string>();
      for (const e of list) {
        for (const id of [e.hit.advisory.id, ...e.hit.advisory.aliases, ...e.hit.advisory.upstream]) {
          // A DSA listing CVE-A and CVE-B is an alias of both findings, but CVE-B is no alias of CVE-A.
          const cve = cveOf(id);
          if (id !== key && (cve === null || cve === key)) aliases.add(id);
        }
      }
      const fixed = decider.fixed ?? null;
      const advisorySeverity = ordered.flatMap((e) => e.hit.advisory.severity);
      const severity = resolveSeverity(
        ordered.flatMap((e) => e.hit.affected.severity),
        advisorySeverity,
      );
      const title = ordered.map((e) => e.hit.advisory.summary).find((s) => s);
      const references = [...new Set(ordered.flatMap((e) => e.hit.advisory.references))].slice(0, 10);
      const scores = cvss(advisorySeverity);
      out.push({
        id: key,
        aliases: [...aliases].sort(),
        package: pkg.name,
        version: pkg.version,
        type: pkg.type,
        purl: pkg.purl,
        fixedVersion: fixed,
        status: fixed ? 'fixed' : (STATUS[decider.hit.affected.status] ?? 'affected'),
        severity,
        ...(pkg.layer ? { layer: pkg.layer } : {}),
        ...(title ? { title } : {}),
        dataSource: `${matcher.describe} (${decider.hit.affected.ecosystem}, ${decider.hit.namespace})`,
        ...(references.length ? { references } : {}),
        ...(scores?.length ? { cvss: scores } : {}),
      });
    }
  }
  return out.sort(
    (a, b) =>
      a.package.localeCompare(b.package) ||
      a.version.localeCompare(b.version) ||
      compareSeverity(a.severity, b.severity) ||
      a.id.localeCompare(b.id),
  );
}

/**
 * The function the scan calls: vulnerabilities of the OS packages of one image. Returns [] for an OS
 * Bulwark has no vendor data for; `matchOsPackages` also says why.
 */
export async function matchVulnerabilities(
  store: VulnStore,
  os: OsInfo | null,
  packages: Package[],
): Promise<Vulnerability[]> {
  if (!os) return [];
  return (await matchOsPackages(store, os, packages)).vulnerabilities;
}
