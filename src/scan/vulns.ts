// The vulnerability step of a scan: make sure the DB is as fresh as the user allows, say clearly
// when it is not, then match. Network trouble never fails a scan: the user gets a notice and the
// scan uses what the DB holds (the machines this runs on may reach no vulnerability feed at all).
import { existsSync } from 'node:fs';
import type { OsInfo, Package, Vulnerability } from '../core/model.js';
import { matcherFor, osvEcosystemsFor } from '../matchers/api.js';
import { matchOsPackages } from '../matchers/match.js';
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
  // One connection serves the freshness check and the matching; it is reopened only after an update.
  let store = await openIfPresent(opts.db);
  try {
    let status = await statusOf(store, opts.db);
    const due =
      status.advisories === 0 || status.ageSeconds === null || status.ageSeconds > REFRESH_AFTER_SECONDS;
    if (due && !opts.offline && !opts.skipUpdate) {
      await store?.close();
      store = null;
      // Only the feeds this image needs, so a scan does not download every distribution's data.
      // The update machinery (HTTP, zip) loads only when an update runs.
      const { updateDb } = await import('../vulndb/update/update.js');
      const result = await updateDb({
        db: opts.db,
        ecosystems: osvEcosystemsFor(os),
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
    }
    if (!store || status.advisories === 0) {
      opts.warn(
        `no vulnerability data is loaded (${status.location}), so no vulnerabilities can be reported; ` +
          'run `bulwark db update` (or `bulwark db import PATH` offline)',
      );
      return [];
    }
    if (status.stale && status.ageSeconds !== null) {
      opts.warn(`the vulnerability data is ${formatAge(status.ageSeconds)} old; run \`bulwark db update\``);
    }
    const result = await matchOsPackages(store, os, packages);
    if (result.skipped) opts.warn(result.skipped);
    return result.vulnerabilities;
  } finally {
    await store?.close();
  }
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
