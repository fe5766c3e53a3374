// A scan report with the shapes SBOM writers must handle: OS and language packages, source packages,
// layers, licences of every kind, a duplicated purl, and findings in every fix status.
import type { Report, Vulnerability } from '../../../core/model.js';

const L1 = `sha256:${'1'.repeat(64)}`;
const L2 = `sha256:${'2'.repeat(64)}`;

function vuln(
  v: Partial<Vulnerability> & Pick<Vulnerability, 'id' | 'package' | 'version' | 'purl'>,
): Vulnerability {
  return { aliases: [], type: 'apk', fixedVersion: null, status: 'affected', severity: 'UNKNOWN', ...v };
}

export function sampleReport(): Report {
  return {
    schemaVersion: 1,
    createdAt: '2026-01-02T03:04:05.678Z',
    artifact: {
      name: 'registry.example.com/team/app:1.0',
      kind: 'registry',
      digest: `sha256:${'a'.repeat(64)}`,
    },
    os: { family: 'alpine', version: '3.10.2', name: 'Alpine Linux v3.10' },
    packages: [
      {
        name: 'musl',
        version: '1.1.22-r3',
        type: 'apk',
        purl: 'pkg:apk/alpine/musl@1.1.22-r3?arch=x86_64&distro=alpine-3.10.2',
        arch: 'x86_64',
        licenses: ['MIT'],
        source: { name: 'musl', version: '1.1.22-r3' },
        layer: L1,
        path: 'lib/apk/db/installed',
      },
      {
        name: 'libssl1.1',
        version: '1.1.1c-r0',
        type: 'apk',
        purl: 'pkg:apk/alpine/libssl1.1@1.1.1c-r0?arch=x86_64&distro=alpine-3.10.2',
        arch: 'x86_64',
        licenses: ['OpenSSL'],
        source: { name: 'openssl', version: '1.1.1c-r0' },
        layer: L1,
        path: 'lib/apk/db/installed',
      },
      {
        name: 'busybox',
        version: '1.30.1-r2',
        type: 'apk',
        purl: 'pkg:apk/alpine/busybox@1.30.1-r2?arch=x86_64&distro=alpine-3.10.2',
        licenses: ['MIT BSD GPL2+'],
        layer: L1,
      },
      {
        name: 'zlib',
        version: '1.2.11-r1',
        type: 'apk',
        purl: 'pkg:apk/alpine/zlib@1.2.11-r1?arch=x86_64&distro=alpine-3.10.2',
        licenses: ['Zlib OR MIT'],
        layer: L2,
      },
      {
        name: 'lodash',
        version: '4.17.20',
        type: 'npm',
        purl: 'pkg:npm/lodash@4.17.20',
        licenses: ['MIT'],
        path: 'app/node_modules/lodash/package.json',
        layer: L2,
      },
      {
        name: 'lodash',
        version: '4.17.20',
        type: 'npm',
        purl: 'pkg:npm/lodash@4.17.20',
        path: 'app/other/node_modules/lodash/package.json',
        layer: L2,
      },
      {
        name: 'requests',
        version: '2.19.0',
        type: 'pypi',
        purl: 'pkg:pypi/requests@2.19.0',
        licenses: ['Apache 2.0 "quoted" & <odd>'],
        layer: L2,
      },
    ],
    vulnerabilities: [
      vuln({
        id: 'CVE-2019-1549',
        aliases: ['GHSA-xxxx-yyyy-zzzz'],
        package: 'libssl1.1',
        version: '1.1.1c-r0',
        purl: 'pkg:apk/alpine/libssl1.1@1.1.1c-r0?arch=x86_64&distro=alpine-3.10.2',
        fixedVersion: '1.1.1d-r0',
        status: 'fixed',
        severity: 'MEDIUM',
        title: 'openssl: information disclosure in fork()',
        dataSource: 'alpine',
        references: ['https://www.openssl.org/news/secadv/20190910.txt'],
        cvss: [{ version: '3.1', vector: 'CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:L/I:N/A:N', score: 3.7 }],
        layer: L1,
      }),
      vuln({
        id: 'CVE-2019-1563',
        package: 'libssl1.1',
        version: '1.1.1c-r0',
        purl: 'pkg:apk/alpine/libssl1.1@1.1.1c-r0?arch=x86_64&distro=alpine-3.10.2',
        severity: 'HIGH',
      }),
      vuln({
        id: 'CVE-2020-0001',
        package: 'musl',
        version: '1.1.22-r3',
        purl: 'pkg:apk/alpine/musl@1.1.22-r3?arch=x86_64&distro=alpine-3.10.2',
        status: 'will_not_fix',
        severity: 'LOW',
      }),
      vuln({
        id: 'CVE-2020-0002',
        package: 'musl',
        version: '1.1.22-r3',
        purl: 'pkg:apk/alpine/musl@1.1.22-r3?arch=x86_64&distro=alpine-3.10.2',
        status: 'fix_deferred',
        severity: 'CRITICAL',
      }),
      vuln({
        id: 'CVE-2020-0003',
        package: 'zlib',
        version: '1.2.11-r1',
        purl: 'pkg:apk/alpine/zlib@1.2.11-r1?arch=x86_64&distro=alpine-3.10.2',
        status: 'end_of_life',
      }),
      vuln({
        id: 'GHSA-p6mc-m468-83gw',
        aliases: ['CVE-2020-8203'],
        package: 'lodash',
        version: '4.17.20',
        type: 'npm',
        purl: 'pkg:npm/lodash@4.17.20',
        fixedVersion: '4.17.21',
        status: 'fixed',
        severity: 'HIGH',
        cvss: [
          { version: '4.0', vector: 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N' },
          { version: '2.0', vector: 'AV:N/AC:L/Au:N/C:P/I:P/A:P', score: 7.5 },
        ],
      }),
      vuln({
        id: 'PYSEC-2018-28',
        package: 'requests',
        version: '2.19.0',
        type: 'pypi',
        purl: 'pkg:pypi/requests@2.19.0',
        status: 'unknown',
      }),
    ],
    misconfigurations: [],
    secrets: [],
    metadata: {
      imageConfig: { os: 'linux', architecture: 'amd64', user: '' },
      repoTags: ['registry.example.com/team/app:1.0'],
      layers: [
        { digest: `sha256:${'c'.repeat(64)}`, diffId: L1, size: 10 },
        { digest: `sha256:${'d'.repeat(64)}`, diffId: L2, size: 20 },
      ],
    },
  };
}
