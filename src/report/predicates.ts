// In-toto predicates made from a Bulwark scan, for `bulwark attest --type cyclonedx|spdx|vuln`.
// The vuln predicate is cosign's (sigstore/cosign pkg/cosign/attestation, predicate type
// https://cosign.sigstore.dev/attestation/vuln/v1), with `scanner.result` = the Bulwark JSON report
// (schema v1). The trust policy (src/policy/trust/conditions.ts) reads exactly that: `denySeverities`
// counts `predicate.scanner.result.vulnerabilities[].severity` and `maxAge` reads
// `predicate.metadata.scanFinishedOn`; keep both when changing this file.
import { currentTime, isoSeconds } from '../core/clock.js';
import type { Report } from '../core/model.js';
import { PREDICATE_TYPES } from '../signing/intoto/predicate-types.js';
import { buildSpdx, type SpdxDocument } from './sbom/spdx.js';
import { renderCycloneDx, type CycloneDxVersion } from './sbom/cyclonedx.js';
import { TOOL_PURL, TOOL_VERSION } from './tool.js';

export const VULN_PREDICATE_TYPE = PREDICATE_TYPES.vuln;

export interface CosignVulnPredicate {
  invocation: { parameters: unknown; uri: string; event_id: string; 'builder.id': string };
  scanner: {
    uri: string;
    version: string;
    db: { uri: string; version: string };
    result: Report;
  };
  metadata: { scanStartedOn: string; scanFinishedOn: string };
}

export interface VulnPredicateMeta {
  /** Defaults to scanFinishedOn. */
  startedOn?: Date | string;
  /** Defaults to `report.createdAt`, else now (SOURCE_DATE_EPOCH honoured). */
  finishedOn?: Date | string;
  /** The vulnerability data the scan used, e.g. `{uri: 'https://osv-vulnerabilities.storage.googleapis.com', version: '2024-05-01T00:00:00Z'}`. */
  db?: { uri?: string; version?: string };
  /** Where the scan ran (a CI run URL, its id, the builder), as cosign's `--type vuln` records it. */
  invocation?: { parameters?: unknown; uri?: string; eventId?: string; builderId?: string };
}

function iso(t: Date | string): string {
  const d = typeof t === 'string' ? new Date(t) : t;
  if (Number.isNaN(d.getTime())) throw new TypeError(`invalid time ${String(t)}`);
  return isoSeconds(d);
}

/**
 * The report as attested: the layer-cache hit count says how this machine ran the scan, not what the
 * image holds, so it is left out and the same image and data attest to the same result.
 */
function attestedResult(report: Report): Report {
  const meta = report.metadata;
  if (!meta || !('cacheHits' in meta)) return report;
  const { cacheHits: _omit, ...rest } = meta;
  return { ...report, metadata: rest };
}

/** The cosign vulnerability predicate for `report`. Pure apart from the default time. */
export function vulnPredicateFromReport(report: Report, meta: VulnPredicateMeta = {}): CosignVulnPredicate {
  const finished = iso(meta.finishedOn ?? report.createdAt ?? currentTime());
  const started = meta.startedOn !== undefined ? iso(meta.startedOn) : finished;
  return {
    invocation: {
      parameters: meta.invocation?.parameters ?? null,
      uri: meta.invocation?.uri ?? '',
      event_id: meta.invocation?.eventId ?? '',
      'builder.id': meta.invocation?.builderId ?? '',
    },
    scanner: {
      uri: TOOL_PURL,
      version: TOOL_VERSION,
      db: { uri: meta.db?.uri ?? '', version: meta.db?.version ?? '' },
      result: attestedResult(report),
    },
    metadata: { scanStartedOn: started, scanFinishedOn: finished },
  };
}

export interface SbomPredicateOptions {
  /** Used when the report has no `createdAt`. */
  now?: Date;
  cyclonedxVersion?: CycloneDxVersion;
}

/**
 * The SBOM as an in-toto predicate: the CycloneDX BOM or SPDX document object itself, as
 * `cosign attest --type cyclonedx|spdxjson` embeds it.
 */
export function sbomPredicate(
  report: Report,
  kind: 'cyclonedx' | 'spdx',
  opts: SbomPredicateOptions = {},
): Record<string, unknown> | SpdxDocument {
  if (kind === 'spdx') return buildSpdx(report, opts);
  return JSON.parse(renderCycloneDx(report, { now: opts.now, specVersion: opts.cyclonedxVersion })) as Record<
    string,
    unknown
  >;
}
