// The one advisory model every source (OSV, Alpine secdb, Debian tracker, DSA list) is normalised into
// before it is stored. It follows the OSV schema (https://ossf.github.io/osv-schema/) closely, so an
// OSV record maps 1:1, and adds what OSV keeps in free-form fields: a status per affected package and
// distribution ratings (Debian urgency, Ubuntu priority) as severity entries.

/** One OSV range event. Exactly one key is set. ref: OSV schema, affected[].ranges[].events[]. */
export interface RangeEvent {
  introduced?: string;
  fixed?: string;
  last_affected?: string;
  limit?: string;
}

export interface AffectedRange {
  /** ECOSYSTEM (the distribution's own version scheme), SEMVER or GIT. Only ECOSYSTEM and SEMVER are matched. */
  type: string;
  events: RangeEvent[];
}

/**
 * Why an affected package has no fix: the distribution's own verdict. `not_affected` marks a package the
 * distribution says was never vulnerable (Alpine secfixes `0`, DSA `<not-affected>`); it never matches and
 * suppresses the same vulnerability from other records for that package.
 */
export type AffectedStatus = 'affected' | 'will_not_fix' | 'fix_deferred' | 'end_of_life' | 'not_affected';

/**
 * A severity statement: a CVSS vector (`CVSS_V3`, `CVSS_V4`, `CVSS_V2`) with its computed base score, or a
 * distribution rating (`Ubuntu`, `Debian`, `Red Hat`, …) whose `score` is the rating word.
 */
export interface SeverityEntry {
  type: string;
  score: string;
  /** Base score computed from the vector at import time (CVSS only). */
  value?: number;
}

export interface AffectedPackage {
  /** Ecosystem as published, e.g. `Debian:12`, `Ubuntu:22.04:LTS`, `Alpine:v3.15`, `Red Hat:enterprise_linux:9::appstream`. */
  ecosystem: string;
  /** Matching key derived from the ecosystem (see ecosystem.ts), e.g. `debian:12`, `ubuntu:22.04`, `alpine:3.15`. */
  distro: string;
  /** Package name as published: the source package for Debian, Ubuntu and Alpine. */
  package: string;
  ranges: AffectedRange[];
  /** Explicitly affected versions (OSV `versions`). */
  versions: string[];
  status: AffectedStatus;
  /** Per-package severity (OSV affected[].severity, Debian urgency per release). */
  severity: SeverityEntry[];
}

export interface Advisory {
  id: string;
  aliases: string[];
  /** OSV `upstream` (schema 1.7): the ids this record derives from, e.g. CVE-2024-1 for DEBIAN-CVE-2024-1. */
  upstream: string[];
  summary?: string;
  severity: SeverityEntry[];
  published?: string;
  /** RFC 3339 timestamp; required by OSV. */
  modified: string;
  /** Set when the record was withdrawn: it stays stored but never matches. */
  withdrawn?: string;
  references: string[];
  affected: AffectedPackage[];
}

/**
 * An advisory as written by an importer: `key` is unique within the namespace (usually the id; the Debian
 * tracker uses `<CVE>/<package>` so it can stream one package at a time).
 */
export interface AdvisoryRecord {
  key: string;
  advisory: Advisory;
}
