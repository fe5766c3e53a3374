// A report seen as an SBOM: the image, its operating system and its packages, each with a stable
// reference and the Bulwark properties both SBOM formats carry (and `bulwark sbom` reads back).
// The property names are a public contract: `bulwark:` namespace, as Trivy uses `aquasecurity:trivy:`.
import { PackageURL } from 'packageurl-js';
import { currentTime, isoSeconds } from '../../core/clock.js';
import { OS_PACKAGE_TYPES, type Package, type Report } from '../../core/model.js';
import { parsePurl } from '../../core/purl.js';
import { tryParseReference } from '../../image/reference.js';
import { byCodePoint } from './ids.js';

export const PROP = {
  layer: 'bulwark:layer',
  sourceName: 'bulwark:package:source:name',
  sourceVersion: 'bulwark:package:source:version',
  path: 'bulwark:package:path',
  arch: 'bulwark:package:arch',
  vendor: 'bulwark:package:vendor',
  modularityLabel: 'bulwark:package:modularity_label',
  imageKind: 'bulwark:image:kind',
  imageDigest: 'bulwark:image:digest',
  repoTag: 'bulwark:image:repo_tag',
  diffId: 'bulwark:image:diff_id',
  architecture: 'bulwark:image:architecture',
  imageOs: 'bulwark:image:os',
  osCodename: 'bulwark:os:codename',
} as const;

export type Property = readonly [name: string, value: string];

export interface ImageNode {
  ref: string;
  name: string;
  purl?: string;
  /** `sha256:<hex>` as in the report. */
  digest?: string;
  properties: Property[];
}

export interface OsNode {
  ref: string;
  family: string;
  version: string;
  prettyName?: string;
  properties: Property[];
}

export interface PackageNode {
  ref: string;
  pkg: Package;
  /** The package's purl when it parses (purl-spec); a malformed one is left out rather than passed on. */
  purl?: string;
  /** Installed by the OS package manager (deb/apk/rpm): the OS component contains it. */
  os: boolean;
  properties: Property[];
}

export interface Inventory {
  /** Document time, whole seconds in UTC. */
  created: string;
  image: ImageNode;
  os?: OsNode;
  packages: PackageNode[];
}

const OS_TYPES = new Set<string>(OS_PACKAGE_TYPES);

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** Image facts the scan recorded in `report.metadata` (shape owned by scan/; read defensively). */
function imageMetadata(report: Report): {
  arch?: string;
  os?: string;
  repoTags: string[];
  diffIds: string[];
} {
  const m = (report.metadata ?? {}) as Record<string, unknown>;
  const cfg = (m.imageConfig ?? {}) as Record<string, unknown>;
  const layers = Array.isArray(m.layers) ? (m.layers as Record<string, unknown>[]) : [];
  return {
    arch: str(cfg.architecture),
    os: str(cfg.os),
    repoTags: strings(m.repoTags),
    diffIds: layers.map((l) => str(l?.diffId)).filter((x): x is string => !!x),
  };
}

/**
 * `pkg:oci/<name>@<digest>?repository_url=<registry>/<repo>&arch=…` (purl-spec PURL-TYPES "oci") for
 * images pulled from a registry, where the digest is the manifest digest the registry serves. Files
 * carry no repository, and a docker-archive's digest may be the config digest, so they get none.
 */
export function ociPurl(report: Report, arch?: string): string | undefined {
  const digest = report.artifact.digest;
  if (report.artifact.kind !== 'registry' || !digest?.startsWith('sha256:')) return undefined;
  const ref = tryParseReference(report.artifact.name.replace(/^docker:\/\//, ''));
  if (!ref) return undefined;
  const name = ref.repository.split('/').pop()!;
  const qualifiers: Record<string, string> = { repository_url: `${ref.registry}/${ref.repository}` };
  if (arch) qualifiers.arch = arch;
  return new PackageURL('oci', undefined, name, digest, qualifiers, undefined).toString();
}

function packageProperties(p: Package): Property[] {
  const out: Property[] = [];
  if (p.layer) out.push([PROP.layer, p.layer]);
  if (p.source) out.push([PROP.sourceName, p.source.name], [PROP.sourceVersion, p.source.version]);
  if (p.path) out.push([PROP.path, p.path]);
  if (p.arch) out.push([PROP.arch, p.arch]);
  if (p.vendor) out.push([PROP.vendor, p.vendor]);
  if (p.modularityLabel) out.push([PROP.modularityLabel, p.modularityLabel]);
  return out;
}

export interface InventoryOptions {
  /** Used when the report has no `createdAt`. */
  now?: Date;
}

export function inventoryOf(report: Report, opts: InventoryOptions = {}): Inventory {
  const created = isoSeconds(report.createdAt ? new Date(report.createdAt) : (opts.now ?? currentTime()));
  const meta = imageMetadata(report);
  const purl = ociPurl(report, meta.arch);
  const { digest, kind, name } = report.artifact;
  const imageProps: Property[] = [[PROP.imageKind, kind]];
  if (digest) imageProps.push([PROP.imageDigest, digest]);
  for (const t of meta.repoTags) imageProps.push([PROP.repoTag, t]);
  for (const d of meta.diffIds) imageProps.push([PROP.diffId, d]);
  if (meta.arch) imageProps.push([PROP.architecture, meta.arch]);
  if (meta.os) imageProps.push([PROP.imageOs, meta.os]);
  const image: ImageNode = {
    ref: purl ?? (digest ? `image:${digest}` : `image:${name}`),
    name,
    ...(purl ? { purl } : {}),
    ...(digest ? { digest } : {}),
    properties: imageProps,
  };

  let os: OsNode | undefined;
  if (report.os) {
    const { family, version, name: prettyName, codename } = report.os;
    os = {
      ref: `os:${family}@${version}`,
      family,
      version,
      ...(prettyName ? { prettyName } : {}),
      properties: codename ? [[PROP.osCodename, codename]] : [],
    };
  }

  // Sort first so that de-duplicated refs do not depend on the analyzers' order.
  const sorted = [...report.packages].sort(
    (a, b) =>
      byCodePoint(a.purl, b.purl) ||
      byCodePoint(a.path ?? '', b.path ?? '') ||
      byCodePoint(a.layer ?? '', b.layer ?? ''),
  );
  const used = new Set<string>([image.ref, ...(os ? [os.ref] : [])]);
  const packages = sorted.map((pkg): PackageNode => {
    let ref = pkg.purl || `${pkg.type}:${pkg.name}@${pkg.version}`;
    if (used.has(ref) && pkg.path) ref = `${ref}|${pkg.path}`;
    for (let n = 2; used.has(ref); n++) ref = `${ref.replace(/\|#\d+$/, '')}|#${n}`;
    used.add(ref);
    const purl = pkg.purl && parsePurl(pkg.purl) ? pkg.purl : undefined;
    return {
      ref,
      pkg,
      ...(purl ? { purl } : {}),
      os: !!os && OS_TYPES.has(pkg.type),
      properties: packageProperties(pkg),
    };
  });
  return { created, image, ...(os ? { os } : {}), packages };
}
