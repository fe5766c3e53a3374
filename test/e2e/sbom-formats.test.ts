// SBOM and attestation output of real scans, as a user runs them: `bulwark image --format
// cyclonedx|spdx-json|cosign-vuln` on the fixture images through the built CLI, checked against the
// official CycloneDX JSON schemas, the SPDX 2.3 conformance check, and the JSON report of the same scan.
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/core/model.js';
import { cli } from '../support/cli.js';
import { cycloneDxErrors } from '../support/cyclonedx.js';
import { describeWithFixtures, fixture } from '../support/fixtures.js';
import { spdx23Errors } from '../support/spdx23.js';

const tmp = mkdtempSync(join(tmpdir(), 'bulwark-e2e-sbom-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const EPOCH = '1767225600'; // 2026-01-01T00:00:00Z
const env = {
  BULWARK_CACHE_DIR: join(tmp, 'cache'),
  BULWARK_DB: join(tmp, 'empty.sqlite'),
  SOURCE_DATE_EPOCH: EPOCH,
};

function scan(target: string, format: string, extra: string[] = []): string {
  const r = cli(['image', target, '--offline', '--format', format, ...extra], { env });
  expect(r.stderr).not.toMatch(/\n\s+at /);
  expect(r.status, r.stderr).toBe(0);
  return r.stdout;
}

interface CdxComponent {
  type: string;
  name: string;
  version?: string;
  purl?: string;
  'bom-ref': string;
  properties?: { name: string; value: string }[];
}
interface Cdx {
  metadata: { timestamp: string; component: CdxComponent };
  components: CdxComponent[];
  vulnerabilities?: {
    id: string;
    recommendation: string;
    ratings: { severity?: string }[];
    affects: { ref: string; versions: { version: string; status: string }[] }[];
  }[];
}
interface Spdx {
  creationInfo: { created: string };
  packages: {
    SPDXID: string;
    name: string;
    versionInfo?: string;
    primaryPackagePurpose: string;
    externalRefs?: { referenceLocator: string }[];
  }[];
  relationships: { spdxElementId: string; relationshipType: string; relatedSpdxElement: string }[];
}

const ALPINE = (): string => fixture('images', 'alpine-310.tar.gz');
const libs = (bom: Cdx): CdxComponent[] => bom.components.filter((c) => c.type === 'library');

describeWithFixtures('SBOM formats of the alpine fixture image', ['images/alpine-310.tar.gz'], () => {
  let report: Report;
  let cdxText: string;
  let spdxText: string;

  beforeAll(() => {
    report = JSON.parse(scan(ALPINE(), 'json')) as Report;
    cdxText = scan(ALPINE(), 'cyclonedx');
    spdxText = scan(ALPINE(), 'spdx-json');
  });

  it('the JSON report records the scan time (SOURCE_DATE_EPOCH)', () => {
    expect(report.createdAt).toBe('2026-01-01T00:00:00.000Z');
    expect(report.packages.length).toBeGreaterThan(10);
  });

  it.each(['cyclonedx', 'cyclonedx@1.5', 'cyclonedx@1.7'])(
    '%s validates against the official schema',
    async (f) => {
      const text = f === 'cyclonedx' ? cdxText : scan(ALPINE(), f);
      expect(await cycloneDxErrors(text)).toEqual([]);
    },
  );

  it('CycloneDX: one library per package with the same purls, the OS, the layer of each package', () => {
    const bom = JSON.parse(cdxText) as Cdx;
    expect(libs(bom)).toHaveLength(report.packages.length);
    expect(
      libs(bom)
        .map((c) => c.purl)
        .sort(),
    ).toEqual(report.packages.map((p) => p.purl).sort());
    expect(libs(bom).every((c) => c.purl!.startsWith('pkg:apk/alpine/'))).toBe(true);
    const os = bom.components.find((c) => c.type === 'operating-system')!;
    expect(`${os.name} ${os.version}`).toBe(`${report.os!.family} ${report.os!.version}`);
    for (const p of report.packages) {
      const c = libs(bom).find((x) => x.purl === p.purl)!;
      expect(c.properties?.find((x) => x.name === 'bulwark:layer')?.value).toBe(p.layer);
    }
    expect(bom.metadata.component).toMatchObject({ type: 'container', name: ALPINE() });
    expect(bom.metadata.timestamp).toBe('2026-01-01T00:00:00.000Z');
  });

  it('SPDX 2.3: conforms; one package per report package, contained by the OS', () => {
    const doc = JSON.parse(spdxText) as Spdx;
    expect(spdx23Errors(doc)).toEqual([]);
    const pkgs = doc.packages.filter((p) => p.primaryPackagePurpose === 'LIBRARY');
    expect(pkgs).toHaveLength(report.packages.length);
    expect(pkgs.map((p) => p.externalRefs![0]!.referenceLocator).sort()).toEqual(
      report.packages.map((p) => p.purl).sort(),
    );
    const os = doc.packages.find((p) => p.primaryPackagePurpose === 'OPERATING-SYSTEM')!;
    const inOs = doc.relationships.filter(
      (r) => r.spdxElementId === os.SPDXID && r.relationshipType === 'CONTAINS',
    );
    expect(inOs).toHaveLength(report.packages.length);
    expect(doc.creationInfo.created).toBe('2026-01-01T00:00:00Z');
  });

  it.each(['cyclonedx', 'spdx-json', 'cosign-vuln'])('%s: two runs give identical bytes', (f) => {
    expect(scan(ALPINE(), f, ['--no-cache'])).toBe(scan(ALPINE(), f));
  });

  it('cosign-vuln: the JSON report as scanner.result, the scan time as scanFinishedOn', () => {
    const p = JSON.parse(scan(ALPINE(), 'cosign-vuln')) as {
      scanner: { uri: string; result: Report };
      metadata: { scanFinishedOn: string };
    };
    // The same report, less the machine-local layer-cache figure.
    const { cacheHits, ...meta } = report.metadata!;
    expect(cacheHits).toBeDefined();
    expect(p.scanner.result).toEqual({ ...report, metadata: meta });
    expect(p.scanner.uri).toMatch(/^pkg:npm\/bulwark@\d/);
    expect(p.metadata.scanFinishedOn).toBe('2026-01-01T00:00:00Z');
  });

  it('an unknown format or version fails with a usage error before scanning', () => {
    for (const f of ['cyclonedx@1.2', 'spdx']) {
      const r = cli(['image', ALPINE(), '--offline', '--format', f], { env });
      expect(r.status).toBe(2);
      expect(r.stderr.trim()).toMatch(
        /^bulwark: unknown --format .*cyclonedx\[@1\.6\|1\.5\|1\.7\].*spdx-json/,
      );
    }
  });

  describe('with vulnerabilities from OSV records (real OSV schema through the DB)', () => {
    let db: string;
    let vulnReport: Report;
    let bom: Cdx;

    beforeAll(() => {
      const dir = join(tmp, 'osv');
      mkdirSync(dir, { recursive: true });
      const origin = (name: string): string => report.packages.find((p) => p.name === name)!.source!.name;
      const branch = `v${report.os!.version.split('.').slice(0, 2).join('.')}`;
      const records = [
        // Fixed in a later version: libssl and libcrypto (origin openssl) are affected.
        {
          id: 'ALPINE-CVE-2099-0101',
          aliases: ['CVE-2099-0101'],
          pkg: origin('libssl1.1'),
          events: [{ introduced: '0' }, { fixed: '99.0-r0' }],
          severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' }],
        },
        // No fix yet.
        {
          id: 'ALPINE-CVE-2099-0102',
          aliases: ['CVE-2099-0102'],
          pkg: origin('musl'),
          events: [{ introduced: '0' }],
        },
      ];
      records.forEach((r, i) =>
        writeFileSync(
          join(dir, `r${i}.json`),
          JSON.stringify({
            schema_version: '1.6.0',
            id: r.id,
            aliases: r.aliases,
            modified: '2026-11-01T00:00:00Z',
            published: '2026-10-01T00:00:00Z',
            summary: `${r.pkg} test advisory`,
            affected: [
              {
                package: { ecosystem: `Alpine:${branch}`, name: r.pkg },
                ranges: [{ type: 'ECOSYSTEM', events: r.events }],
              },
            ],
            ...(r.severity ? { severity: r.severity } : {}),
          }),
        ),
      );
      db = join(tmp, 'vulns.sqlite');
      const imp = cli(['db', 'import', dir, '--db', db]);
      expect(imp.status, imp.stderr).toBe(0);
      vulnReport = JSON.parse(scan(ALPINE(), 'json', ['--db', db])) as Report;
      bom = JSON.parse(scan(ALPINE(), 'cyclonedx', ['--db', db])) as Cdx;
    });

    it('the scan found them', () => {
      expect(vulnReport.vulnerabilities.length).toBeGreaterThanOrEqual(3);
      expect(new Set(vulnReport.vulnerabilities.map((v) => v.id))).toEqual(
        new Set(['CVE-2099-0101', 'CVE-2099-0102']),
      );
    });

    it('CycloneDX lists each finding against the component with its purl, with fix advice', async () => {
      expect(await cycloneDxErrors(JSON.stringify(bom))).toEqual([]);
      expect(bom.vulnerabilities).toHaveLength(vulnReport.vulnerabilities.length);
      const byRef = new Map(bom.components.map((c) => [c['bom-ref'], c]));
      for (const v of vulnReport.vulnerabilities) {
        const cv = bom.vulnerabilities!.find(
          (x) => x.id === v.id && x.affects.some((a) => byRef.get(a.ref)?.purl === v.purl),
        )!;
        expect(cv, `${v.id} ${v.purl}`).toBeDefined();
        expect(cv.ratings[0]!.severity).toBe(v.severity.toLowerCase());
        expect(cv.affects[0]!.versions[0]).toEqual({ version: v.version, status: 'affected' });
        expect(cv.recommendation).toBe(
          v.fixedVersion
            ? `Upgrade ${v.package} to ${v.fixedVersion}`
            : `No fixed version of ${v.package} yet`,
        );
      }
    });

    it('--severity filters the SBOM’s vulnerabilities, never its components', () => {
      const filtered = JSON.parse(scan(ALPINE(), 'cyclonedx', ['--db', db, '--severity', 'CRITICAL'])) as Cdx;
      expect(libs(filtered)).toHaveLength(report.packages.length);
      expect(filtered.vulnerabilities!.map((v) => v.id).sort()).toEqual(
        vulnReport.vulnerabilities
          .filter((v) => v.severity === 'CRITICAL')
          .map((v) => v.id)
          .sort(),
      );
    });
  });
});

describeWithFixtures('SBOM formats of every fixture image', ['images'], () => {
  const images = (): string[] =>
    readdirSync(fixture('images')).filter((f) => !f.startsWith('README') && f !== 'oci-index-layout');

  it('each image gives a valid CycloneDX and SPDX document', async () => {
    for (const img of images()) {
      const cdx = scan(fixture('images', img), 'cyclonedx');
      expect(await cycloneDxErrors(cdx), img).toEqual([]);
      expect(spdx23Errors(JSON.parse(scan(fixture('images', img), 'spdx-json'))), img).toEqual([]);
    }
  });
});
