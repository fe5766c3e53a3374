// Table types for the kysely query layer. JSON columns are stored as text in both SQLite and
// PostgreSQL so that one set of queries serves both dialects.
import type { Generated } from 'kysely';

export interface AdvisoriesTable {
  uid: Generated<number>;
  /** Where the record came from: `osv`, `alpine-secdb:v3.15:main`, `debian-tracker`, `debian-dsa`. */
  namespace: string;
  /** Unique within the namespace (usually the id). */
  key: string;
  id: string;
  aliases: string; // JSON string[]
  upstream: string; // JSON string[]
  summary: string | null;
  severity: string; // JSON SeverityEntry[]
  published: string | null;
  modified: string;
  withdrawn: string | null;
  refs: string; // JSON string[]
  /** sha256 of the normalised advisory: re-imports of unchanged records write nothing. */
  hash: string;
  imported_at: string;
}

export interface AffectedTable {
  advisory_uid: number;
  distro: string;
  package: string;
  ecosystem: string;
  ranges: string; // JSON AffectedRange[]
  versions: string; // JSON string[]
  status: string;
  severity: string; // JSON SeverityEntry[]
}

export interface FeedsTable {
  /** `osv:Debian` for downloads, `import:<path>` or the namespace for local imports. */
  name: string;
  kind: string; // 'update' | 'import'
  location: string;
  etag: string | null;
  last_modified: string | null;
  updated_at: string;
  checked_at: string;
  records: number;
}

export interface Database {
  advisories: AdvisoriesTable;
  affected: AffectedTable;
  feeds: FeedsTable;
}
