// `bulwark image` end to end, as a user runs it (built CLI, real images, real registry, real DB).
// Covers issue 2 acceptance 2 (fixture images), 3 (debootstrap image = dpkg-query, by file and by
// reference), 4 at the CLI level (real OSV records through the DB into the report) and the cache.
import { execFileSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/core/model.js';
import { cli, cliAsync } from '../support/cli.js';
import { sarifValidator } from '../support/sarif.js';
import { describeWithFixtures, fixture } from '../support/fixtures.js';
import { bookwormDockerArchive, bookwormOciLayout, bookwormRootfs } from '../support/images.js';
import { dpkgQuery } from '../support/native-pkg.js';
import { buildImage, tarOf, writeLayout } from '../support/oci.js';
import { freePort, startRegistry, type TestRegistry } from '../support/registry.js';
import { writeZip } from '../support/zip.js';
import { missingTools } from '../support/tools.js';

const tmp = mkdtempSync(join(tmpdir(), 'bulwark-e2e-image-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const EMPTY_DB = join(tmp, 'empty.sqlite');
const env = { BULWARK_CACHE_DIR: join(tmp, 'cache'), BULWARK_DB: EMPTY_DB };

function scanJson(target: string, extra: string[] = [], e: NodeJS.ProcessEnv = env): Report {
  const r = cli(['image', target, '--format', 'json', '--offline', ...extra], { env: e });
  expect(r.stderr).not.toMatch(/\n\s+at /); // never a stack trace
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Report;
}

const nameVersions = (r: Report): string[] => r.packages.map((p) => `${p.name} ${p.version}`).sort();

describeWithFixtures('bulwark image on the fixture images (acceptance 2)', ['images'], () => {
  const expected: Record<string, { kind: string; layers: number; os?: string; packages?: number }> = {
    'alpine-310.tar.gz': { kind: 'docker-archive', layers: 1, os: 'alpine 3.10.4', packages: 14 },
    'hello-world-v25.tar': { kind: 'docker-archive', layers: 1 },
    'test_image_1.tar': { kind: 'docker-archive', layers: 1 },
    'whiteout_image.tar': { kind: 'docker-archive', layers: 3 },
    'trivy-test.oci': { kind: 'oci-layout', layers: 1 },
    'valid-oci.tar': { kind: 'oci-archive', layers: 1 },
  };

  it('the table covers every fixture image', () => {
    const images = readdirSync(fixture('images')).filter((f) => !f.startsWith('README'));
    expect(images.filter((f) => !(f in expected) && f !== 'oci-index-layout')).toEqual([]);
  });

  it.each(Object.entries(expected))('%s scans without error', (file, want) => {
    const r = scanJson(fixture('images', file));
    expect(r.schemaVersion).toBe(1);
    expect(r.artifact.kind).toBe(want.kind);
    expect(r.artifact.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect((r.metadata?.layers as unknown[]).length).toBe(want.layers);
    if (want.os) expect(`${r.os?.family} ${r.os?.version}`).toBe(want.os);
    if (want.packages) expect(r.packages).toHaveLength(want.packages);
  });

  it('alpine: packages carry origin, purl and the layer that added them', () => {
    const r = scanJson(fixture('images', 'alpine-310.tar.gz'));
    const ssl = r.packages.find((p) => p.name === 'libssl1.1')!;
    expect(ssl.source?.name).toBe('openssl');
    expect(ssl.purl).toMatch(/^pkg:apk\/alpine\/libssl1\.1@.+distro=alpine-3\.10\.4/);
    expect(ssl.layer).toBe((r.metadata?.layers as { diffId: string }[])[0]!.diffId);
  });

  it('an OCI layout with an index: each selectable image scans', () => {
    const r = scanJson(`oci:${fixture('images', 'oci-index-layout')}:1`);
    expect(r.artifact.kind).toBe('oci-layout');
  });

  it('the table format prints a summary and warns when no vulnerability data is loaded', () => {
    const r = cli(['image', fixture('images', 'alpine-310.tar.gz'), '--offline'], { env });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Packages: 14 (14 apk)');
    expect(r.stderr).toMatch(
      /the vulnerability DB \(.*\) holds no data, so no vulnerabilities can be reported/,
    );
    // The table says so too: "Total: 0" alone would read as clean.
    expect(r.stdout).toMatch(/Incomplete: 14 packages unmatched: the vulnerability DB .* holds no data/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('alpine 3.10 with only Alpine v3.15 data: a gap for 3.10 and exit 15 under --exit-code; with 3.10 data, 20 findings', () => {
    const db = join(tmp, 'alpine-315-only.sqlite');
    const imp = cli(['db', 'import', fixture('vulndata', 'alpine-secdb', 'v3.15-main.yaml'), '--db', db]);
    expect(imp.status, imp.stderr).toBe(0);
    const target = fixture('images', 'alpine-310.tar.gz');
    const gated = cli(['image', target, '--offline', '--db', db, '--exit-code', '1', '--format', 'json'], {
      env,
    });
    expect(gated.status, gated.stderr).toBe(15);
    const r = JSON.parse(gated.stdout) as Report;
    expect(r.vulnerabilities).toEqual([]);
    expect(r.dataGaps).toEqual([
      expect.objectContaining({ ecosystem: 'alpine', release: '3.10.4', reason: 'no-data', packages: 14 }),
    ]);
    // The fixture README's expectation for the real v3.10 secdb: 20 findings, no gap, and the gate
    // trips on findings (exit 1), not on data.
    expect(
      cli(['db', 'import', fixture('vulndata', 'alpine-secdb-v3.10', 'main.json'), '--db', db]).status,
    ).toBe(0);
    const full = cli(['image', target, '--offline', '--db', db, '--exit-code', '1', '--format', 'json'], {
      env,
    });
    expect(full.status, full.stderr).toBe(1);
    const f = JSON.parse(full.stdout) as Report;
    expect(f.vulnerabilities).toHaveLength(20);
    expect(f.dataGaps).toBeUndefined();
  });

  it('SARIF carries a gap as an error-level tool execution notification, valid against the OASIS schema', async () => {
    const r = cli(['image', fixture('images', 'alpine-310.tar.gz'), '--offline', '--format', 'sarif'], {
      env,
    });
    expect(r.status, r.stderr).toBe(0);
    const sarif = JSON.parse(r.stdout);
    const validate = await sarifValidator();
    expect(validate(sarif), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    const notes = sarif.runs[0].invocations[0].toolExecutionNotifications;
    expect(notes).toEqual([
      expect.objectContaining({ level: 'error', descriptor: { id: 'data-gap/no-data' } }),
    ]);
    expect(notes[0].message.text).toMatch(/holds no data/);
  });

  it('a mistyped --db path is a gap, not a clean result', () => {
    const r = cli(
      [
        'image',
        fixture('images', 'alpine-310.tar.gz'),
        '--offline',
        '--db',
        join(tmp, 'no-such-db.sqlite'),
        '--exit-code',
        '1',
      ],
      { env },
    );
    expect(r.status).toBe(15);
    expect(r.stderr).toMatch(/no-such-db\.sqlite\) holds no data/);
  });
});

describe('secrets in image layers', () => {
  it('a secret deleted by a later layer is still reported, marked deleted, with its layer', async () => {
    const token = `ghp_${'Z7vQ3xKj4M2pLw5TnR8sYb6Hc1Fd9Ge0Ua3W'}`;
    const image = buildImage({
      layers: [
        { tar: await tarOf([{ name: 'app/.env', content: `GITHUB_TOKEN=${token}\n` }]) },
        { tar: await tarOf([{ name: 'app/.wh..env', content: '' }]) },
      ],
    });
    const dir = writeLayout(join(tmp, 'secret-layout'), [{ image }]);
    const r = scanJson(dir, ['--scanners', 'secret']);
    expect(r.secrets).toHaveLength(1);
    expect(r.secrets[0]).toMatchObject({
      file: '/app/.env',
      line: 1,
      deleted: true,
      layer: image.diffIds[0],
    });
    expect(JSON.stringify(r)).not.toContain(token);
    const table = cli(['image', dir, '--offline', '--scanners', 'secret'], { env });
    expect(table.stdout).toMatch(/\/app\/\.env:1 \(deleted in a later layer\)/);
    expect(table.stdout).not.toContain(token);
  });
});

const skipDebian = missingTools(['debootstrap', 'umoci', 'skopeo', 'docker-registry', 'dpkg-query'], {
  root: true,
});

describe.skipIf(skipDebian)('a real Debian bookworm image (acceptance 3)', () => {
  let expectedPkgs: string[];
  let layout: { dir: string; tag: string };
  let archive: string;
  let registry: TestRegistry;

  beforeAll(async () => {
    const rootfs = await bookwormRootfs();
    expectedPkgs = dpkgQuery(join(rootfs, 'var/lib/dpkg'))
      .filter((p) => p.state === 'installed')
      .map((p) => `${p.name} ${p.version}`)
      .sort();
    layout = await bookwormOciLayout();
    archive = await bookwormDockerArchive();
    registry = await startRegistry();
    execFileSync('skopeo', [
      'copy',
      '--quiet',
      '--dest-tls-verify=false',
      `oci:${layout.dir}:${layout.tag}`,
      `docker://${registry.host}/debian:bookworm`,
    ]);
  });
  afterAll(async () => registry?.stop());

  it('as an OCI layout: exactly what dpkg-query lists', () => {
    const r = scanJson(`oci:${layout.dir}:${layout.tag}`);
    expect(expectedPkgs.length).toBeGreaterThan(80);
    expect(nameVersions(r)).toEqual(expectedPkgs);
    expect(r.os).toMatchObject({ family: 'debian', version: '12', codename: 'bookworm' });
    expect(r.packages.every((p) => p.type === 'deb' && p.purl.includes('distro=debian-12'))).toBe(true);
  });

  it('as a docker-archive: the same packages', () => {
    expect(nameVersions(scanJson(archive))).toEqual(expectedPkgs);
  });

  it('by reference from a registry on 127.0.0.1: the same packages and the manifest digest', () => {
    const r = scanJson(`${registry.host}/debian:bookworm`);
    expect(nameVersions(r)).toEqual(expectedPkgs);
    expect(r.artifact.kind).toBe('registry');
    const digest = execFileSync(
      'skopeo',
      [
        'inspect',
        '--tls-verify=false',
        '--format',
        '{{.Digest}}',
        `docker://${registry.host}/debian:bookworm`,
      ],
      {
        encoding: 'utf8',
      },
    ).trim();
    expect(r.artifact.digest).toBe(digest);
  });

  it('a cached rescan reads no layer data: it succeeds even after the layer blob is corrupted', () => {
    const copy = join(tmp, 'layout-copy');
    cpSync(layout.dir, copy, { recursive: true });
    const cacheEnv = { ...env, BULWARK_CACHE_DIR: join(tmp, 'cache-rescan') };
    const first = scanJson(`oci:${copy}:${layout.tag}`, [], cacheEnv);
    expect(first.metadata?.cacheHits).toBe(0);
    // Flip bytes in every layer blob (same size): reading any of them would now fail its digest.
    for (const l of first.metadata?.layers as { digest: string }[]) {
      const p = join(copy, 'blobs/sha256', l.digest.slice(7));
      const b = readFileSync(p);
      b[b.length >> 1]! ^= 0xff;
      writeFileSync(p, b);
    }
    const again = scanJson(`oci:${copy}:${layout.tag}`, [], cacheEnv);
    expect(again.metadata?.cacheHits).toBe((first.metadata?.layers as unknown[]).length);
    expect(nameVersions(again)).toEqual(nameVersions(first));
    // Without the cache the corruption is caught: digest mismatch, exit 9.
    const nocache = cli(['image', `oci:${copy}:${layout.tag}`, '--offline', '--no-cache'], { env: cacheEnv });
    expect(nocache.status).toBe(9);
    expect(nocache.stderr).toMatch(/digest/i);
  });

  it('--scanners misconfig,secret: image checks with a smaller-base recommendation, and no false secrets', () => {
    const r = scanJson(`oci:${layout.dir}:${layout.tag}`, ['--scanners', 'vuln,misconfig,secret']);
    const ids = new Set(r.misconfigurations.map((m) => m.id));
    expect([...ids]).toEqual(
      expect.arrayContaining(['image:user-root', 'image:setuid-setgid', 'image:shell-present']),
    );
    expect(r.metadata?.baseImage).toMatchObject({ kind: 'debian-slim' });
    expect((r.metadata?.baseImage as { recommendation: string }).recommendation).toMatch(/distroless/);
    expect(r.metadata?.attackSurface).toMatchObject({ packageCount: r.packages.length, layerCount: 1 });
    expect(r.secrets).toEqual([]);
  });

  describe('vulnerabilities from OSV records through the DB (real OSV schema)', () => {
    let db: string;
    let libc: string;
    let bashVersion: string;

    beforeAll(() => {
      const rootfs = join(tmp, 'osv');
      mkdirSync(rootfs, { recursive: true });
      const pkgs = scanJson(`oci:${layout.dir}:${layout.tag}`).packages;
      libc = pkgs.find((p) => p.name === 'libc6')!.source!.version;
      bashVersion = pkgs.find((p) => p.name === 'bash')!.version;
      const record = (
        id: string,
        ecosystem: string,
        name: string,
        events: object[],
        extra: object = {},
      ): object => ({
        schema_version: '1.6.0',
        id,
        modified: '2026-11-01T00:00:00Z',
        published: '2026-10-01T00:00:00Z',
        summary: `${name} test advisory ${id}`,
        affected: [{ package: { ecosystem, name }, ranges: [{ type: 'ECOSYSTEM', events }] }],
        ...extra,
      });
      const records = [
        // Source package glibc (binaries libc6, libc-bin) fixed after the installed version: HIGH by CVSS.
        record(
          'DEBIAN-CVE-2099-0001',
          'Debian:12',
          'glibc',
          [{ introduced: '0' }, { fixed: `${libc}+deb12u99` }],
          {
            aliases: ['CVE-2099-0001'],
            severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N' }],
          },
        ),
        // Unfixed in bookworm.
        record('DEBIAN-CVE-2099-0002', 'Debian:12', 'bash', [{ introduced: '0' }]),
        // Another release: must never match.
        record('DEBIAN-CVE-2099-0003', 'Debian:11', 'bash', [{ introduced: '0' }]),
        // Already fixed in the installed version.
        record('DEBIAN-CVE-2099-0004', 'Debian:12', 'glibc', [{ introduced: '0' }, { fixed: '2.0-1' }]),
      ];
      records.forEach((r, i) => writeFileSync(join(rootfs, `r${i}.json`), JSON.stringify(r)));
      db = join(tmp, 'vulns.sqlite');
      const imp = cli(['db', 'import', rootfs, '--db', db]);
      expect(imp.status, imp.stderr).toBe(0);
    });

    it('reports the affected packages once per binary, with fixed versions and severity', () => {
      const r = scanJson(`oci:${layout.dir}:${layout.tag}`, ['--db', db]);
      const got = r.vulnerabilities.map((v) => `${v.id} ${v.package} ${v.fixedVersion} ${v.severity}`).sort();
      expect(got).toEqual(
        [
          `CVE-2099-0001 libc-bin ${libc}+deb12u99 HIGH`,
          `CVE-2099-0001 libc6 ${libc}+deb12u99 HIGH`,
          'CVE-2099-0002 bash null UNKNOWN',
        ].sort(),
      );
      expect(r.vulnerabilities.find((v) => v.package === 'bash')!.version).toBe(bashVersion);
    });

    it.each([
      [['--ignore-unfixed'], 2],
      [['--severity', 'CRITICAL'], 0],
      [['--severity', 'HIGH,UNKNOWN'], 3],
    ])('filters %j leave %d findings', (flags, n) => {
      expect(
        scanJson(`oci:${layout.dir}:${layout.tag}`, ['--db', db, ...flags]).vulnerabilities,
      ).toHaveLength(n);
    });

    it('a scan refreshes its feed from an OSV mirror (all.zip over HTTP), then matches', async () => {
      const dir = join(tmp, 'mirror');
      mkdirSync(join(dir, 'Debian'), { recursive: true });
      const files = readdirSync(join(tmp, 'osv')).map((f) => ({
        name: f,
        data: readFileSync(join(tmp, 'osv', f)),
      }));
      await writeZip(join(dir, 'Debian', 'all.zip'), files);
      const requests: string[] = [];
      const server = createServer((req, res) => {
        requests.push(`${req.method} ${req.url}`);
        const file = join(dir, decodeURIComponent(req.url ?? '/'));
        if (!file.startsWith(dir) || !existsSync(file)) return void res.writeHead(404).end();
        res.writeHead(200, { 'content-type': 'application/zip', etag: '"v1"' }).end(readFileSync(file));
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      const { port } = server.address() as AddressInfo;
      try {
        const fresh = join(tmp, 'fresh.sqlite');
        const args = [
          'image',
          `oci:${layout.dir}:${layout.tag}`,
          '--format',
          'json',
          '--db',
          fresh,
          '--db-mirror',
          `http://127.0.0.1:${port}`,
        ];
        // The mirror lives in this process, so the CLI must run asynchronously.
        const r = await cliAsync(args, { env });
        expect(r.status, r.stderr).toBe(0);
        expect(requests).toEqual(['GET /Debian/all.zip']); // only the feed this image needs
        expect((JSON.parse(r.stdout) as Report).vulnerabilities).toHaveLength(3);
        // --offline contacts nothing, even with a mirror configured.
        const off = await cliAsync([...args, '--offline'], { env });
        expect(off.status).toBe(0);
        expect(requests).toHaveLength(1);
      } finally {
        server.close();
      }
    });

    it('an unreachable feed is a notice, not a failure: the scan lists packages and exits 0', async () => {
      const empty = join(tmp, 'never-updated.sqlite');
      const mirror = `http://127.0.0.1:${await freePort()}`;
      const r = cli(
        [
          'image',
          `oci:${layout.dir}:${layout.tag}`,
          '--format',
          'json',
          '--db',
          empty,
          '--db-mirror',
          mirror,
        ],
        { env },
      );
      expect(r.status, r.stderr).toBe(0);
      const lines = r.stderr.trim().split('\n');
      expect(lines[0]).toMatch(/could not update the vulnerability DB: .*scanning with what the DB holds/);
      expect(lines[1]).toMatch(/holds no data, so no vulnerabilities can be reported for its \d+ packages/);
      const report = JSON.parse(r.stdout) as Report;
      expect(report.packages.length).toBeGreaterThan(80);
      expect(report.warnings).toEqual(lines.map((l) => l.replace(/^bulwark: /, '')));
      expect(report.dataGaps).toEqual([
        expect.objectContaining({ ecosystem: 'debian', release: '12', reason: 'no-data' }),
      ]);
      // A gate never passes on missing data: --exit-code makes it 15, not 0.
      const gated = cli(
        [
          'image',
          `oci:${layout.dir}:${layout.tag}`,
          '--db',
          empty,
          '--db-mirror',
          mirror,
          '--exit-code',
          '1',
        ],
        { env },
      );
      expect(gated.status, gated.stderr).toBe(15);
    });

    it('data for another distribution is not data for this one: a Debian scan with only Alpine loaded', async () => {
      const alpineOnly = join(tmp, 'alpine-only.sqlite');
      const imp = cli([
        'db',
        'import',
        fixture('vulndata', 'alpine-secdb-v3.10', 'main.json'),
        '--db',
        alpineOnly,
      ]);
      expect(imp.status, imp.stderr).toBe(0);
      // Online (a mirror that answers 404), the scan fetches the Debian feed it lacks…
      const requests: string[] = [];
      const server = createServer((req, res) => {
        requests.push(`${req.method} ${req.url}`);
        res.writeHead(404).end();
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      const { port } = server.address() as AddressInfo;
      try {
        const args = ['image', `oci:${layout.dir}:${layout.tag}`, '--format', 'json', '--db', alpineOnly];
        const r = await cliAsync([...args, '--db-mirror', `http://127.0.0.1:${port}`, '--exit-code', '1'], {
          env,
        });
        expect(requests).toEqual(['GET /Debian/all.zip']);
        // …and, not getting it, says which release has no data and fails the gate.
        expect(r.status, r.stderr).toBe(15);
        const report = JSON.parse(r.stdout) as Report;
        expect(report.vulnerabilities).toEqual([]);
        expect(report.dataGaps?.map((g) => `${g.ecosystem} ${g.release} ${g.reason}`)).toEqual([
          'debian 12 no-data',
        ]);
        expect(report.dataGaps![0]!.message).toMatch(/holds no data for Debian 12/);
        // Offline, the same gap without a download.
        const off = await cliAsync([...args, '--offline'], { env });
        expect(off.status).toBe(0);
        expect(requests).toHaveLength(1);
        expect((JSON.parse(off.stdout) as Report).dataGaps).toHaveLength(1);
      } finally {
        server.close();
      }
    });

    it('--exit-code trips only when findings remain, and the table groups by package', () => {
      const hit = cli(
        ['image', `oci:${layout.dir}:${layout.tag}`, '--offline', '--db', db, '--exit-code', '3'],
        { env },
      );
      expect(hit.status).toBe(3);
      expect(hit.stdout).toMatch(/libc6\s+\S+\s+CVE-2099-0001\s+HIGH\s+fixed/);
      expect(hit.stdout).toMatch(/bash\s+\S+\s+CVE-2099-0002\s+UNKNOWN\s+affected\s+\(no fix\)/);
      const clean = cli(
        [
          'image',
          `oci:${layout.dir}:${layout.tag}`,
          '--offline',
          '--db',
          db,
          '--exit-code',
          '3',
          '--severity',
          'CRITICAL',
        ],
        { env },
      );
      expect(clean.status).toBe(0);
    });
  });
});
