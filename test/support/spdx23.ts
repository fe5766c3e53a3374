// An SPDX 2.3 JSON conformance check for tests. No npm package ships the official SPDX 2.3 JSON
// schema (spdx/spdx-spec schemas/spdx-schema.json), so this is written from the SPDX 2.3 specification
// (https://spdx.github.io/spdx-spec/v2.3/): the JSON Schema part mirrors the fields, cardinalities and
// enumerations of clauses 6 (document creation), 7 (package), 10 (other licensing), 11
// (relationships) and 12 (annotations), closed with additionalProperties:false as the official schema
// is; the semantic part checks what a schema cannot: unique SPDXIDs, relationships that resolve, a
// DESCRIBES from the document, valid license expressions whose LicenseRefs are defined (Annex D,
// clause 10.1), and purl locators that parse (Annex F).
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { PackageURL } from 'packageurl-js';
import parseSpdx from 'spdx-expression-parse';

const DATE = '^\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])T([01]\\d|2[0-3]):[0-5]\\d:[0-5]\\dZ$';
const SPDX_REF = '^SPDXRef-[A-Za-z0-9.-]+$';
const AGENT = '^(Person|Organization|Tool): .+$';
const ALGORITHMS = [
  'SHA1',
  'SHA224',
  'SHA256',
  'SHA384',
  'SHA512',
  'SHA3-256',
  'SHA3-384',
  'SHA3-512',
  'BLAKE2b-256',
  'BLAKE2b-384',
  'BLAKE2b-512',
  'BLAKE3',
  'MD2',
  'MD4',
  'MD5',
  'MD6',
  'ADLER32',
];
/** Clause 11.1. */
export const RELATIONSHIP_TYPES = [
  'DESCRIBES',
  'DESCRIBED_BY',
  'CONTAINS',
  'CONTAINED_BY',
  'DEPENDS_ON',
  'DEPENDENCY_OF',
  'DEPENDENCY_MANIFEST_OF',
  'BUILD_DEPENDENCY_OF',
  'DEV_DEPENDENCY_OF',
  'OPTIONAL_DEPENDENCY_OF',
  'PROVIDED_DEPENDENCY_OF',
  'TEST_DEPENDENCY_OF',
  'RUNTIME_DEPENDENCY_OF',
  'EXAMPLE_OF',
  'GENERATES',
  'GENERATED_FROM',
  'ANCESTOR_OF',
  'DESCENDANT_OF',
  'VARIANT_OF',
  'DISTRIBUTION_ARTIFACT',
  'PATCH_FOR',
  'PATCH_APPLIED',
  'COPY_OF',
  'FILE_ADDED',
  'FILE_DELETED',
  'FILE_MODIFIED',
  'EXPANDED_FROM_ARCHIVE',
  'DYNAMIC_LINK',
  'STATIC_LINK',
  'DATA_FILE_OF',
  'TEST_CASE_OF',
  'BUILD_TOOL_OF',
  'DEV_TOOL_OF',
  'TEST_OF',
  'TEST_TOOL_OF',
  'DOCUMENTATION_OF',
  'OPTIONAL_COMPONENT_OF',
  'METAFILE_OF',
  'PACKAGE_OF',
  'AMENDS',
  'PREREQUISITE_FOR',
  'HAS_PREREQUISITE',
  'REQUIREMENT_DESCRIPTION_FOR',
  'SPECIFICATION_FOR',
  'OTHER',
];

const str = { type: 'string' };
const annotation = {
  type: 'object',
  required: ['annotationDate', 'annotationType', 'annotator', 'comment'],
  additionalProperties: false,
  properties: {
    annotationDate: { type: 'string', pattern: DATE },
    annotationType: { enum: ['OTHER', 'REVIEW'] },
    annotator: { type: 'string', pattern: AGENT },
    comment: str,
  },
};
const checksum = {
  type: 'object',
  required: ['algorithm', 'checksumValue'],
  additionalProperties: false,
  properties: { algorithm: { enum: ALGORITHMS }, checksumValue: { type: 'string', pattern: '^[0-9a-f]+$' } },
};
const agentOrNoAssertion = { type: 'string', pattern: '^(NOASSERTION|(Person|Organization): .+)$' };

