// `bulwark attest --from-scan`: which predicates a Bulwark scan can make, what the scan must run for
// each, and the predicate itself. Pure: the CLI resolves the image, runs the scan and signs.
// Predicate shapes are predicates.ts's (cosign's vuln predicate, CycloneDX BOM, SPDX document), so an
// attestation made from a scan reads exactly like one made from `bulwark image --format …` output.
import { BulwarkError } from '../core/errors.js';
import type { Report } from '../core/model.js';
import type { Scanner } from '../scan/image.js';
import { PREDICATE_TYPES, predicateTypeUri } from '../signing/intoto/predicate-types.js';
import { sbomPredicate, vulnPredicateFromReport, type VulnPredicateMeta } from './predicates.js';

export type FromScanKind = 'vuln' | 'cyclonedx' | 'spdx';

export interface FromScanPlan {
  kind: FromScanKind;
  predicateType: string;
  /** What the scan must look for. SBOMs need only the package inventory (no vulnerability DB). */
  scanners: Scanner[];
}

const PLANS: Record<FromScanKind, FromScanPlan> = {
  vuln: { kind: 'vuln', predicateType: PREDICATE_TYPES.vuln, scanners: ['vuln'] },
  cyclonedx: { kind: 'cyclonedx', predicateType: PREDICATE_TYPES.cyclonedx, scanners: [] },
  spdx: { kind: 'spdx', predicateType: PREDICATE_TYPES.spdx, scanners: [] },
};

/** Why a type cannot be made from a scan, and where such a predicate comes from instead. */
function notFromScan(type: string, uri: string): string {
  const what =
    uri === PREDICATE_TYPES.slsaprovenance02 || uri === PREDICATE_TYPES.slsaprovenance1
      ? 'SLSA provenance describes how the image was built, so it must come from the build system'
      : uri === PREDICATE_TYPES.openvex || uri.startsWith(`${PREDICATE_TYPES.openvex}/`)
        ? 'an OpenVEX document states whether vulnerabilities affect the product, which is a judgement a scan cannot make (write it with vexctl or by hand)'
        : `a scan cannot produce a "${type}" predicate`;
  return (
    `--from-scan makes only vulnerability and SBOM predicates (--type vuln, cyclonedx, spdx); ${what}: ` +
    'pass it with --predicate FILE'
  );
}

/**
 * The plan for `--type TYPE --from-scan`. Accepts the short names and their URIs (and cosign's
 * `spdxjson`); any other type is a USAGE error saying what can be generated.
 */
export function fromScanPlan(type: string): FromScanPlan {
  const uri = predicateTypeUri(type); // USAGE for unknown names
  const plan = Object.values(PLANS).find((p) => p.predicateType === uri);
  if (!plan) throw new BulwarkError('USAGE', notFromScan(type, uri));
  return plan;
}

export interface FromScanMeta {
  startedOn: Date;
  finishedOn: Date;
  /** The vulnerability data used (vuln only). */
  db?: VulnPredicateMeta['db'];
  /** What was scanned, recorded as the vuln predicate's `invocation.parameters`. */
  parameters?: Record<string, unknown>;
  /** CI run details (see ciInvocation). */
  invocation?: Omit<NonNullable<VulnPredicateMeta['invocation']>, 'parameters'>;
}

/** The predicate for `plan` from a finished scan of the attested image. */
export function predicateFromScan(plan: FromScanPlan, report: Report, meta: FromScanMeta): unknown {
  if (plan.kind === 'vuln') {
    return vulnPredicateFromReport(report, {
      startedOn: meta.startedOn,
      finishedOn: meta.finishedOn,
      ...(meta.db ? { db: meta.db } : {}),
      invocation: { ...meta.invocation, parameters: meta.parameters ?? null },
    });
  }
  return sbomPredicate(report, plan.kind, { now: meta.finishedOn });
}

/**
 * Where the scan ran, as cosign's vuln predicate records it (`invocation.uri`, `event_id`,
 * `builder.id`), from the CI's own environment. ref: GitHub Actions "Default environment variables";
 * GitLab "Predefined CI/CD variables". Empty outside a known CI.
 */
export function ciInvocation(env: NodeJS.ProcessEnv): FromScanMeta['invocation'] {
  if (env.GITHUB_ACTIONS === 'true' && env.GITHUB_RUN_ID) {
    const server = env.GITHUB_SERVER_URL ?? 'https://github.com';
    const attempt = env.GITHUB_RUN_ATTEMPT ? `/attempts/${env.GITHUB_RUN_ATTEMPT}` : '';
    return {
      uri: env.GITHUB_REPOSITORY
        ? `${server}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}${attempt}`
        : '',
      eventId: env.GITHUB_RUN_ID,
      builderId: env.GITHUB_WORKFLOW_REF ? `${server}/${env.GITHUB_WORKFLOW_REF}` : '',
    };
  }
  if (env.GITLAB_CI === 'true' && env.CI_JOB_ID) {
    return {
      uri: env.CI_JOB_URL ?? '',
      eventId: env.CI_JOB_ID,
      builderId: env.CI_SERVER_URL ?? '',
    };
  }
  return {};
}

/**
 * The vulnerability data behind a scan, for the vuln predicate's `scanner.db`: `version` is when the
 * data last changed; `uri` is the feed origin when every downloaded feed shares one (local imports
 * and paths are left out: an attestation is public, file names on the scanning machine are not).
 */
export function dbMeta(
  feeds: readonly { kind: 'update' | 'import'; location: string }[],
  lastUpdate: string | null,
): { uri: string; version: string } {
  const origins = new Set<string>();
  for (const f of feeds) {
    if (f.kind !== 'update') continue;
    try {
      const u = new URL(f.location);
      if (u.protocol === 'https:' || u.protocol === 'http:') origins.add(u.origin);
    } catch {
      // not a URL: a local path, never published
    }
  }
  return { uri: origins.size === 1 ? [...origins][0]! : '', version: lastUpdate ?? '' };
}
