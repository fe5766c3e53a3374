import { describe, expect, it } from 'vitest';
import { emptyReport, type Report, type Vulnerability } from '../core/model.js';
import { filterReport, findingCount } from './filter.js';

function vuln(id: string, severity: Vulnerability['severity'], fixedVersion: string | null): Vulnerability {
  return {
    id,
    aliases: [],
    package: 'openssl',
    version: '1.0',
    type: 'deb',
    purl: 'pkg:deb/debian/openssl@1.0',
    fixedVersion,
    status: fixedVersion ? 'fixed' : 'affected',
    severity,
  };
}

const report: Report = {
  ...emptyReport({ name: 'x', kind: 'docker-archive' }),
  vulnerabilities: [
    vuln('CVE-1', 'CRITICAL', '1.1'),
    vuln('CVE-2', 'LOW', null),
    vuln('CVE-3', 'HIGH', null),
  ],
  misconfigurations: [{ id: 'm', refs: [], severity: 'LOW', title: 't', file: 'f', message: 'm' }],
};

describe('filterReport', () => {
  it.each([
    [{}, ['CVE-1', 'CVE-2', 'CVE-3'], 4],
    [{ severities: ['CRITICAL', 'HIGH'] as const }, ['CVE-1', 'CVE-3'], 2],
    [{ ignoreUnfixed: true }, ['CVE-1'], 2],
    [{ severities: ['LOW'] as const, ignoreUnfixed: true }, [], 1],
  ])('%j keeps %j', (opts, ids, count) => {
    const r = filterReport(report, opts);
    expect(r.vulnerabilities.map((v) => v.id)).toEqual(ids);
    expect(findingCount(r)).toBe(count);
  });

  it('never drops packages', () => {
    const r = filterReport(
      { ...report, packages: [{ name: 'a', version: '1', type: 'deb', purl: 'p' }] },
      {
        severities: ['CRITICAL'],
      },
    );
    expect(r.packages).toHaveLength(1);
  });
});