/** Clause 7: Package information. */
const pkg = {
  type: 'object',
  required: ['SPDXID', 'name', 'downloadLocation'],
  additionalProperties: false,
  properties: {
    SPDXID: { type: 'string', pattern: SPDX_REF },
    name: { type: 'string', minLength: 1 },
    versionInfo: str,
    packageFileName: str,
    supplier: agentOrNoAssertion,
    originator: agentOrNoAssertion,
    downloadLocation: {
      anyOf: [{ enum: ['NONE', 'NOASSERTION'] }, { type: 'string', pattern: '^[a-z][a-z0-9+.-]*[:+]\\S+$' }],
    },
    filesAnalyzed: { type: 'boolean' },
    packageVerificationCode: {
      type: 'object',
      required: ['packageVerificationCodeValue'],
      additionalProperties: false,
      properties: {
        packageVerificationCodeValue: str,
        packageVerificationCodeExcludedFiles: { type: 'array', items: str },
      },
    },
    checksums: { type: 'array', items: checksum },
    homepage: str,
    sourceInfo: str,
    licenseConcluded: str,
    licenseInfoFromFiles: { type: 'array', items: str },
    licenseDeclared: str,
    licenseComments: str,
    copyrightText: str,
    summary: str,
    description: str,
    comment: str,
    externalRefs: {
      type: 'array',
      items: {
        type: 'object',
        required: ['referenceCategory', 'referenceType', 'referenceLocator'],
        additionalProperties: false,
        properties: {
          referenceCategory: { enum: ['SECURITY', 'PACKAGE-MANAGER', 'PERSISTENT-ID', 'OTHER'] },
          referenceType: { type: 'string', minLength: 1 },
          referenceLocator: { type: 'string', pattern: '^\\S+$' },
          comment: str,
        },
      },
    },
    attributionTexts: { type: 'array', items: str },
    primaryPackagePurpose: {
      enum: [
        'APPLICATION',
        'FRAMEWORK',
        'LIBRARY',
        'CONTAINER',
        'OPERATING-SYSTEM',
        'DEVICE',
        'FIRMWARE',
        'SOURCE',
        'ARCHIVE',
        'FILE',
        'INSTALL',
        'OTHER',
      ],
    },
    releaseDate: { type: 'string', pattern: DATE },
    builtDate: { type: 'string', pattern: DATE },
    validUntilDate: { type: 'string', pattern: DATE },
    annotations: { type: 'array', items: annotation },
    hasFiles: { type: 'array', items: str },
  },
};

/** Clause 6: Document creation information, plus the element arrays this checker covers. */
export const SPDX23_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  required: ['spdxVersion', 'dataLicense', 'SPDXID', 'name', 'documentNamespace', 'creationInfo'],
  additionalProperties: false,
  properties: {
    $schema: str,
    spdxVersion: { const: 'SPDX-2.3' },
    dataLicense: { const: 'CC0-1.0' },
    SPDXID: { const: 'SPDXRef-DOCUMENT' },
    name: { type: 'string', minLength: 1 },
    documentNamespace: { type: 'string', format: 'uri', pattern: '^[^#]+$' },
    externalDocumentRefs: {
      type: 'array',
      items: {
        type: 'object',
        required: ['externalDocumentId', 'spdxDocument', 'checksum'],
        additionalProperties: false,
        properties: {
          externalDocumentId: { type: 'string', pattern: '^DocumentRef-[A-Za-z0-9.-]+$' },
          spdxDocument: { type: 'string', format: 'uri' },
          checksum,
        },
      },
    },
    creationInfo: {
      type: 'object',
      required: ['created', 'creators'],
      additionalProperties: false,
      properties: {
        created: { type: 'string', pattern: DATE },
        creators: { type: 'array', minItems: 1, items: { type: 'string', pattern: AGENT } },
        licenseListVersion: { type: 'string', pattern: '^\\d+\\.\\d+$' },
        comment: str,
      },
    },
    comment: str,
    documentDescribes: { type: 'array', items: str },
    packages: { type: 'array', items: pkg },
    files: { type: 'array' },
    snippets: { type: 'array' },
    hasExtractedLicensingInfos: {
      type: 'array',
      items: {
        type: 'object',
        required: ['licenseId', 'extractedText'],
        additionalProperties: false,
        properties: {
          licenseId: { type: 'string', pattern: '^LicenseRef-[A-Za-z0-9.-]+$' },
          extractedText: { type: 'string', minLength: 1 },
          name: str,
          comment: str,
          seeAlsos: { type: 'array', items: str },
        },
      },
    },
    relationships: {
      type: 'array',
      items: {
        type: 'object',
        required: ['spdxElementId', 'relationshipType', 'relatedSpdxElement'],
        additionalProperties: false,
        properties: {
          spdxElementId: {
            type: 'string',
            pattern: '^(SPDXRef-[A-Za-z0-9.-]+|DocumentRef-[A-Za-z0-9.-]+:SPDXRef-[A-Za-z0-9.-]+)$',
          },
          relatedSpdxElement: {
            type: 'string',
            pattern:
              '^(SPDXRef-[A-Za-z0-9.-]+|DocumentRef-[A-Za-z0-9.-]+:SPDXRef-[A-Za-z0-9.-]+|NONE|NOASSERTION)$',
          },
          relationshipType: { enum: RELATIONSHIP_TYPES },
          comment: str,
        },
      },
    },
    annotations: { type: 'array', items: annotation },
  },
};

