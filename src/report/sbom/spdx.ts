// SPDX 2.3 JSON from a scan report. ref: SPDX 2.3 spec clauses 6 (document creation), 7 (package),
// 11 (relationships), Annex D (license expressions), Annex F (external repository identifiers: purl).
// Layout as Trivy and Syft write it: DOCUMENT DESCRIBES the image, the image CONTAINS the OS and
// language packages, the OS CONTAINS its packages. Deterministic: ids are hashes of stable refs, the
// namespace is a name-based UUID of the content.
import { createHash } from 'node:crypto';
import type { Report } from '../../core/model.js';
import { TOOL_NAME, TOOL_VERSION } from '../tool.js';
import { byCodePoint, sha256Hex, slug, uuidV5 } from './ids.js';
import { inventoryOf, type InventoryOptions, type Property } from './inventory.js';
import { licenseTerms } from './licenses.js';

export interface SpdxExternalRef {
  referenceCategory: 'PACKAGE-MANAGER' | 'SECURITY' | 'PERSISTENT-ID' | 'OTHER';
  referenceType: string;
  referenceLocator: string;
}

export interface SpdxAnnotation {
  annotator: string;
  annotationDate: string;
  annotationType: 'OTHER' | 'REVIEW';
  comment: string;
}

export interface SpdxPackage {
  SPDXID: string;
  name: string;
  versionInfo?: string;
  supplier?: string;
  downloadLocation: string;
  filesAnalyzed: false;
  checksums?: { algorithm: 'SHA256'; checksumValue: string }[];
  sourceInfo?: string;
  licenseConcluded?: string;
  licenseDeclared?: string;
  copyrightText?: string;
  description?: string;
  externalRefs?: SpdxExternalRef[];
  primaryPackagePurpose: 'CONTAINER' | 'OPERATING-SYSTEM' | 'LIBRARY' | 'APPLICATION';
  annotations?: SpdxAnnotation[];
}

export interface SpdxRelationship {
  spdxElementId: string;
  relationshipType: 'DESCRIBES' | 'CONTAINS';
  relatedSpdxElement: string;
}

export interface SpdxDocument {
  spdxVersion: 'SPDX-2.3';
  dataLicense: 'CC0-1.0';
  SPDXID: 'SPDXRef-DOCUMENT';
  name: string;
  documentNamespace: string;
  creationInfo: { creators: string[]; created: string };
  packages: SpdxPackage[];
  relationships: SpdxRelationship[];
  hasExtractedLicensingInfos?: { licenseId: string; extractedText: string; name: string }[];
}

const NOASSERTION = 'NOASSERTION';

/** `SPDXRef-<Kind>-<16 hex of sha256(ref)>`: letters, digits, `.` and `-` as clause 7.2 requires. */
function spdxId(kind: string, ref: string): string {
  return `SPDXRef-${kind}-${sha256Hex(ref).slice(0, 16)}`;
}

