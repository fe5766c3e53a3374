// The vulnerability step of a scan: make sure the DB holds this image's release and is as fresh as
// the user allows, say clearly when it is not, then match. Network trouble never fails a scan: the
// user gets a notice and the scan uses what the DB holds (the machines this runs on may reach no
// vulnerability feed at all). What the DB does not hold is never "no vulnerabilities": it is a
// DataGap, which the report shows and `--exit-code` gates fail on (fail closed).
import { existsSync } from 'node:fs';
import {
  OS_PACKAGE_TYPES,
  type DataGap,
  type OsInfo,
  type Package,
  type Vulnerability,
} from '../core/model.js';
import { matcherFor } from '../matchers/api.js';
import { matchOsPackages } from '../matchers/match.js';
import type { OsMatcher } from '../matchers/types.js';
import { dbStatus, formatAge, storeStatus, type DbStatus } from '../vulndb/status.js';
import { isPostgresUrl, openStore, resolveDbLocation } from '../vulndb/store/open.js';
import type { VulnStore } from '../vulndb/store/types.js';

/** Refresh before scanning when the newest data is older than this (Trivy refreshes every 6-12 h). */
const REFRESH_AFTER_SECONDS = 24 * 3600;

export interface VulnScanOptions {
  db?: string;
  /** Contact nothing: no DB refresh. */
  offline?: boolean;
  skipUpdate?: boolean;
  mirror?: string;
  warn: (message: string) => void;
}

export interface VulnScanResult {
  vulnerabilities: Vulnerability[];
  gaps: DataGap[];
}

export async function scanVulnerabilities(
  os: OsInfo | null,
  packages: Package[],
  opts: VulnScanOptions,
): Promise<VulnScanResult> {
  const matcher = os ? matcherFor(os) : undefined;
  const gap = (g: DataGap): VulnScanResult => {
    opts.warn(g.message);
    return { vulnerabilities: [], gaps: g.packages > 0 ? [g] : [] };
  };
  if (!os) {
    const n = packages.filter((p) => OS_PACKAGE_TYPES.includes(p.type)).length;
    return gap({
      ecosystem: 'os',
      release: null,
      reason: 'no-os',
      packages: n,
      message:
        'no OS detected in the image, so OS packages cannot be matched against vulnerability data' +
        (n ? ` (${n} left unmatched)` : ''),
    });
  }
  if (!matcher) {
    return gap({
      ecosystem: os.family,
      release: os.version || null,
      reason: 'unsupported',
      packages: packages.filter((p) => OS_PACKAGE_TYPES.includes(p.type)).length,
      message: `${os.family} ${os.version} is not supported for vulnerability matching yet; packages are listed only`,
    });
  }
  const osPackages = packages.filter((p) => matcher.packageTypes.includes(p.type)).length;
  const distros = matcher.distros(os);
  if (!distros.length) {
    return gap({
      ecosystem: os.family,
      release: os.version || null,
      reason: 'unknown-release',
      packages: osPackages,
      message: `cannot tell the ${matcher.describe} release from version "${os.version}", so its packages cannot be matched`,
    });
  }
  // One connection serves the checks and the matching; it is reopened only after an update.
  let store = await openIfPresent(opts.db);
  try {
    let status = await statusOf(store, opts.db);
    let covered = store ? await store.distrosWithData(distros) : [];
    // Due when this release has no data (another distribution's feed being loaded says nothing
    // about this one) or when the newest data is old.
    const due =
      covered.length === 0 || status.ageSeconds === null || status.ageSeconds > REFRESH_AFTER_SECONDS;
    if (due && !opts.offline && !opts.skipUpdate) {
      await store?.close();
      store = null;
      // Only the feeds this image needs, so a scan does not download every distribution's data.
      // The update machinery (HTTP, zip) loads only when an update runs.
      const { updateDb } = await import('../vulndb/update/update.js');
      const result = await updateDb({
        db: opts.db,
        ecosystems: matcher.ecosystems(os),
        ...(opts.mirror ? { mirror: opts.mirror } : {}),
      });
      if (result.error) {
        opts.warn(
          `could not update the vulnerability DB: ${result.error.message}; scanning with what the DB holds ` +
            '(--skip-db-update skips this check)',
        );
      }
      store = await openIfPresent(opts.db);
      status = await statusOf(store, opts.db);
      covered = store ? await store.distrosWithData(distros) : [];
    }
    if (!store || covered.length === 0) {
      return gap(noDataGap(os, matcher, osPackages, status));
    }
    if (status.stale && status.ageSeconds !== null) {
      opts.warn(`the vulnerability data is ${formatAge(status.ageSeconds)} old; run \`bulwark db update\``);
    }
    const result = await matchOsPackages(store, os, packages);
    if (result.skipped) opts.warn(result.skipped);
    return { vulnerabilities: result.vulnerabilities, gaps: [] };
  } finally {
    await store?.close();
  }
}

function noDataGap(os: OsInfo, matcher: OsMatcher, packages: number, status: DbStatus): DataGap {
  const location = status.location;
  const ecosystems = matcher.ecosystems(os);
  const what = `${matcher.describe} ${os.version}`;
  const where =
    status.advisories === 0
      ? `the vulnerability DB (${location}) holds no data`
      : `the vulnerability DB (${location}) holds no data for ${what}`;
  return {
    ecosystem: os.family,
    release: os.version || null,
    reason: 'no-data',
    packages,
    message:
      `${where}, so no vulnerabilities can be reported for its ${packages} packages; run ` +
      `\`bulwark db update${ecosystems.length ? ` --ecosystem ${ecosystems.join(',')}` : ''}\` ` +
      '(or `bulwark db import PATH` offline)',
  };
}

/** The store, or null when a SQLite DB file does not exist (a scan never creates one). */
async function openIfPresent(db: string | undefined): Promise<VulnStore | null> {
  const location = resolveDbLocation(db);
  if (!isPostgresUrl(location) && !existsSync(location)) return null;
  return openStore({ db: location, create: false });
}

async function statusOf(store: VulnStore | null, db: string | undefined): Promise<DbStatus> {
  return store ? storeStatus(store) : dbStatus({ db });
}
