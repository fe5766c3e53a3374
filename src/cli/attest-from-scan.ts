// `bulwark attest --from-scan`: resolve the reference to a digest, scan exactly that digest
// (`repo@sha256:…`, never the tag, which may move between the scan and the signature), and build the
// predicate from the report. Loaded lazily by the attest command; the predicate itself is report/'s.
import { BulwarkError } from '../core/errors.js';
import { SEVERITIES, type Severity } from '../core/severity.js';
import type { RegistryClient } from '../image/registry/client.js';
import { display } from '../image/registry/names.js';
import { imageEntries } from '../image/registry/platform.js';
import type { FetchedManifest, ManifestRef } from '../image/registry/types.js';
import { formatPlatform, parsePlatform, platformFrom, platformMatches } from '../image/platform.js';
import { matcherFor } from '../matchers/api.js';
import { ciInvocation, dbMeta, predicateFromScan, type FromScanPlan } from '../report/from-scan.js';
import { scanImage } from '../scan/image.js';
import { dbStatus } from '../vulndb/index.js';
import { notice } from './output.js';
import type { Progress } from './progress.js';

export interface ScanFlags {
  db?: string;
  offline?: boolean;
  skipDbUpdate?: boolean;
  dbMirror?: string;
  platform?: string;
  insecure?: boolean;
  cacheDir?: string;
  cache: boolean;
}

export interface ScanSummary {
  /** What was scanned: `registry/repo@sha256:…` (the attested digest). */
  target: string;
  /** The image manifest the scan read: the attested digest, or the chosen platform's entry of an index. */
  manifestDigest: string;
  platform?: string;
  scanners: string[];
  packages: number;
  vulnerabilities: Partial<Record<Severity, number>>;
  startedOn: string;
  finishedOn: string;
}

export interface ScannedPredicate {
  /** The reference pinned to the digest that was scanned (tag kept for messages). */
  ref: ManifestRef;
  predicate: unknown;
  scan: ScanSummary;
}

const MAX_CONFIG_BYTES = 8 * 1024 * 1024;

/** Is `--platform` consistent with what the digest names? Returns the platform the scan should select. */
async function checkPlatform(
  client: RegistryClient,
  ref: ManifestRef,
  top: FetchedManifest,
  platform: string | undefined,
): Promise<string | undefined> {
  const where = display(ref, top.digest);
  if (top.kind === 'index') {
    const entries = imageEntries(top.manifest);
    if (entries.length > 1 && !platform) {
      const offered = entries.map((d) => (d.platform ? formatPlatform(d.platform) : 'unspecified'));
      throw new BulwarkError(
        'USAGE',
        `${where} is a multi-platform index (${offered.join(', ')}) and a scan covers one platform: ` +
          'pass --platform OS/ARCH to attest the index with that platform’s scan, or give the digest of ' +
          'one platform’s manifest (REPO@sha256:…) to attest that manifest',
      );
    }
    return platform;
  }
  if (!platform) return undefined;
  const want = parsePlatform(platform);
  const config = await client.getBlob(ref, top.manifest.config.digest, {
    size: top.manifest.config.size,
    maxBytes: MAX_CONFIG_BYTES,
  });
  let have;
  try {
    have = platformFrom(JSON.parse(config.toString('utf8')));
  } catch {
    have = undefined;
  }
  if (!have || !platformMatches(want, have)) {
    throw new BulwarkError(
      'USAGE',
      `--platform ${formatPlatform(want)} does not match ${where}, a single-platform image for ` +
        `${have ? formatPlatform(have) : 'an unknown platform'}; drop --platform, or name the image ` +
        'you mean',
    );
  }
  return platform;
}

function counts(report: { vulnerabilities: { severity: Severity }[] }): Partial<Record<Severity, number>> {
  const out: Partial<Record<Severity, number>> = {};
  for (const s of SEVERITIES) {
    const n = report.vulnerabilities.filter((v) => v.severity === s).length;
    if (n) out[s] = n;
  }
  return out;
}