export function buildSpdx(report: Report, opts: InventoryOptions = {}): SpdxDocument {
  const inv = inventoryOf(report, opts);
  const tool = `Tool: ${TOOL_NAME}-${TOOL_VERSION}`;
  const annotations = (props: readonly Property[]): { annotations?: SpdxAnnotation[] } =>
    props.length
      ? {
          annotations: props.map(([n, v]) => ({
            annotator: tool,
            annotationDate: inv.created,
            annotationType: 'OTHER' as const,
            comment: `${n}: ${v}`,
          })),
        }
      : {};

  const extracted = new Map<string, { licenseId: string; extractedText: string; name: string }>();
  const declared = (licenses: readonly string[] | undefined): string => {
    const terms = licenseTerms(licenses);
    if (!terms.length) return NOASSERTION;
    const parts = terms.map((t) => {
      if (t.kind === 'id') return t.id;
      if (t.kind === 'expression') return terms.length > 1 ? `(${t.expression})` : t.expression;
      // Clause 10.1: text that is not on the SPDX License List is a LicenseRef with its text extracted.
      const licenseId = `LicenseRef-${slug(t.name, 40)}-${sha256Hex(t.name).slice(0, 8)}`;
      extracted.set(licenseId, { licenseId, extractedText: t.name, name: t.name });
      return licenseId;
    });
    return parts.join(' AND ');
  };

  const imageId = spdxId('ContainerImage', inv.image.ref);
  const image: SpdxPackage = {
    SPDXID: imageId,
    name: inv.image.name,
    downloadLocation: NOASSERTION,
    filesAnalyzed: false,
    ...(inv.image.digest?.startsWith('sha256:')
      ? { checksums: [{ algorithm: 'SHA256' as const, checksumValue: inv.image.digest.slice(7) }] }
      : {}),
    ...(inv.image.purl
      ? {
          externalRefs: [
            {
              referenceCategory: 'PACKAGE-MANAGER' as const,
              referenceType: 'purl',
              referenceLocator: inv.image.purl,
            },
          ],
        }
      : {}),
    primaryPackagePurpose: 'CONTAINER',
    ...annotations(inv.image.properties),
  };
  const packages: SpdxPackage[] = [image];
  const relationships: SpdxRelationship[] = [];

  let osId: string | undefined;
  if (inv.os) {
    osId = spdxId('OperatingSystem', inv.os.ref);
    packages.push({
      SPDXID: osId,
      name: inv.os.family,
      versionInfo: inv.os.version,
      downloadLocation: NOASSERTION,
      filesAnalyzed: false,
      ...(inv.os.prettyName ? { description: inv.os.prettyName } : {}),
      primaryPackagePurpose: 'OPERATING-SYSTEM',
      ...annotations(inv.os.properties),
    });
    relationships.push({ spdxElementId: imageId, relationshipType: 'CONTAINS', relatedSpdxElement: osId });
  }

  for (const node of inv.packages) {
    const p = node.pkg;
    const id = spdxId('Package', node.ref);
    packages.push({
      SPDXID: id,
      name: p.name,
      versionInfo: p.version,
      supplier: p.vendor ? `Organization: ${p.vendor}` : NOASSERTION,
      downloadLocation: NOASSERTION,
      filesAnalyzed: false,
      ...(p.source ? { sourceInfo: `built package from: ${p.source.name} ${p.source.version}` } : {}),
      licenseConcluded: NOASSERTION,
      licenseDeclared: declared(p.licenses),
      copyrightText: NOASSERTION,
      ...(node.purl
        ? {
            externalRefs: [
              {
                referenceCategory: 'PACKAGE-MANAGER' as const,
                referenceType: 'purl',
                referenceLocator: node.purl,
              },
            ],
          }
        : {}),
      primaryPackagePurpose: 'LIBRARY',
      ...annotations(node.properties),
    });
    const parent = node.os && osId ? osId : imageId;
    relationships.push({ spdxElementId: parent, relationshipType: 'CONTAINS', relatedSpdxElement: id });
  }
  relationships.sort(
    (a, b) =>
      byCodePoint(a.spdxElementId, b.spdxElementId) ||
      byCodePoint(a.relatedSpdxElement, b.relatedSpdxElement),
  );
  relationships.unshift({
    spdxElementId: 'SPDXRef-DOCUMENT',
    relationshipType: 'DESCRIBES',
    relatedSpdxElement: imageId,
  });

  const doc: SpdxDocument = {
    spdxVersion: 'SPDX-2.3',
    dataLicense: 'CC0-1.0',
    SPDXID: 'SPDXRef-DOCUMENT',
    name: inv.image.name,
    documentNamespace: '',
    creationInfo: { creators: [`Organization: Bulwark`, tool], created: inv.created },
    packages,
    relationships,
    ...(extracted.size
      ? {
          hasExtractedLicensingInfos: [...extracted.values()].sort((a, b) =>
            byCodePoint(a.licenseId, b.licenseId),
          ),
        }
      : {}),
  };
  // Clause 6.5: a unique absolute URI without '#'. Name-based on the content, so the same scan gives
  // the same namespace and any change (including the time) gives a new one.
  const digest = createHash('sha256').update(JSON.stringify(doc)).digest('hex');
  doc.documentNamespace = `https://spdx.org/spdxdocs/${TOOL_NAME}/${report.artifact.kind}/${slug(inv.image.name)}-${uuidV5(digest)}`;
  return doc;
}

export function renderSpdxJson(report: Report, opts: InventoryOptions = {}): string {
  return JSON.stringify(buildSpdx(report, opts), null, 2);
}
