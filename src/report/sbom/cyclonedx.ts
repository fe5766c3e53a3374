// CycloneDX JSON from a scan report, built with the CycloneDX reference library.
// ref: CycloneDX 1.6 spec (https://cyclonedx.org/docs/1.6/json/); the image is metadata.component
// (type container), the OS an operating-system component that depends on its packages, as Trivy does.
// Output is deterministic: components in code-point order of their refs, serial number derived from
// the document content (so one scan → one serial, two scans at different times → two serials).
import { Enums, Models, Serialize, Spec } from '@cyclonedx/cyclonedx-library';
import type { Report, Vulnerability } from '../../core/model.js';
import { TOOL_NAME, TOOL_VERSION } from '../tool.js';
import { byCodePoint, uuidV5 } from './ids.js';
import { inventoryOf, type InventoryOptions, type PackageNode, type Property } from './inventory.js';
import { licenseTerms } from './licenses.js';
import { vulnerabilityAdvice } from './vuln-advice.js';

import { CYCLONEDX_VERSIONS, type CycloneDxVersion } from './cyclonedx-versions.js';

export { CYCLONEDX_VERSIONS, type CycloneDxVersion };

const SPECS = {
  '1.5': Spec.Spec1dot5,
  '1.6': Spec.Spec1dot6,
  '1.7': Spec.Spec1dot7,
} as const;

export interface CycloneDxOptions extends InventoryOptions {
  specVersion?: CycloneDxVersion;
}

function properties(props: readonly Property[]): Models.PropertyRepository {
  return new Models.PropertyRepository(props.map(([n, v]) => new Models.Property(n, v)));
}

function licenses(node: PackageNode): Models.LicenseRepository {
  const repo = new Models.LicenseRepository();
  const terms = licenseTerms(node.pkg.licenses);
  const expr = terms.find((t) => t.kind === 'expression');
  // The schema allows either licences or exactly one expression: a lone expression goes as is, and
  // anything mixed is kept as names so no licence text is dropped.
  if (expr && terms.length === 1) {
    repo.add(new Models.LicenseExpression(expr.expression));
    return repo;
  }
  for (const t of terms) {
    if (t.kind === 'id') repo.add(new Models.SpdxLicense(t.id));
    else repo.add(new Models.NamedLicense(t.kind === 'name' ? t.name : t.expression));
  }
  return repo;
}

const SEVERITY: Record<Vulnerability['severity'], Enums.Vulnerability.Severity> = {
  CRITICAL: Enums.Vulnerability.Severity.Critical,
  HIGH: Enums.Vulnerability.Severity.High,
  MEDIUM: Enums.Vulnerability.Severity.Medium,
  LOW: Enums.Vulnerability.Severity.Low,
  UNKNOWN: Enums.Vulnerability.Severity.Unknown,
};

function cvssMethod(version: string): Enums.Vulnerability.RatingMethod {
  if (version.startsWith('4')) return Enums.Vulnerability.RatingMethod.CVSSv4;
  if (version === '3.1') return Enums.Vulnerability.RatingMethod.CVSSv31;
  if (version.startsWith('3')) return Enums.Vulnerability.RatingMethod.CVSSv3;
  if (version.startsWith('2')) return Enums.Vulnerability.RatingMethod.CVSSv2;
  return Enums.Vulnerability.RatingMethod.Other;
}

/** Well-known homes of vulnerability ids, for `references[].source`. */
function idSource(id: string): Models.Vulnerability.Source {
  if (id.startsWith('CVE-'))
    return new Models.Vulnerability.Source({ name: 'NVD', url: `https://nvd.nist.gov/vuln/detail/${id}` });
  if (id.startsWith('GHSA-'))
    return new Models.Vulnerability.Source({ name: 'GitHub', url: `https://github.com/advisories/${id}` });
  return new Models.Vulnerability.Source({
    name: id.split('-')[0] || 'unknown',
    url: `https://osv.dev/vulnerability/${id}`,
  });
}

