import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cycloneDxErrors } from '../../../test/support/cyclonedx.js';
import { emptyReport, type Package, type Report } from '../../core/model.js';
import { CYCLONEDX_VERSIONS, renderCycloneDx } from './cyclonedx.js';
import { sampleReport } from './testing/sample-report.js';

interface Component {
  type: string;
  name: string;
  version?: string;
  purl?: string;
  'bom-ref': string;
  hashes?: { alg: string; content: string }[];
  licenses?: ({ license: { id?: string; name?: string } } | { expression: string })[];
  properties?: { name: string; value: string }[];
}
interface Bom {
  specVersion: string;
  serialNumber: string;
  metadata: { timestamp: string; tools: { components: Component[] }; component: Component };
  components: Component[];
  dependencies: { ref: string; dependsOn?: string[] }[];
  vulnerabilities?: {
    'bom-ref': string;
    id: string;
    ratings: { severity?: string; method?: string; score?: number; vector?: string }[];
    recommendation: string;
    analysis: { state: string; response?: string[]; detail: string };
    affects: { ref: string; versions: { version: string; status: string }[] }[];
    references?: { id: string; source: { name: string } }[];
    advisories?: { url: string }[];
    properties: { name: string; value: string }[];
  }[];
}

const parse = (t: string): Bom => JSON.parse(t) as Bom;
const prop = (c: { properties?: { name: string; value: string }[] }, n: string): string[] =>
  (c.properties ?? []).filter((p) => p.name === n).map((p) => p.value);

