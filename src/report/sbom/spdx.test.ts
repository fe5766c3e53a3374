import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { spdx23Errors } from '../../../test/support/spdx23.js';
import { emptyReport, type Package, type Report } from '../../core/model.js';
import { TOOL_VERSION } from '../tool.js';
import { buildSpdx, renderSpdxJson, type SpdxDocument } from './spdx.js';
import { sampleReport } from './testing/sample-report.js';

const purlOf = (p: SpdxDocument['packages'][number]): string | undefined =>
  p.externalRefs?.find((r) => r.referenceType === 'purl')?.referenceLocator;

describe('SPDX 2.3 writer', () => {
  it('conforms to SPDX 2.3 (schema from the spec + reference checks)', () => {
    expect(spdx23Errors(buildSpdx(sampleReport()))).toEqual([]);
  });

  it('the conformance check rejects what the spec forbids', () => {
    const bad = structuredClone(buildSpdx(sampleReport())) as unknown as Record<string, unknown> &
      SpdxDocument;
    expect(spdx23Errors({ ...bad, spdxVersion: 'SPDX-2.2' })).not.toEqual([]);
    expect(spdx23Errors({ ...bad, documentNamespace: 'https://x/y#z' })).not.toEqual([]);
    expect(
      spdx23Errors({ ...bad, creationInfo: { ...bad.creationInfo, created: '2026-01-02T03:04:05.678Z' } }),
    ).not.toEqual([]);
    expect(spdx23Errors({ ...bad, relationships: bad.relationships.slice(1) })).toEqual([
      'the document DESCRIBES nothing (clause 11)',
    ]);
    const pkgs = structuredClone(bad.packages);
    pkgs[2]!.licenseDeclared = 'LicenseRef-undefined';
    expect(spdx23Errors({ ...bad, packages: pkgs })[0]).toMatch(/not in hasExtractedLicensingInfos/);
    pkgs[2]!.licenseDeclared = 'MIT BSD';
    expect(spdx23Errors({ ...bad, packages: pkgs })[0]).toMatch(/not an SPDX license expression/);
    expect(spdx23Errors({ ...bad, packages: [...bad.packages, bad.packages[1]] })[0]).toMatch(
      /duplicate SPDXID/,
    );
  });

  it('document header: version, licence, namespace, creators with the tool, scan time', () => {
    const doc = buildSpdx(sampleReport());
    expect(doc).toMatchObject({
      spdxVersion: 'SPDX-2.3',
      dataLicense: 'CC0-1.0',
      SPDXID: 'SPDXRef-DOCUMENT',
      name: 'registry.example.com/team/app:1.0',
      creationInfo: { created: '2026-01-02T03:04:05Z' },
    });
    expect(doc.creationInfo.creators).toEqual(['Organization: Bulwark', `Tool: bulwark-${TOOL_VERSION}`]);
    expect(doc.documentNamespace).toMatch(
      /^https:\/\/spdx\.org\/spdxdocs\/bulwark\/registry\/registry\.example\.com-team-app-1\.0-[0-9a-f-]{36}$/,
    );
  });

  it('one package per report package, plus image and OS; purls, versions, relationships', () => {
    const report = sampleReport();
    const doc = buildSpdx(report);
    const libs = doc.packages.filter((p) => p.primaryPackagePurpose === 'LIBRARY');
    expect(libs).toHaveLength(report.packages.length);
    expect(libs.map((p) => `${p.name}@${p.versionInfo} ${purlOf(p)}`).sort()).toEqual(
      report.packages.map((p) => `${p.name}@${p.version} ${p.purl}`).sort(),
    );
    expect(libs.every((p) => p.downloadLocation === 'NOASSERTION' && p.filesAnalyzed === false)).toBe(true);
    const image = doc.packages.find((p) => p.primaryPackagePurpose === 'CONTAINER')!;
    expect(image.checksums).toEqual([{ algorithm: 'SHA256', checksumValue: 'a'.repeat(64) }]);
    expect(purlOf(image)).toMatch(/^pkg:oci\/app@sha256:a{64}\?arch=amd64&repository_url=/);
    const os = doc.packages.find((p) => p.primaryPackagePurpose === 'OPERATING-SYSTEM')!;
    expect(os).toMatchObject({ name: 'alpine', versionInfo: '3.10.2', description: 'Alpine Linux v3.10' });
    expect(doc.relationships[0]).toEqual({
      spdxElementId: 'SPDXRef-DOCUMENT',
      relationshipType: 'DESCRIBES',
      relatedSpdxElement: image.SPDXID,
    });
    const contains = (parent: string): string[] =>
      doc.relationships
        .filter((r) => r.spdxElementId === parent && r.relationshipType === 'CONTAINS')
        .map((r) => doc.packages.find((p) => p.SPDXID === r.relatedSpdxElement)!.name)
        .sort();
    expect(contains(image.SPDXID)).toEqual(['alpine', 'lodash', 'lodash', 'requests']);
    expect(contains(os.SPDXID)).toEqual(['busybox', 'libssl1.1', 'musl', 'zlib']);
  });

  it('licences: ids and expressions as is, other text as defined LicenseRefs; source and layer kept', () => {
    const doc = buildSpdx(sampleReport());
    const byName = (n: string) => doc.packages.find((p) => p.name === n)!;
    expect(byName('musl').licenseDeclared).toBe('MIT');
    expect(byName('zlib').licenseDeclared).toBe('Zlib OR MIT');
    expect(byName('busybox').licenseDeclared).toMatch(
      /^MIT AND LicenseRef-BSD-[0-9a-f]{8} AND GPL-2.0-or-later$/,
    );
    expect(doc.hasExtractedLicensingInfos!.map((x) => x.extractedText).sort()).toEqual([
      'Apache 2.0 "quoted" & <odd>',
      'BSD',
    ]);
    expect(byName('lodash').licenseConcluded).toBe('NOASSERTION');
    expect(byName('libssl1.1').sourceInfo).toBe('built package from: openssl 1.1.1c-r0');
    expect(byName('libssl1.1').annotations!.map((a) => a.comment)).toContain(
      `bulwark:layer: sha256:${'1'.repeat(64)}`,
    );
  });

  it('is deterministic: same report → same bytes; another time → another namespace', () => {
    const a = renderSpdxJson(sampleReport());
    const shuffled = sampleReport();
    shuffled.packages.reverse();
    expect(renderSpdxJson(shuffled)).toBe(a);
    const later = sampleReport();
    later.createdAt = '2027-01-01T00:00:00Z';
    expect(buildSpdx(later).documentNamespace).not.toBe((JSON.parse(a) as SpdxDocument).documentNamespace);
  });

  it('any package strings still give a conforming document (property)', () => {
    const pkg = fc.record({
      name: fc.string({ minLength: 1, maxLength: 30 }),
      version: fc.string({ maxLength: 20 }),
      licenses: fc.option(
        fc.array(
          fc.oneof(
            fc.string({ maxLength: 30 }),
            fc.constantFrom('MIT', 'GPL2+ Foo', 'MIT OR Apache-2.0', '__proto__'),
          ),
        ),
        { nil: undefined },
      ),
      path: fc.option(fc.constantFrom('a', 'b'), { nil: undefined }),
      vendor: fc.option(fc.string({ minLength: 1, maxLength: 10 }), { nil: undefined }),
    });
    fc.assert(
      fc.property(
        fc.array(pkg, { maxLength: 8 }),
        fc.string({ minLength: 1, maxLength: 40 }),
        (pkgs, name) => {
          const packages: Package[] = pkgs.map((p) => ({
            ...p,
            type: 'deb',
            purl: `pkg:deb/debian/${encodeURIComponent(p.name)}@${encodeURIComponent(p.version)}`,
          }));
          const report: Report = {
            ...emptyReport({ name, kind: 'rootfs' }),
            os: { family: 'debian', version: '12' },
            packages,
          };
          const doc = buildSpdx(report, { now: new Date(0) });
          expect(spdx23Errors(doc)).toEqual([]);
          expect(doc.packages).toHaveLength(packages.length + 2);
        },
      ),
      { numRuns: 200 },
    );
  });
});
