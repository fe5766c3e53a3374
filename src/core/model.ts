// The data model every pipeline stage shares, and the JSON report schema v1 (architecture.md,
// "Contracts"). Field names here are public: change them only compatibly.
import type { Severity } from './severity.js';

/** purl types (https://github.com/package-url/purl-spec/blob/master/PURL-TYPES.rst). */
export type PackageType =
  'deb' | 'apk' | 'rpm' | 'npm' | 'pypi' | 'golang' | 'maven' | 'cargo' | 'gem' | 'composer' | 'nuget';

/** Package types that an OS package manager installs (matched only through the OS vendor's data). */
export const OS_PACKAGE_TYPES: readonly PackageType[] = ['deb', 'apk', 'rpm'];

export interface OsInfo {
  /** Lower-case family id as in os-release ID: debian, ubuntu, alpine, rhel, centos, rocky, almalinux, fedora, amzn, opensuse-leap, sles, wolfi, chainguard, mariner, azurelinux, distroless … */
  family: string;
  /** VERSION_ID (or the full release for alpine, e.g. 3.10.2). */
  version: string;
  /** Optional human name (PRETTY_NAME) and codename (bookworm). */
  name?: string;
  codename?: string;
}

/** Layer identity: `digest` is the blob digest as stored, `diffId` the digest of the uncompressed tar. */
export interface LayerRef {
  index: number;
  digest: string;
  diffId?: string;
  /** The Dockerfile step that created it, from the image history, when known. */
  createdBy?: string;
}

export interface Package {
  name: string;
  version: string;
  type: PackageType;
  purl: string;
  /** Source package (dpkg Source:, apk origin, rpm SOURCERPM name) that distributions publish advisories under. */
  source?: { name: string; version: string };
  arch?: string;
  licenses?: string[];
  /** Diff id of the layer that introduced this package (the first layer where it appears unchanged). */
  layer?: string;
  /** File the package was read from (package database or manifest), relative to the image root. */
  path?: string;
  /** Vendor as the package database records it (rpm VENDOR), e.g. "Red Hat, Inc.". */
  vendor?: string;
  /** rpm MODULARITYLABEL (`name:stream:version:context`) of packages from a module stream (RHEL 8+). */
  modularityLabel?: string;
}

export type VulnStatus = 'fixed' | 'affected' | 'will_not_fix' | 'fix_deferred' | 'end_of_life' | 'unknown';

export interface Vulnerability {
  id: string;
  aliases: string[];
  package: string;
  version: string;
  type: PackageType;
  purl: string;
  fixedVersion: string | null;
  status: VulnStatus;
  severity: Severity;
  layer?: string;
  title?: string;
  /** Where the advisory came from (OSV id prefix / source name), for the user's triage. */
  dataSource?: string;
  references?: string[];
  cvss?: { version: string; vector: string; score?: number }[];
}

export interface Misconfiguration {
  id: string;
  /** Peer tool ids for the same control (KSV-0012, CKV_K8S_23, DL3002 …). */
  refs: string[];
  severity: Severity;
  title: string;
  file: string;
  line?: number;
  message: string;
  /** Object the finding is about, e.g. `Deployment/web` or `container app`. */
  resource?: string;
}

export interface Secret {
  id: string;
  category: string;
  severity: Severity;
  title: string;
  file: string;
  line?: number;
  /** The matched line with the secret itself redacted. Never the secret. */
  match: string;
  layer?: string;
  /** True when a later layer deleted the file: still extractable from the image. */
  deleted?: boolean;
}

export interface Artifact {
  name: string;
  kind:
    | 'docker-archive'
    | 'oci-layout'
    | 'oci-archive'
    | 'rootfs'
    | 'registry'
    | 'filesystem'
    | 'sbom'
    | 'config';
  digest?: string;
}

/**
 * Vulnerability data a scan needed and did not have. The findings for these packages are unknown,
 * not absent: reports show the gap, and `--exit-code` gates fail with exit 15 (fail closed).
 */
export interface DataGap {
  /** The OS family (os-release ID) or package ecosystem the data is for. */
  ecosystem: string;
  /** The release the data is for (`3.10`, `12`), null when not known. */
  release: string | null;
  reason: 'no-data' | 'unsupported' | 'unknown-release' | 'no-os';
  /** Packages left unmatched by the gap. */
  packages: number;
  /** What is missing and what to do about it, one line. */
  message: string;
}

export interface Report {
  schemaVersion: 1;
  /** When the scan finished (ISO 8601, UTC). SBOM timestamps and the vuln attestation use it. */
  createdAt?: string;
  artifact: Artifact;
  os: OsInfo | null;
  packages: Package[];
  vulnerabilities: Vulnerability[];
  misconfigurations: Misconfiguration[];
  secrets: Secret[];
  /** Notices the user should see (stale DB, no data loaded …), also printed to stderr. */
  warnings?: string[];
  /** Vulnerability data the scan needed and did not have (see DataGap); absent when none. */
  dataGaps?: DataGap[];
  /** Extra per-scanner figures (image size, package count …) keyed by scanner. */
  metadata?: Record<string, unknown>;
}

export function emptyReport(artifact: Artifact): Report {
  return {
    schemaVersion: 1,
    artifact,
    os: null,
    packages: [],
    vulnerabilities: [],
    misconfigurations: [],
    secrets: [],
  };
}
