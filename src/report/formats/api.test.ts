/* eslint-disable no-control-regex -- asserting on ANSI escapes */
import { readdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { emptyReport, type Report } from '../../core/model.js';
import { formatChoices, formats, getFormat } from './api.js';

const sample: Report = {
  ...emptyReport({ name: 'alpine:3.10', kind: 'docker-archive', digest: 'sha256:abc' }),
  os: { family: 'alpine', version: '3.10.2' },
  packages: [
    { name: 'musl', version: '1.1.22-r3', type: 'apk', purl: 'pkg:apk/alpine/musl@1.1.22-r3' },
    { name: 'openssl', version: '1.1.1c-r0', type: 'apk', purl: 'pkg:apk/alpine/openssl@1.1.1c-r0' },
  ],
  vulnerabilities: [
    {
      id: 'CVE-2019-1549',
      aliases: [],
      package: 'openssl',
      version: '1.1.1c-r0',
      type: 'apk',
      purl: 'pkg:apk/alpine/openssl@1.1.1c-r0',
      fixedVersion: '1.1.1d-r0',
      status: 'fixed',
      severity: 'MEDIUM',
      title: 'openssl: information disclosure in fork()',
    },
    {
      id: 'CVE-2019-1563',
      aliases: [],
      package: 'openssl',
      version: '1.1.1c-r0',
      type: 'apk',
      purl: 'pkg:apk/alpine/openssl@1.1.1c-r0',
      fixedVersion: null,
      status: 'affected',
      severity: 'HIGH',
    },
  ],
};

describe('report formats', () => {
  it('registry lists exactly the format files', () => {
    const dir = dirname(fileURLToPath(import.meta.url));
    const files = readdirSync(dir)
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !['api.ts', 'types.ts'].includes(f))
      .map((f) => f.replace(/\.ts$/, ''))
      .sort();
    expect(Object.keys(formats).sort()).toEqual(files);
    for (const [id, f] of Object.entries(formats)) expect(f.id).toBe(id);
  });

  it('json round-trips the report', () => {
    expect(JSON.parse(formats.json!.render(sample, { color: false }) as string)).toEqual(sample);
  });

  it('table groups findings by package, worst first, with fixed versions, readable without colour', () => {
    const text = formats.table!.render(sample, { color: false }) as string;
    expect(text).not.toMatch(/\u001b\[/);
    expect(text).toContain('alpine:3.10 (alpine 3.10.2)');
    expect(text).toContain('Packages: 2 (2 apk)');
    expect(text).toContain('Total: 2 (CRITICAL: 0, HIGH: 1, MEDIUM: 1, LOW: 0, UNKNOWN: 0)');
    const rows = text.split('\n').filter((l) => l.includes('CVE-'));
    expect(rows).toHaveLength(2);
    // Package name printed once per group, HIGH before MEDIUM.
    expect(rows[0]).toMatch(/^openssl\s+1\.1\.1c-r0\s+CVE-2019-1563\s+HIGH\s+affected\s+\(no fix\)/);
    expect(rows[1]).toMatch(/^\s+CVE-2019-1549\s+MEDIUM\s+fixed\s+1\.1\.1d-r0/);
  });

  it('table colours severities when asked', () => {
    expect(formats.table!.render(sample, { color: true }) as string).toMatch(/\u001b\[31mHIGH/);
  });

  it.each([
    ['cyclonedx', '1.6'],
    ['cyclonedx@1.5', '1.5'],
    ['cyclonedx@1.7', '1.7'],
  ])('getFormat(%s) renders CycloneDX %s', async (spec, version) => {
    const text = await getFormat(spec)!.render(sample, { color: false, now: new Date(0) });
    expect(JSON.parse(text)).toMatchObject({ bomFormat: 'CycloneDX', specVersion: version });
  });

  it.each(['cyclonedx@1.2', 'json@1', 'nope', 'spdx-json@2.2', 'toString'])(
    'getFormat(%s) is undefined',
    (spec) => {
      expect(getFormat(spec)).toBeUndefined();
    },
  );

  it('spdx-json and cosign-vuln render their documents', async () => {
    const spdx = JSON.parse(
      await formats['spdx-json']!.render(sample, { color: false, now: new Date(0) }),
    ) as {
      spdxVersion: string;
      packages: unknown[];
    };
    expect(spdx.spdxVersion).toBe('SPDX-2.3');
    expect(spdx.packages).toHaveLength(4);
    const vuln = JSON.parse(
      await formats['cosign-vuln']!.render(sample, { color: false, now: new Date(0) }),
    ) as {
      scanner: { result: unknown };
      metadata: { scanFinishedOn: string };
    };
    expect(vuln.scanner.result).toEqual(sample);
    expect(vuln.metadata.scanFinishedOn).toBe('1970-01-01T00:00:00Z');
  });

  it('formatChoices names the versioned forms', () => {
    expect(formatChoices()).toContain('cyclonedx[@1.6|1.5|1.7]');
    expect(formatChoices()).toContain('spdx-json');
  });
});
