// Acceptance 4 (issue 2): matching with records in the real OSV schema, imported through the real
// importer into a real SQLite store, against packages shaped as the dpkg/apk/rpm analyzers emit them.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OsInfo, Package, PackageType, Vulnerability } from '../core/model.js';
import { describeWithFixtures, fixture } from '../../test/support/fixtures.js';
import { importPaths } from '../vulndb/import/importer.js';
import { openStore } from '../vulndb/store/open.js';
import type { VulnStore } from '../vulndb/store/types.js';
import { matchOsPackages, matchVulnerabilities } from './match.js';

const tmp = mkdtempSync(join(tmpdir(), 'bulwark-match-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const BOOKWORM: OsInfo = { family: 'debian', version: '12', codename: 'bookworm' };

function pkg(
  name: string,
  version: string,
  source?: [string, string],
  type: PackageType = 'deb',
  layer?: string,
): Package {
  return {
    name,
    version,
    type,
    purl: `pkg:${type}/x/${name}@${version}`,
    ...(source ? { source: { name: source[0], version: source[1] } } : {}),
    ...(layer ? { layer } : {}),
  };
}

/** An OSV record as osv.dev publishes it (schema 1.6/1.7 fields). */
function osv(
  id: string,
  affected: {
    ecosystem: string;
    name: string;
    events?: Record<string, string>[];
    versions?: string[];
    urgency?: string;
  }[],
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    schema_version: '1.7.0',
    id,
    modified: '2024-06-01T12:00:00Z',
    published: '2024-05-01T00:00:00Z',
    summary: `${id} summary`,
    affected: affected.map((a) => ({
      package: { ecosystem: a.ecosystem, name: a.name, purl: `pkg:deb/debian/${a.name}?arch=source` },
      ...(a.events ? { ranges: [{ type: 'ECOSYSTEM', events: a.events }] } : {}),
      ...(a.versions ? { versions: a.versions } : {}),
      ...(a.urgency ? { ecosystem_specific: { urgency: a.urgency } } : {}),
    })),
    ...extra,
  };
}

let dirCount = 0;
async function load(store: VulnStore, records: Record<string, unknown>[]): Promise<void> {
  const dir = join(tmp, `records-${dirCount++}`);
  mkdirSync(dir, { recursive: true });
  for (const r of records) writeFileSync(join(dir, `${String(r.id)}.json`), JSON.stringify(r, null, 2));
  const result = await importPaths([dir], { store });
  expect(result.invalidCount).toBe(0);
}

function ids(vulns: Vulnerability[]): string[][] {
  return vulns.map((v) => [v.package, v.id, v.fixedVersion ?? 'null', v.status]);
}

describe('acceptance 4: OS matching with OSV records', () => {
  let store: VulnStore;
  beforeAll(async () => {
    store = await openStore({ db: join(tmp, 'acceptance.sqlite') });
    await load(store, [
      // source vs binary: published under the source package openssl
      osv(
        'DEBIAN-CVE-2024-0001',
        [
          {
            ecosystem: 'Debian:12',
            name: 'openssl',
            events: [{ introduced: '0' }, { fixed: '3.0.13-1~deb12u1' }],
            urgency: 'medium',
          },
        ],
        { upstream: ['CVE-2024-0001'] },
      ),
      // a record filed under a binary name must not match (Debian publishes per source package)
      osv(
        'DEBIAN-CVE-2024-0002',
        [{ ecosystem: 'Debian:12', name: 'libssl3', events: [{ introduced: '0' }, { fixed: '9.9-1' }] }],
        { upstream: ['CVE-2024-0002'] },
      ),
      // epochs
      osv(
        'DEBIAN-CVE-2024-0003',
        [
          {
            ecosystem: 'Debian:12',
            name: 'zlib',
            events: [{ introduced: '0' }, { fixed: '1:1.2.13.dfsg-2' }],
            urgency: 'low',
          },
        ],
        { upstream: ['CVE-2024-0003'] },
      ),
      // `~` backports and +debNuM security updates
      osv(
        'DEBIAN-CVE-2024-0004',
        [
          {
            ecosystem: 'Debian:12',
            name: 'glibc',
            events: [{ introduced: '0' }, { fixed: '2.36-9+deb12u4' }],
            urgency: 'high',
          },
        ],
        { upstream: ['CVE-2024-0004'] },
      ),
      // last_affected (no fix known)
      osv(
        'DEBIAN-CVE-2024-0005',
        [
          {
            ecosystem: 'Debian:12',
            name: 'tar',
            events: [{ introduced: '1.30' }, { last_affected: '1.34+dfsg-1.2' }],
          },
        ],
        { upstream: ['CVE-2024-0005'] },
      ),
      // unfixed
      osv(
        'DEBIAN-CVE-2024-0006',
        [{ ecosystem: 'Debian:12', name: 'bash', events: [{ introduced: '0' }], urgency: 'unimportant' }],
        { upstream: ['CVE-2024-0006'] },
      ),
      // a record for another release
      osv(
        'DEBIAN-CVE-2024-0007',
        [{ ecosystem: 'Debian:11', name: 'bash', events: [{ introduced: '0' }, { fixed: '9.9' }] }],
        { upstream: ['CVE-2024-0007'] },
      ),
      // withdrawn
      osv('DEBIAN-CVE-2024-0008', [{ ecosystem: 'Debian:12', name: 'curl', events: [{ introduced: '0' }] }], {
        upstream: ['CVE-2024-0008'],
        withdrawn: '2024-06-02T00:00:00Z',
      }),
      // explicit versions list
      osv('DEBIAN-CVE-2024-0009', [{ ecosystem: 'Debian:12', name: 'xz-utils', versions: ['5.4.1-0.2'] }], {
        upstream: ['CVE-2024-0009'],
      }),
      // a DSA naming the same CVE and another: merged into the CVE finding, the other CVE reported from the DSA
      osv(
        'DSA-5600-1',
        [
          {
            ecosystem: 'Debian:12',
            name: 'openssl',
            events: [{ introduced: '0' }, { fixed: '3.0.13-1~deb12u1' }],
          },
        ],
        { aliases: ['CVE-2024-0001', 'CVE-2024-0010'] },
      ),
      // CVSS only: severity from the vector
      osv(
        'DEBIAN-CVE-2024-0011',
        [
          {
            ecosystem: 'Debian:12',
            name: 'bash',
            events: [{ introduced: '0' }, { fixed: '5.2.15-2+deb12u1' }],
          },
        ],
        {
          upstream: ['CVE-2024-0011'],
          severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' }],
        },
      ),
      // binNMU: the binary is 1.2-3+b1, the fix names the source version 1.2-3
      osv(
        'DEBIAN-CVE-2024-0012',
        [{ ecosystem: 'Debian:12', name: 'libfoo', events: [{ introduced: '0' }, { fixed: '1.2-3' }] }],
        { upstream: ['CVE-2024-0012'] },
      ),
    ]);
  });
  afterAll(async () => store.close());

  const installed = [
    pkg('libssl3', '3.0.11-1~deb12u2', ['openssl', '3.0.11-1~deb12u2'], 'deb', 'sha256:aaa'),
    pkg('openssl', '3.0.11-1~deb12u2', ['openssl', '3.0.11-1~deb12u2']),
    pkg('zlib1g', '1:1.2.13.dfsg-1', ['zlib', '1:1.2.13.dfsg-1']),
    pkg('libc6', '2.36-9+deb12u3', ['glibc', '2.36-9+deb12u3']),
    pkg('tar', '1.34+dfsg-1.2'),
    pkg('bash', '5.2.15-2+b2', ['bash', '5.2.15-2']),
    pkg('curl', '7.88.1-10+deb12u5', ['curl', '7.88.1-10+deb12u5']),
    pkg('liblzma5', '5.4.1-0.2', ['xz-utils', '5.4.1-0.2']),
    pkg('libfoo1', '1.2-3+b1', ['libfoo', '1.2-3']),
  ];

  it('reports exactly the vulnerable packages with fixed versions and statuses', async () => {
    const vulns = await matchVulnerabilities(store, BOOKWORM, installed);
    expect(ids(vulns)).toEqual([
      ['bash', 'CVE-2024-0011', '5.2.15-2+deb12u1', 'fixed'],
      ['bash', 'CVE-2024-0006', 'null', 'affected'],
      ['libc6', 'CVE-2024-0004', '2.36-9+deb12u4', 'fixed'],
      ['liblzma5', 'CVE-2024-0009', 'null', 'affected'],
      ['libssl3', 'CVE-2024-0001', '3.0.13-1~deb12u1', 'fixed'],
      ['libssl3', 'CVE-2024-0010', '3.0.13-1~deb12u1', 'fixed'],
      ['openssl', 'CVE-2024-0001', '3.0.13-1~deb12u1', 'fixed'],
      ['openssl', 'CVE-2024-0010', '3.0.13-1~deb12u1', 'fixed'],
      ['tar', 'CVE-2024-0005', 'null', 'affected'],
      ['zlib1g', 'CVE-2024-0003', '1:1.2.13.dfsg-2', 'fixed'],
    ]);
  });

  it('copies package fields, merges aliases (DSA vs CVE) and resolves severity', async () => {
    const vulns = await matchVulnerabilities(store, BOOKWORM, installed);
    const ssl = vulns.find((v) => v.package === 'libssl3' && v.id === 'CVE-2024-0001')!;
    expect(ssl).toMatchObject({
      aliases: ['DEBIAN-CVE-2024-0001', 'DSA-5600-1'],
      version: '3.0.11-1~deb12u2',
      type: 'deb',
      purl: 'pkg:deb/x/libssl3@3.0.11-1~deb12u2',
      layer: 'sha256:aaa',
      severity: 'MEDIUM', // Debian urgency
      title: 'DEBIAN-CVE-2024-0001 summary',
    });
    const other = vulns.find((v) => v.package === 'libssl3' && v.id === 'CVE-2024-0010')!;
    expect(other).toMatchObject({ aliases: ['DSA-5600-1'], severity: 'UNKNOWN' });
    expect(vulns.find((v) => v.id === 'CVE-2024-0011')).toMatchObject({
      severity: 'CRITICAL',
      cvss: [{ version: '3.1', vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', score: 9.8 }],
    });
    expect(vulns.find((v) => v.id === 'CVE-2024-0006')!.severity).toBe('LOW'); // unimportant
  });

  it.each([
    [
      'epoch: 1:1.2.13.dfsg-2 fixes an epoch-less version too',
      pkg('zlib1g', '1.2.13.dfsg-9', ['zlib', '1.2.13.dfsg-9']),
      ['CVE-2024-0003'],
    ],
    [
      'epoch: the fixed version itself is not affected',
      pkg('zlib1g', '1:1.2.13.dfsg-2', ['zlib', '1:1.2.13.dfsg-2']),
      [],
    ],
    [
      '~: the stable backport 3.0.13-1~deb12u1 is fixed',
      pkg('libssl3', '3.0.13-1~deb12u1', ['openssl', '3.0.13-1~deb12u1']),
      [],
    ],
    [
      '~: unstable 3.0.13-1 sorts after the ~ backport, fixed',
      pkg('libssl3', '3.0.13-1', ['openssl', '3.0.13-1']),
      [],
    ],
    ['+debNuM: u4 is fixed', pkg('libc6', '2.36-9+deb12u4', ['glibc', '2.36-9+deb12u4']), []],
    ['+debNuM: u10 sorts after u4', pkg('libc6', '2.36-9+deb12u10', ['glibc', '2.36-9+deb12u10']), []],
    [
      '+debNuM: the base 2.36-9 is before +deb12u4',
      pkg('libc6', '2.36-9', ['glibc', '2.36-9']),
      ['CVE-2024-0004'],
    ],
    ['last_affected: after it, not affected', pkg('tar', '1.34+dfsg-1.2+deb12u1'), []],
    ['last_affected: before introduced, not affected', pkg('tar', '1.29b-2'), []],
    [
      'versions list: another version is not affected',
      pkg('liblzma5', '5.4.1-0.3', ['xz-utils', '5.4.1-0.3']),
      [],
    ],
    ['binNMU: the source version is compared', pkg('libfoo1', '1.2-3+b1', ['libfoo', '1.2-3']), []],
    [
      'no source: falls back to the binary name',
      pkg('openssl', '3.0.0-1'),
      ['CVE-2024-0001', 'CVE-2024-0010'],
    ],
    [
      'a binary name never matches a record filed under that name when the source differs',
      pkg('libssl3', '3.0.13-1', ['openssl', '3.0.13-1']),
      [],
    ],
  ])('%s', async (_name, p, expected) => {
    expect((await matchVulnerabilities(store, BOOKWORM, [p])).map((v) => v.id)).toEqual(expected);
  });

  it('never matches another release, and withdrawn records never match', async () => {
    const bullseye = await matchVulnerabilities(store, { family: 'debian', version: '11' }, installed);
    expect(bullseye.map((v) => v.id)).toEqual(['CVE-2024-0007']); // Debian:11 data only
    const all = await matchVulnerabilities(store, BOOKWORM, installed);
    expect(all.map((v) => v.id)).not.toContain('CVE-2024-0008');
    expect(all.map((v) => v.id)).not.toContain('CVE-2024-0007');
  });

  it('a record withdrawn on re-import stops matching', async () => {
    const before = await matchVulnerabilities(store, BOOKWORM, [pkg('tar', '1.34+dfsg-1.2')]);
    expect(before.map((v) => v.id)).toEqual(['CVE-2024-0005']);
    await load(store, [
      osv(
        'DEBIAN-CVE-2024-0005',
        [
          {
            ecosystem: 'Debian:12',
            name: 'tar',
            events: [{ introduced: '1.30' }, { last_affected: '1.34+dfsg-1.2' }],
          },
        ],
        {
          upstream: ['CVE-2024-0005'],
          modified: '2024-07-01T00:00:00Z',
          withdrawn: '2024-07-01T00:00:00Z',
        },
      ),
    ]);
    expect(await matchVulnerabilities(store, BOOKWORM, [pkg('tar', '1.34+dfsg-1.2')])).toEqual([]);
  });
});

describe('decisions between records', () => {
  let store: VulnStore;
  beforeAll(async () => {
    store = await openStore({ db: join(tmp, 'decisions.sqlite') });
    await load(store, [
      // The CVE-level record says fixed in u2; an older DSA says fixed in u1 — the CVE record decides.
      osv(
        'DEBIAN-CVE-2024-1000',
        [
          {
            ecosystem: 'Debian:12',
            name: 'expat',
            events: [{ introduced: '0' }, { fixed: '2.5.0-1+deb12u2' }],
          },
        ],
        { upstream: ['CVE-2024-1000'] },
      ),
      osv(
        'DSA-5700-1',
        [
          {
            ecosystem: 'Debian:12',
            name: 'expat',
            events: [{ introduced: '0' }, { fixed: '2.5.0-1+deb12u1' }],
          },
        ],
        { aliases: ['CVE-2024-1000'] },
      ),
      // Ubuntu: the standard archive decides; Pro fills in what standard support no longer covers.
      osv(
        'UBUNTU-CVE-2024-2000',
        [
          { ecosystem: 'Ubuntu:22.04:LTS', name: 'wayland', events: [{ introduced: '0' }] },
          {
            ecosystem: 'Ubuntu:Pro:22.04:LTS',
            name: 'wayland',
            events: [{ introduced: '0' }, { fixed: '1.20.0-1ubuntu0.1+esm1' }],
          },
          {
            ecosystem: 'Ubuntu:Pro:18.04:LTS',
            name: 'wayland',
            events: [{ introduced: '0' }, { fixed: '1.16.0-1ubuntu1.1~18.04.4+esm1' }],
          },
        ],
        { upstream: ['CVE-2024-2000'], severity: [{ type: 'Ubuntu', score: 'high' }] },
      ),
      // Alpine: per-branch data
      osv(
        'ALPINE-CVE-2024-3000',
        [
          {
            ecosystem: 'Alpine:v3.15',
            name: 'busybox',
            events: [{ introduced: '0' }, { fixed: '1.34.1-r6' }],
          },
          {
            ecosystem: 'Alpine:v3.10',
            name: 'busybox',
            events: [{ introduced: '0' }, { fixed: '1.30.1-r5' }],
          },
        ],
        { upstream: ['CVE-2024-3000'] },
      ),
      // Red Hat: names binary or source RPMs, fixed versions with an explicit 0: epoch
      osv(
        'RHSA-2024:0001',
        [
          {
            ecosystem: 'Red Hat:enterprise_linux:9::baseos',
            name: 'openssl',
            events: [{ introduced: '0' }, { fixed: '1:3.0.7-25.el9_3' }],
          },
        ],
        {
          upstream: ['CVE-2024-4000'],
          severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:N/A:N' }],
        },
      ),
      osv(
        'RLSA-2024:0001',
        [
          {
            ecosystem: 'Rocky Linux:9',
            name: 'openssl',
            events: [{ introduced: '0' }, { fixed: '1:3.0.7-25.el9_3' }],
          },
        ],
        { upstream: ['CVE-2024-4000'] },
      ),
      osv(
        'RHSA-2024:0002',
        [
          {
            ecosystem: 'Red Hat:enterprise_linux:9::appstream',
            name: 'httpd',
            events: [{ introduced: '0' }, { fixed: '0:2.4.57-8.el9' }],
          },
        ],
        { upstream: ['CVE-2024-4001'] },
      ),
    ]);
  });
  afterAll(async () => store.close());

  it('a CVE-level record outranks a multi-purpose advisory', async () => {
    const v = await matchVulnerabilities(store, BOOKWORM, [
      pkg('libexpat1', '2.5.0-1+deb12u1', ['expat', '2.5.0-1+deb12u1']),
    ]);
    expect(ids(v)).toEqual([['libexpat1', 'CVE-2024-1000', '2.5.0-1+deb12u2', 'fixed']]);
    expect(v[0]!.aliases).toEqual(['DEBIAN-CVE-2024-1000', 'DSA-5700-1']);
  });

  it('Ubuntu standard data decides; Pro data covers the rest', async () => {
    const jammy = await matchVulnerabilities(store, { family: 'ubuntu', version: '22.04' }, [
      pkg('libwayland-client0', '1.20.0-1ubuntu0.1', ['wayland', '1.20.0-1ubuntu0.1']),
    ]);
    expect(ids(jammy)).toEqual([['libwayland-client0', 'CVE-2024-2000', 'null', 'affected']]);
    expect(jammy[0]!.severity).toBe('HIGH');
    const bionic = await matchVulnerabilities(store, { family: 'ubuntu', version: '18.04' }, [
      pkg('libwayland-client0', '1.16.0-1ubuntu1.1~18.04.4', ['wayland', '1.16.0-1ubuntu1.1~18.04.4']),
    ]);
    expect(ids(bionic)).toEqual([
      ['libwayland-client0', 'CVE-2024-2000', '1.16.0-1ubuntu1.1~18.04.4+esm1', 'fixed'],
    ]);
  });

  it('Alpine v3.15 data never matches 3.10 and vice versa', async () => {
    const apk = (v: string): Package => pkg('busybox', v, ['busybox', v], 'apk');
    expect(
      ids(await matchVulnerabilities(store, { family: 'alpine', version: '3.10.2' }, [apk('1.30.1-r2')])),
    ).toEqual([['busybox', 'CVE-2024-3000', '1.30.1-r5', 'fixed']]);
    expect(
      await matchVulnerabilities(store, { family: 'alpine', version: '3.15.4' }, [apk('1.34.1-r7')]),
    ).toEqual([]);
    expect(
      ids(await matchVulnerabilities(store, { family: 'alpine', version: '3.15.4' }, [apk('1.34.1-r5')])),
    ).toEqual([['busybox', 'CVE-2024-3000', '1.34.1-r6', 'fixed']]);
    expect(
      await matchVulnerabilities(store, { family: 'alpine', version: '3.12.0' }, [apk('1.0-r0')]),
    ).toEqual([]);
  });

  it('Red Hat family: epochs, binary or source names, own errata first', async () => {
    const rpm = (name: string, v: string, src: string, sv: string): Package => pkg(name, v, [src, sv], 'rpm');
    const rhel = await matchVulnerabilities(store, { family: 'rhel', version: '9.3' }, [
      rpm('openssl-libs', '1:3.0.7-24.el9', 'openssl', '1:3.0.7-24.el9'),
      rpm('httpd', '2.4.57-5.el9', 'httpd', '2.4.57-5.el9'),
      rpm('httpd-core', '2.4.57-8.el9', 'httpd', '2.4.57-8.el9'),
    ]);
    expect(ids(rhel)).toEqual([
      ['httpd', 'CVE-2024-4001', '0:2.4.57-8.el9', 'fixed'],
      ['openssl-libs', 'CVE-2024-4000', '1:3.0.7-25.el9_3', 'fixed'],
    ]);
    expect(rhel[1]!.severity).toBe('MEDIUM');
    const rocky = await matchVulnerabilities(store, { family: 'rocky', version: '9.3' }, [
      rpm('openssl-libs', '1:3.0.7-24.el9', 'openssl', '1:3.0.7-24.el9'),
    ]);
    expect(rocky[0]!.dataSource).toMatch(/Rocky Linux:9/);
    expect(rocky[0]!.aliases).toEqual(['RHSA-2024:0001', 'RLSA-2024:0001']);
    // a CentOS 9 package rebuilt with a later release is not affected
    expect(
      await matchVulnerabilities(store, { family: 'centos', version: '9' }, [
        rpm('openssl', '1:3.0.7-27.el9', 'openssl', '1:3.0.7-27.el9'),
      ]),
    ).toEqual([]);
  });

  it('an OS without vendor data, or an unknown release, matches nothing and says why', async () => {
    expect(
      await matchOsPackages(store, { family: 'fedora', version: '40' }, [
        pkg('bash', '5.2', undefined, 'rpm'),
      ]),
    ).toEqual({
      vulnerabilities: [],
      skipped: 'no vulnerability data source for OS "fedora"',
    });
    expect((await matchOsPackages(store, { family: 'debian', version: '' }, [])).skipped).toMatch(
      /cannot tell the Debian release/,
    );
    expect(await matchVulnerabilities(store, null, [])).toEqual([]);
  });
});

describeWithFixtures(
  'fixture data: Debian tracker + DSA list, Alpine secdb',
  ['vulndata/debian-tracker', 'vulndata/alpine-secdb'],
  () => {
    let store: VulnStore;
    beforeAll(async () => {
      store = await openStore({ db: join(tmp, 'fixtures.sqlite') });
      await importPaths([fixture('vulndata/debian-tracker'), fixture('vulndata/alpine-secdb')], { store });
    });
    afterAll(async () => store.close());

    it('matches a realistic Debian 12 package list', async () => {
      const list = [
        pkg('base-files', '12.4+deb12u5'),
        pkg('bash', '5.2.15-2+b2', ['bash', '5.2.15-2']),
        pkg('libsope1', '5.8.0-1', ['sope', '5.8.0-1']),
        pkg('sope-appserver', '5.8.0-1+deb12u1', ['sope', '5.8.0-1+deb12u1']),
        pkg('chromium', '97.0.4692.99-1', ['chromium', '97.0.4692.99-1']),
        pkg('libjs-prototype', '1.7.1-3.1', ['prototypejs', '1.7.1-3.1']),
        pkg('txt2man', '1.7.1-3'),
      ];
      const vulns = await matchVulnerabilities(store, BOOKWORM, list);
      expect(ids(vulns)).toEqual([
        ['chromium', 'CVE-2022-0456', '98.0.4758.80-1', 'fixed'],
        ['libsope1', 'CVE-2025-53603', '5.8.0-1+deb12u1', 'fixed'],
      ]);
      expect(vulns[1]!.aliases).toEqual(['DEBIAN-CVE-2025-53603', 'DSA-5970-1']);
      expect(vulns[0]!.severity).toBe('UNKNOWN'); // "not yet assigned" and no CVSS in the tracker
    });

    it('matches Debian 10 end-of-life and not-affected entries correctly', async () => {
      const buster = await matchVulnerabilities(store, { family: 'debian', version: '10' }, [
        pkg('chromium', '90.0.4430.212-1~deb10u1', ['chromium', '90.0.4430.212-1~deb10u1']),
        pkg('libjs-prototype', '1.7.1-3', ['prototypejs', '1.7.1-3']),
      ]);
      // CVE-2007-2383 is "resolved, fixed_version 0" (never affected) for buster; CVE-2008-7220 is fixed.
      expect(ids(buster)).toEqual([['chromium', 'CVE-2022-0456', 'null', 'end_of_life']]);
      expect(buster[0]!.severity).toBe('UNKNOWN');
    });

    it('matches a realistic Alpine 3.15 package list by origin', async () => {
      const apk = (name: string, v: string, origin = name): Package => pkg(name, v, [origin, v], 'apk');
      const list = [
        apk('zlib', '1.2.12-r1'),
        apk('xz-libs', '5.2.5-r0', 'xz'),
        apk('zstd-libs', '1.5.0-r0', 'zstd'),
        apk('musl', '1.2.2-r7'),
        apk('alpine-baselayout', '3.2.0-r18'),
        apk('advancecomp', '2.1-r1'),
      ];
      const vulns = await matchVulnerabilities(store, { family: 'alpine', version: '3.15.4' }, list);
      expect(ids(vulns)).toEqual([
        ['advancecomp', 'CVE-2019-9210', '2.1-r2', 'fixed'],
        ['xz-libs', 'CVE-2022-1271', '5.2.5-r1', 'fixed'],
        ['zlib', 'CVE-2022-37434', '1.2.12-r2', 'fixed'],
      ]);
      expect(await matchVulnerabilities(store, { family: 'alpine', version: '3.10.2' }, list)).toEqual([]);
    });
  },
);
