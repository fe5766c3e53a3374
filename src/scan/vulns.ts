// The vulnerability step of a scan: make sure the DB is as fresh as the user allows, say clearly
// when it is not, then match. Network trouble never fails a scan: the user gets a notice and the
// scan uses what the DB holds (the machines this runs on may reach no vulnerability feed at all).
import type { OsInfo, Package, Vulnerability } from '../core/model.js';
import { matcherFor, osvEcosystemsFor } from '../matchers/api.js';
import { matchOsPackages } from '../matchers/match.js';
import { dbStatus, formatAge, openStore } from '../vulndb/index.js';
import { updateDb } from '../vulndb/update/update.js';

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

export async function scanVulnerabilities(
  os: OsInfo | null,
  packages: Package[],
  opts: VulnScanOptions,
): Promise<Vulnerability[]> {
  const matcher = os ? matcherFor(os) : undefined;
  if (!os) {
    opts.warn('no OS detected in the image, so OS packages cannot be matched against vulnerability data');
    return [];
  }
  if (!matcher) {
    opts.warn(
      `${os.family} ${os.version} is not supported for vulnerability matching yet; packages are listed only`,
    );
    return [];
  }
  let status = await dbStatus({ db: opts.db });
  const due =
    status.advisories === 0 || status.ageSeconds === null || status.ageSeconds > REFRESH_AFTER_SECONDS;
  if (due && !opts.offline && !opts.skipUpdate) {
    // Only the feeds this image needs, so a scan does not download every distribution's data.
    const ecosystems = osvEcosystemsFor(os);
    const result = await updateDb({
      db: opts.db,
      ecosystems,
      ...(opts.mirror ? { mirror: opts.mirror } : {}),
    });
    if (result.error) {
      opts.warn(
        `could not update the vulnerability DB: ${result.error.message}; scanning with what the DB holds ` +
          '(--skip-db-update skips this check)',
      );
    }
    status = await dbStatus({ db: opts.db });
  }
  if (status.advisories === 0) {
    opts.warn(
      `no vulnerability data is loaded (${status.location}), so no vulnerabilities can be reported; ` +
        'run `bulwark db update` (or `bulwark db import PATH` offline)',
    );
    return [];
  }
  if (status.stale && status.ageSeconds !== null) {
    opts.warn(`the vulnerability data is ${formatAge(status.ageSeconds)} old; run \`bulwark db update\``);
  }
  const store = await openStore({ db: opts.db, create: false });
  try {
    const result = await matchOsPackages(store, os, packages);
    if (result.skipped) opts.warn(result.skipped);
    return result.vulnerabilities;
  } finally {
    await store.close();
  }
}