describe('CycloneDX writer', () => {
  it.each(CYCLONEDX_VERSIONS)('CycloneDX %s validates against the official JSON schema', async (v) => {
    const text = renderCycloneDx(sampleReport(), { specVersion: v });
    expect(parse(text).specVersion).toBe(v);
    expect(await cycloneDxErrors(text)).toEqual([]);
  });

  it('the image is metadata.component: container, oci purl, digest as SHA-256 hash, layers and tags', () => {
    const bom = parse(renderCycloneDx(sampleReport()));
    const img = bom.metadata.component;
    expect(img.type).toBe('container');
    expect(img.name).toBe('registry.example.com/team/app:1.0');
    expect(img.purl).toBe(
      `pkg:oci/app@sha256:${'a'.repeat(64)}?arch=amd64&repository_url=registry.example.com%2Fteam%2Fapp`,
    );
    expect(img['bom-ref']).toBe(img.purl);
    expect(img.hashes).toEqual([{ alg: 'SHA-256', content: 'a'.repeat(64) }]);
    expect(prop(img, 'bulwark:image:diff_id')).toEqual([
      `sha256:${'1'.repeat(64)}`,
      `sha256:${'2'.repeat(64)}`,
    ]);
    expect(prop(img, 'bulwark:image:repo_tag')).toEqual(['registry.example.com/team/app:1.0']);
    expect(bom.metadata.tools.components[0]).toMatchObject({ type: 'application', name: 'bulwark' });
    expect(bom.metadata.timestamp).toBe('2026-01-02T03:04:05.000Z');
  });

  it('one component per package plus the OS; purls and versions as in the report; unique refs', () => {
    const report = sampleReport();
    const bom = parse(renderCycloneDx(report));
    const os = bom.components.filter((c) => c.type === 'operating-system');
    expect(os).toEqual([
      expect.objectContaining({ name: 'alpine', version: '3.10.2', 'bom-ref': 'os:alpine@3.10.2' }),
    ]);
    const libs = bom.components.filter((c) => c.type === 'library');
    expect(libs).toHaveLength(report.packages.length);
    expect(libs.map((c) => `${c.name}@${c.version} ${c.purl}`).sort()).toEqual(
      report.packages.map((p) => `${p.name}@${p.version} ${p.purl}`).sort(),
    );
    expect(new Set(libs.map((c) => c['bom-ref'])).size).toBe(libs.length);
    // The duplicated npm purl keeps the purl and gets distinct refs by path.
    expect(libs.filter((c) => c.purl === 'pkg:npm/lodash@4.17.20').map((c) => c['bom-ref'])).toEqual([
      'pkg:npm/lodash@4.17.20',
      'pkg:npm/lodash@4.17.20|app/other/node_modules/lodash/package.json',
    ]);
  });

  it('packages carry layer, source and path properties', () => {
    const bom = parse(renderCycloneDx(sampleReport()));
    const ssl = bom.components.find((c) => c.name === 'libssl1.1')!;
    expect(prop(ssl, 'bulwark:layer')).toEqual([`sha256:${'1'.repeat(64)}`]);
    expect(prop(ssl, 'bulwark:package:source:name')).toEqual(['openssl']);
    expect(prop(ssl, 'bulwark:package:source:version')).toEqual(['1.1.1c-r0']);
    expect(prop(ssl, 'bulwark:package:path')).toEqual(['lib/apk/db/installed']);
  });

  it.each([
    ['musl', [{ license: { id: 'MIT' } }]],
    ['libssl1.1', [{ license: { id: 'OpenSSL' } }]],
    [
      'busybox',
      [{ license: { id: 'MIT' } }, { license: { name: 'BSD' } }, { license: { id: 'GPL-2.0-or-later' } }],
    ],
    ['zlib', [{ expression: 'Zlib OR MIT' }]],
    ['requests', [{ license: { name: 'Apache 2.0 "quoted" & <odd>' } }]],
  ])('licences of %s', (name, want) => {
    const bom = parse(renderCycloneDx(sampleReport()));
    expect(bom.components.find((c) => c.name === name)!.licenses).toEqual(want);
  });

  it('dependencies: image → OS and language packages, OS → its packages', () => {
    const bom = parse(renderCycloneDx(sampleReport()));
    const deps = new Map(bom.dependencies.map((d) => [d.ref, d.dependsOn ?? []]));
    const img = bom.metadata.component['bom-ref'];
    expect(deps.get(img)).toEqual([
      'os:alpine@3.10.2',
      'pkg:npm/lodash@4.17.20',
      'pkg:npm/lodash@4.17.20|app/other/node_modules/lodash/package.json',
      'pkg:pypi/requests@2.19.0',
    ]);
    expect(deps.get('os:alpine@3.10.2')).toHaveLength(4);
    expect(deps.get('os:alpine@3.10.2')!.every((r) => r.startsWith('pkg:apk/'))).toBe(true);
  });

  it('vulnerabilities: one per finding with ratings, affects, fix advice and analysis', () => {
    const report = sampleReport();
    const bom = parse(renderCycloneDx(report));
    expect(bom.vulnerabilities).toHaveLength(report.vulnerabilities.length);
    const byId = new Map(bom.vulnerabilities!.map((v) => [v.id, v]));
    const fixed = byId.get('CVE-2019-1549')!;
    expect(fixed.ratings).toEqual([
      { source: { name: 'alpine' }, severity: 'medium' },
      {
        source: { name: 'alpine' },
        method: 'CVSSv31',
        score: 3.7,
        vector: 'CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:L/I:N/A:N',
      },
    ]);
    expect(fixed.recommendation).toBe('Upgrade libssl1.1 to 1.1.1d-r0');
    expect(fixed.analysis).toEqual({
      state: 'in_triage',
      response: ['update'],
      detail: 'libssl1.1 1.1.1c-r0 is affected; fixed in 1.1.1d-r0',
    });
    expect(fixed.affects).toEqual([
      {
        ref: 'pkg:apk/alpine/libssl1.1@1.1.1c-r0?arch=x86_64&distro=alpine-3.10.2',
        versions: [
          { version: '1.1.1c-r0', status: 'affected' },
          { version: '1.1.1d-r0', status: 'unaffected' },
        ],
      },
    ]);
    expect(fixed.references).toEqual([
      {
        id: 'GHSA-xxxx-yyyy-zzzz',
        source: { name: 'GitHub', url: 'https://github.com/advisories/GHSA-xxxx-yyyy-zzzz' },
      },
    ]);
    expect(fixed.advisories).toEqual([{ url: 'https://www.openssl.org/news/secadv/20190910.txt' }]);
    expect(byId.get('CVE-2019-1563')!.analysis.response).toEqual(['can_not_fix']);
    expect(byId.get('CVE-2019-1563')!.ratings[0]!.severity).toBe('high');
    expect(byId.get('CVE-2020-0001')!.analysis.response).toEqual(['will_not_fix']);
    expect(byId.get('CVE-2020-0002')!.ratings[0]!.severity).toBe('critical');
    expect(byId.get('PYSEC-2018-28')!.analysis.response).toBeUndefined();
    expect(byId.get('GHSA-p6mc-m468-83gw')!.ratings.map((r) => r.method)).toEqual([
      undefined,
      'CVSSv4',
      'CVSSv2',
    ]);
    // The npm finding affects both copies of lodash.
    expect(byId.get('GHSA-p6mc-m468-83gw')!.affects.map((a) => a.ref)).toHaveLength(2);
    for (const v of bom.vulnerabilities!) expect(prop(v, 'bulwark:vulnerability:status')).toHaveLength(1);
  });

  it('is deterministic: same report → same bytes; another time → another serial number', () => {
    const a = renderCycloneDx(sampleReport());
    expect(renderCycloneDx(sampleReport())).toBe(a);
    // Package order in the report does not matter.
    const shuffled = sampleReport();
    shuffled.packages.reverse();
    shuffled.vulnerabilities.reverse();
    expect(renderCycloneDx(shuffled)).toBe(a);
    expect(parse(a).serialNumber).toMatch(
      /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    const later = sampleReport();
    later.createdAt = '2026-01-02T03:04:06Z';
    expect(parse(renderCycloneDx(later)).serialNumber).not.toBe(parse(a).serialNumber);
  });

  it('a report without createdAt uses the given time', () => {
    const r = sampleReport();
    delete r.createdAt;
    expect(parse(renderCycloneDx(r, { now: new Date(86_400_000) })).metadata.timestamp).toBe(
      '1970-01-02T00:00:00.000Z',
    );
  });

  it('a local image without OS: no purl, packages hang off the image, still valid', async () => {
    const r: Report = {
      ...emptyReport({ name: './app.tar', kind: 'docker-archive', digest: `sha256:${'e'.repeat(64)}` }),
      packages: [{ name: 'left-pad', version: '1.3.0', type: 'npm', purl: 'pkg:npm/left-pad@1.3.0' }],
    };
    const text = renderCycloneDx(r, { now: new Date(0) });
    const bom = parse(text);
    expect(bom.metadata.component.purl).toBeUndefined();
    expect(bom.metadata.component['bom-ref']).toBe(`image:sha256:${'e'.repeat(64)}`);
    expect(bom.dependencies.find((d) => d.ref === bom.metadata.component['bom-ref'])!.dependsOn).toEqual([
      'pkg:npm/left-pad@1.3.0',
    ]);
    expect(await cycloneDxErrors(text)).toEqual([]);
  });

  it('any package strings still give a schema-valid, unique-ref BOM (property)', async () => {
    const pkg = fc.record({
      name: fc.string({ minLength: 1, maxLength: 30 }),
      version: fc.string({ maxLength: 20 }),
      licenses: fc.option(
        fc.array(
          fc.oneof(
            fc.string({ maxLength: 30 }),
            fc.constantFrom('MIT', 'GPL2+', 'MIT OR Apache-2.0', 'Zlib and MIT', '__proto__', 'constructor'),
          ),
        ),
        { nil: undefined },
      ),
      path: fc.option(fc.constantFrom('a', 'b', 'c/d'), { nil: undefined }),
      layer: fc.option(fc.string({ maxLength: 10 }), { nil: undefined }),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(pkg, { maxLength: 8 }), fc.boolean(), async (pkgs, withOs) => {
        const packages: Package[] = pkgs.map((p) => ({
          ...p,
          type: 'npm',
          purl: `pkg:npm/${encodeURIComponent(p.name)}@${encodeURIComponent(p.version)}`,
        }));
        const report: Report = {
          ...emptyReport({ name: 'x', kind: 'oci-layout' }),
          os: withOs ? { family: 'debian', version: '12' } : null,
          packages,
          vulnerabilities: packages.slice(0, 2).map((p) => ({
            id: 'CVE-2024-0001',
            aliases: [],
            package: p.name,
            version: p.version,
            type: 'npm',
            purl: p.purl,
            fixedVersion: null,
            status: 'affected',
            severity: 'LOW',
          })),
        };
        const text = renderCycloneDx(report, { now: new Date(0) });
        expect(await cycloneDxErrors(text)).toEqual([]);
        expect(parse(text).components.filter((c) => c.type === 'library')).toHaveLength(packages.length);
      }),
      { numRuns: 100 },
    );
  });
});
