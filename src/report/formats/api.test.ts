/* eslint-disable no-control-regex -- asserting on ANSI escapes */
import { readdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { emptyReport, type Report } from '../../core/model.js';
import { formats } from './api.js';

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
    expect(JSON.parse(formats.json!.render(sample, { color: false }))).toEqual(sample);
  });

  it('table groups findings by package, worst first, with fixed versions, readable without colour', () => {
    const text = formats.table!.render(sample, { color: false });
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
    expect(formats.table!.render(sample, { color: true })).toMatch(/\u001b\[31mHIGH/);
  });
});
