// The one store interface. The scan, the CLI and (later) the server talk to this, never to SQL.
import type { Advisory, AdvisoryRecord, AffectedPackage } from '../model.js';

export type Dialect = 'sqlite' | 'postgres';

export interface WriteCounts {
  added: number;
  updated: number;
  unchanged: number;
}

/** One affected package of one advisory that a lookup found. */
export interface AffectedHit {
  namespace: string;
  advisory: Omit<Advisory, 'affected'>;
  affected: AffectedPackage;
}

export interface FeedState {
  name: string;
  kind: 'update' | 'import';
  location: string;
  etag: string | null;
  lastModified: string | null;
  /** When the data last changed (ISO 8601). */
  updatedAt: string;
  /** When the feed was last checked, changed or not (ISO 8601). */
  checkedAt: string;
  records: number;
}

export interface StoreStats {
  advisories: number;
  withdrawn: number;
  /** Advisories per ecosystem as published (`Debian:12`, `Alpine:v3.15` …), withdrawn excluded; only when detailed. */
  ecosystems: Record<string, number>;
  feeds: FeedState[];
}

export interface VulnStore {
  readonly dialect: Dialect;
  /** File path, or the PostgreSQL URL with any password removed. */
  readonly location: string;
  /** Upsert records of one namespace in one transaction. Unchanged records (same hash) are not written. */
  writeBatch(namespace: string, records: AdvisoryRecord[]): Promise<WriteCounts>;
  /** Delete the namespace's records whose key is not in `keep` (after a complete import of that namespace). */
  purgeNamespace(namespace: string, keep: ReadonlySet<string>): Promise<number>;
  /**
   * The distro keys among these that hold at least one live (not withdrawn) affected entry: what a
   * scan needs to tell "no vulnerabilities" from "no data for this release".
   */
  distrosWithData(distros: string[]): Promise<string[]>;
  /** Affected entries for these distro keys and package names, withdrawn advisories excluded. */
  findAffected(distros: string[], packages: string[]): Promise<AffectedHit[]>;
  getFeed(name: string): Promise<FeedState | null>;
  putFeed(feed: FeedState): Promise<void>;
  /** Counts; `detailed` adds the per-ecosystem counts, which scan the affected table. */
  stats(opts?: { detailed?: boolean }): Promise<StoreStats>;
  close(): Promise<void>;
}