function vulnerability(v: Vulnerability, bomRef: string, refs: string[]): Models.Vulnerability.Vulnerability {
  const source = new Models.Vulnerability.Source({ name: v.dataSource ?? 'bulwark' });
  const ratings = new Models.Vulnerability.RatingRepository([
    new Models.Vulnerability.Rating({ source, severity: SEVERITY[v.severity] }),
    ...(v.cvss ?? []).map(
      (c) =>
        new Models.Vulnerability.Rating({
          source,
          method: cvssMethod(c.version),
          vector: c.vector,
          ...(c.score !== undefined ? { score: c.score } : {}),
        }),
    ),
  ]);
  const advice = vulnerabilityAdvice(v);
  const out = new Models.Vulnerability.Vulnerability({
    bomRef,
    id: v.id,
    source,
    ratings,
    ...(v.title ? { description: v.title } : {}),
    recommendation: advice.recommendation,
    analysis: new Models.Vulnerability.Analysis({
      // A scanner cannot know whether the code is reachable: the finding awaits triage. Whether a fix
      // exists is the response (update / can_not_fix / will_not_fix). ref: CycloneDX 1.6 analysis.
      state: Enums.Vulnerability.AnalysisState.InTriage,
      response: new Enums.Vulnerability.AnalysisResponseRepository(advice.responses),
      detail: advice.detail,
    }),
    references: new Models.Vulnerability.ReferenceRepository(
      [...new Set(v.aliases)]
        .filter((a) => a !== v.id)
        .sort(byCodePoint)
        .map((a) => new Models.Vulnerability.Reference(a, idSource(a))),
    ),
    advisories: new Models.Vulnerability.AdvisoryRepository(
      [...new Set(v.references ?? [])].map((u) => new Models.Vulnerability.Advisory(u)),
    ),
    affects: new Models.Vulnerability.AffectRepository(
      refs.map(
        (ref) =>
          new Models.Vulnerability.Affect(new Models.BomRef(ref), {
            versions: new Models.Vulnerability.AffectedVersionRepository([
              new Models.Vulnerability.AffectedSingleVersion(v.version, {
                status: Enums.Vulnerability.AffectStatus.Affected,
              }),
              ...(v.fixedVersion
                ? [
                    new Models.Vulnerability.AffectedSingleVersion(v.fixedVersion, {
                      status: Enums.Vulnerability.AffectStatus.Unaffected,
                    }),
                  ]
                : []),
            ]),
          }),
      ),
    ),
    properties: properties([
      ['bulwark:vulnerability:status', v.status],
      ...(v.fixedVersion ? ([['bulwark:vulnerability:fixed_version', v.fixedVersion]] as const) : []),
      ...(v.layer ? ([['bulwark:layer', v.layer]] as const) : []),
    ]),
  });
  return out;
}

export function buildBom(report: Report, opts: CycloneDxOptions = {}): Models.Bom {
  const inv = inventoryOf(report, opts);
  const bom = new Models.Bom();
  const tool = new Models.Component(Enums.ComponentType.Application, TOOL_NAME, { version: TOOL_VERSION });
  bom.metadata = new Models.Metadata({
    timestamp: new Date(inv.created),
    tools: new Models.Tools({ components: new Models.ComponentRepository([tool]) }),
  });

  const image = new Models.Component(Enums.ComponentType.Container, inv.image.name, {
    bomRef: inv.image.ref,
    ...(inv.image.purl ? { purl: inv.image.purl } : {}),
    properties: properties(inv.image.properties),
  });
  const hex = inv.image.digest?.match(/^sha256:([0-9a-f]{64})$/)?.[1];
  if (hex) image.hashes.set(Enums.HashAlgorithm['SHA-256'], hex);
  bom.metadata.component = image;

  let os: Models.Component | undefined;
  if (inv.os) {
    os = new Models.Component(Enums.ComponentType.OperatingSystem, inv.os.family, {
      bomRef: inv.os.ref,
      version: inv.os.version,
      ...(inv.os.prettyName ? { description: inv.os.prettyName } : {}),
      properties: properties(inv.os.properties),
    });
    bom.components.add(os);
    image.dependencies.add(os.bomRef);
  }

  const byPurl = new Map<string, string[]>();
  for (const node of inv.packages) {
    const p = node.pkg;
    const c = new Models.Component(Enums.ComponentType.Library, p.name, {
      bomRef: node.ref,
      version: p.version,
      ...(node.purl ? { purl: node.purl } : {}),
      licenses: licenses(node),
      properties: properties(node.properties),
    });
    bom.components.add(c);
    (node.os && os ? os : image).dependencies.add(c.bomRef);
    byPurl.set(p.purl, [...(byPurl.get(p.purl) ?? []), node.ref]);
  }

  const vulns = [...report.vulnerabilities].sort(
    (a, b) =>
      byCodePoint(a.id, b.id) || byCodePoint(a.purl, b.purl) || byCodePoint(a.layer ?? '', b.layer ?? ''),
  );
  // One entry per finding (vulnerability × package), each with its own fix advice; refs are unique.
  const used = new Set<string>();
  for (const v of vulns) {
    let ref = `${v.id}|${v.purl}`;
    for (let n = 2; used.has(ref); n++) ref = `${v.id}|${v.purl}|#${n}`;
    used.add(ref);
    bom.vulnerabilities.add(vulnerability(v, ref, byPurl.get(v.purl) ?? []));
  }
  return bom;
}

/** The CycloneDX JSON text (2-space indented). */
export function renderCycloneDx(report: Report, opts: CycloneDxOptions = {}): string {
  const spec = SPECS[opts.specVersion ?? '1.6'];
  const serializer = new Serialize.JsonSerializer(new Serialize.JSON.Normalize.Factory(spec));
  const bom = buildBom(report, opts);
  // Insertion order is already code-point order; the library's own sorting uses localeCompare,
  // which varies with the process locale.
  const body = serializer.serialize(bom, { sortLists: false });
  bom.serialNumber = `urn:uuid:${uuidV5(body)}`;
  return serializer.serialize(bom, { sortLists: false, space: 2 });
}