const ajv = new Ajv({ allErrors: true, strict: true });
// ajv-formats is CommonJS with a default export.
const addFormats = addFormatsModule as unknown as (a: Ajv) => Ajv;
addFormats(ajv);
const validateSchema = ajv.compile(SPDX23_SCHEMA);

interface Doc {
  SPDXID: string;
  packages?: {
    SPDXID: string;
    licenseConcluded?: string;
    licenseDeclared?: string;
    filesAnalyzed?: boolean;
    packageVerificationCode?: unknown;
    externalRefs?: { referenceCategory: string; referenceType: string; referenceLocator: string }[];
  }[];
  relationships?: { spdxElementId: string; relationshipType: string; relatedSpdxElement: string }[];
  hasExtractedLicensingInfos?: { licenseId: string }[];
}

function licenseRefs(node: ReturnType<typeof parseSpdx>, out: string[]): void {
  if ('license' in node) out.push(node.license);
  else {
    licenseRefs(node.left, out);
    licenseRefs(node.right, out);
  }
}

/** Every violation found (empty = conforms). */
export function spdx23Errors(doc: unknown): string[] {
  if (!validateSchema(doc))
    return (validateSchema.errors ?? []).map(
      (e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`,
    );
  const d = doc as unknown as Doc;
  const errors: string[] = [];
  const ids = new Set<string>([d.SPDXID]);
  for (const p of d.packages ?? []) {
    if (ids.has(p.SPDXID)) errors.push(`duplicate SPDXID ${p.SPDXID}`);
    ids.add(p.SPDXID);
    if (p.filesAnalyzed === false && p.packageVerificationCode)
      errors.push(`${p.SPDXID}: verification code without files`);
    for (const r of p.externalRefs ?? []) {
      if (r.referenceType === 'purl') {
        if (r.referenceCategory !== 'PACKAGE-MANAGER')
          errors.push(`${p.SPDXID}: purl must be PACKAGE-MANAGER`);
        try {
          PackageURL.fromString(r.referenceLocator);
        } catch (e) {
          errors.push(`${p.SPDXID}: purl ${r.referenceLocator}: ${(e as Error).message}`);
        }
      }
    }
  }
  const defined = new Set((d.hasExtractedLicensingInfos ?? []).map((x) => x.licenseId));
  for (const p of d.packages ?? []) {
    for (const field of ['licenseConcluded', 'licenseDeclared'] as const) {
      const v = p[field];
      if (v === undefined || v === 'NONE' || v === 'NOASSERTION') continue;
      try {
        const used: string[] = [];
        licenseRefs(parseSpdx(v), used);
        for (const u of used)
          if (u.startsWith('LicenseRef-') && !defined.has(u))
            errors.push(`${p.SPDXID}: ${u} is not in hasExtractedLicensingInfos`);
      } catch (e) {
        errors.push(
          `${p.SPDXID}: ${field} "${v}" is not an SPDX license expression: ${(e as Error).message}`,
        );
      }
    }
  }
  const rels = d.relationships ?? [];
  for (const r of rels) {
    for (const id of [r.spdxElementId, r.relatedSpdxElement]) {
      if (!ids.has(id) && !id.startsWith('DocumentRef-') && id !== 'NONE' && id !== 'NOASSERTION')
        errors.push(`relationship to unknown element ${id}`);
    }
  }
  if (!rels.some((r) => r.spdxElementId === d.SPDXID && r.relationshipType === 'DESCRIBES'))
    errors.push('the document DESCRIBES nothing (clause 11)');
  return errors;
}
