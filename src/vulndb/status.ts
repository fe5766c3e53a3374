// `bulwark db status` and the scan's freshness check: what is loaded, from where, and how old it is.
import { existsSync } from 'node:fs';
import { ecosystemBase } from './ecosystem.js';
import { isPostgresUrl, openStore, redactUrl, resolveDbLocation } from './store/open.js';
import type { Dialect, FeedState, VulnStore } from './store/types.js';

/** Data older than this makes scans warn (Grype refuses at 5 days; Trivy rebuilds every 6 hours). */
export const STALE_AFTER_SECONDS = 7 * 24 * 3600;

export interface EcosystemCount {
  /** Base name: Debian, Ubuntu, Alpine, Red Hat … */
  ecosystem: string;
  /** Advisories naming each release (`Debian:12` …). One advisory counts once per release it names. */
  releases: Record<string, number>;
}

export interface DbStatus {
  location: string;
  dialect: Dialect;
  exists: boolean;
  advisories: number;
  withdrawn: number;
  ecosystems: EcosystemCount[];
  feeds: FeedState[];
  /** When data last changed (the newest feed update), ISO 8601, or null when nothing was loaded. */
  lastUpdate: string | null;
  ageSeconds: number | null;
  /** True when no data is loaded, or the newest data is older than 7 days. */
  stale: boolean;
}

export interface StatusOptions {
  db?: string;
  /** Count advisories per ecosystem (scans the affected table; `db status` wants it, scans do not). */
  detailed?: boolean;
  now?: Date;
}

function emptyStatus(location: string, dialect: Dialect): DbStatus {
  return {
    location: redactUrl(location),
    dialect,
    exists: false,
    advisories: 0,
    withdrawn: 0,
    ecosystems: [],
    feeds: [],
    lastUpdate: null,
    ageSeconds: null,
    stale: true,
  };
}

export async function dbStatus(opts: StatusOptions = {}): Promise<DbStatus> {
  const location = resolveDbLocation(opts.db);
  const dialect: Dialect = isPostgresUrl(location) ? 'postgres' : 'sqlite';
  if (dialect === 'sqlite' && !existsSync(location)) return emptyStatus(location, dialect);
  const store = await openStore({ db: location, create: false });
  try {
    return await storeStatus(store, opts);
  } finally {
    await store.close();
  }
}

/** The status of a store the caller has open (a scan checks freshness and then matches on one connection). */
export async function storeStatus(store: VulnStore, opts: Omit<StatusOptions, 'db'> = {}): Promise<DbStatus> {
  const stats = await store.stats({ detailed: opts.detailed ?? false });
  const grouped = new Map<string, Record<string, number>>();
  for (const [eco, n] of Object.entries(stats.ecosystems)) {
    const base = ecosystemBase(eco);
    const rel = grouped.get(base) ?? {};
    rel[eco] = n;
    grouped.set(base, rel);
  }
  const lastUpdate =
    stats.feeds
      .map((f) => f.updatedAt)
      .sort()
      .at(-1) ?? null;
  const now = (opts.now ?? new Date()).getTime();
  const ageSeconds = lastUpdate ? Math.max(0, Math.round((now - Date.parse(lastUpdate)) / 1000)) : null;
  return {
    ...emptyStatus(store.location, store.dialect),
    exists: true,
    advisories: stats.advisories,
    withdrawn: stats.withdrawn,
    ecosystems: [...grouped]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([ecosystem, releases]) => ({ ecosystem, releases })),
    feeds: stats.feeds,
    lastUpdate,
    ageSeconds,
    stale: stats.advisories === 0 || ageSeconds === null || ageSeconds > STALE_AFTER_SECONDS,
  };
}

/** "3 days", "5 hours", "just now": ages for people. */
export function formatAge(seconds: number): string {
  const units: [number, string][] = [
    [86400, 'day'],
    [3600, 'hour'],
    [60, 'minute'],
  ];
  for (const [size, name] of units) {
    if (seconds >= size) {
      const n = Math.floor(seconds / size);
      return `${n} ${name}${n === 1 ? '' : 's'}`;
    }
  }
  return 'just now';
}
