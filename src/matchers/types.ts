// An OS matcher says which advisories apply to an OS: which distro keys to ask the DB for, which
// package names distributions publish under, and which version scheme orders their versions. The
// matching itself (ranges, statuses, de-duplication) is shared in match.ts.
import type { OsInfo, Package, PackageType } from '../core/model.js';

export interface OsMatcher {
  /** Plug-in id, the file name in os/. */
  id: string;
  /** os-release IDs this matcher handles. */
  families: string[];
  /** Version scheme id in src/versioning/api.ts, named, never imported. */
  scheme: string;
  /** Package types it matches; others are left to language matchers. */
  packageTypes: PackageType[];
  /**
   * Distro keys (see vulndb/ecosystem.ts) to look up, most authoritative first: the first one that
   * has a record for a vulnerability decides it. Empty when the release cannot be told.
   */
  distros(os: OsInfo): string[];
  /** OSV ecosystems (bucket directories) holding this OS's advisories, for a targeted `db update`. */
  ecosystems(os: OsInfo): string[];
  /** Names the distribution publishes advisories under for this package. */
  names(pkg: Package): string[];
  /** Human name of the data, for messages. */
  describe: string;
}

/** Debian, Ubuntu and Alpine publish by source package; without one the binary is its own source. */
export function sourceName(pkg: Package): string[] {
  return [pkg.source?.name || pkg.name];
}