/** Resolve, scan that digest, and build the predicate `plan` asks for. */
export async function scanForAttestation(
  client: RegistryClient,
  ref: ManifestRef,
  plan: FromScanPlan,
  flags: ScanFlags,
  credentials: { username: string; password: string } | undefined,
  progress: Progress,
): Promise<ScannedPredicate> {
  // One GET: the digest is verified over the manifest bytes, and we learn whether it is an index.
  const top = await client.getManifest(ref, ref.digest ?? ref.tag ?? 'latest');
  if (ref.digest && top.digest !== ref.digest) {
    throw new BulwarkError(
      'DIGEST_MISMATCH',
      `${display(ref, ref.digest)}: the registry returned ${top.digest}`,
    );
  }
  const platform = await checkPlatform(client, ref, top, flags.platform);
  const target = `${ref.registry}/${ref.repository}@${top.digest}`;
  // The wall clock, not SOURCE_DATE_EPOCH: a vuln attestation's time is when the data was checked, and
  // policies judge freshness by it (maxAge).
  const startedOn = new Date();
  let report;
  try {
    report = await scanImage({
      target,
      scanners: plan.scanners,
      ...(platform ? { platform } : {}),
      ...(flags.insecure ? { insecure: true } : {}),
      ...(credentials ? { credentials } : {}),
      ...(flags.db !== undefined ? { db: flags.db } : {}),
      ...(flags.offline ? { offline: true } : {}),
      ...(flags.skipDbUpdate ? { skipDbUpdate: true } : {}),
      ...(flags.dbMirror !== undefined ? { dbMirror: flags.dbMirror } : {}),
      cacheDir: flags.cache ? flags.cacheDir : null,
      onWarning: notice,
      onLayers: (n) => progress.start(n, `Scanning ${display(ref, top.digest)}`),
      onLayerDone: () => progress.increment(),
    });
  } finally {
    progress.stop();
  }
  const finishedOn = new Date();
  // The scan opened the image by digest, so it read this manifest (or an entry of this index).
  const scanned = report.artifact.digest;
  const expected = top.kind === 'index' ? top.manifest.manifests.map((m) => m.digest) : [top.digest];
  // (Entries of a nested index are not listed here; the image layer verified those digests itself.)
  const nested =
    top.kind === 'index' && top.manifest.manifests.some((m) => /index|manifest\.list/.test(m.mediaType));
  if (!scanned || (!nested && !expected.includes(scanned))) {
    throw new BulwarkError(
      'DIGEST_MISMATCH',
      `the scan of ${target} read ${scanned ?? 'no manifest digest'}, not what the reference names`,
    );
  }

  let db;
  if (plan.kind === 'vuln') {
    // A vulnerability attestation says "these are the known vulnerabilities". Without data, or for an
    // OS Bulwark cannot match, it would say "none" and let a policy gate pass: refuse instead.
    const status = await dbStatus(flags.db !== undefined ? { db: flags.db } : {});
    if (report.os && !matcherFor(report.os)) {
      throw new BulwarkError(
        'UNSUPPORTED_MEDIA_TYPE',
        `refusing to attest a vulnerability scan of ${target}: ${report.os.family} ${report.os.version} ` +
          'is not supported for vulnerability matching, so the scan could not find any; attest an SBOM instead (--type cyclonedx)',
      );
    }
    // An empty DB, or data only for other releases (an Alpine feed when this is Debian): the scan
    // recorded the gap.
    const gap = report.dataGaps?.[0];
    if (gap) {
      throw new BulwarkError(
        'DB_ERROR',
        `refusing to attest a vulnerability scan of ${target}: ${gap.message}`,
      );
    }
    db = dbMeta(status.feeds, status.lastUpdate);
  }

  const imageConfig = report.metadata?.imageConfig as { os?: string; architecture?: string } | undefined;
  const scannedPlatform =
    imageConfig?.os && imageConfig.architecture ? `${imageConfig.os}/${imageConfig.architecture}` : undefined;
  const parameters: Record<string, unknown> = {
    image: target,
    manifest: scanned,
    ...(scannedPlatform ? { platform: scannedPlatform } : {}),
    scanners: plan.scanners,
  };
  const predicate = predicateFromScan(plan, report, {
    startedOn,
    finishedOn,
    ...(db ? { db } : {}),
    parameters,
    invocation: ciInvocation(process.env),
  });
  return {
    ref: { ...ref, digest: top.digest },
    predicate,
    scan: {
      target,
      manifestDigest: scanned,
      ...(scannedPlatform ? { platform: scannedPlatform } : {}),
      scanners: plan.scanners,
      packages: report.packages.length,
      vulnerabilities: counts(report),
      startedOn: startedOn.toISOString(),
      finishedOn: finishedOn.toISOString(),
    },
  };
}
