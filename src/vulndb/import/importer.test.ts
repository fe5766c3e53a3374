// Importing real data (the shared fixtures) and hostile input, end to end into a SQLite store.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeWithFixtures, fixture } from '../../../test/support/fixtures.js';
import { unsafeName, writeZip } from '../../../test/support/zip.js';
import { openStore } from '../store/open.js';
import type { VulnStore } from '../store/types.js';
import { importPaths } from './importer.js';

const tmp = mkdtempSync(join(tmpdir(), 'bulwark-import-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

let store: VulnStore;
beforeEach(async () => {
  store = await openStore({ db: join(tmp, `db-${Math.random().toString(36).slice(2)}.sqlite`) });
});
afterEach(async () => {
  await store.close();
});

function osv(id: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    schema_version: '1.6.0',
    id,
    modified: '2024-05-01T00:00:00Z',
    aliases: ['CVE-2024-0001'],
    affected: [
      {
        package: { ecosystem: 'Debian:12', name: 'openssl' },
        ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '3.0.13-1~deb12u1' }] }],
      },
    ],
    ...extra,
  };
}

function file(name: string, content: string | Buffer): string {
  const p = join(tmp, name);
  mkdirSync(join(p, '..'), { recursive: true });
  writeFileSync(p, content);
  return p;
}

describeWithFixtures('importing the shared fixtures', ['vulndata'], () => {
  it('imports the Go vulndb tar.gz (4,291 OSV records) and re-imports idempotently', async () => {
    const first = await importPaths([fixture('vulndata/osv-go-vulndb.tar.gz')], { store });
    expect(first).toMatchObject({ records: 4291, added: 4291, updated: 0, invalidCount: 0 });
    expect(first.withdrawn).toBeGreaterThan(0);
    const again = await importPaths([fixture('vulndata/osv-go-vulndb.tar.gz')], { store });
    expect(again).toMatchObject({ records: 4291, added: 0, updated: 0, unchanged: 4291 });
    const stats = await store.stats({ detailed: true });
    expect(stats.advisories + stats.withdrawn).toBe(4291);
    expect(stats.withdrawn).toBe(first.withdrawn);
  });

  it('imports PyPA OSV records written in YAML', async () => {
    const r = await importPaths([fixture('vulndata/osv-pypa-advisory-database.tar.gz')], { store });
    expect(r.records).toBe(2661);
    expect(r.skipped).toBe(2); // LICENSE and vulns/.id-allocator
    expect(r.invalidCount).toBe(0);
    const hits = await store.findAffected(['pypi'], ['django']);
    expect(hits.length).toBeGreaterThan(20);
  }, 180_000);

  it('imports Alpine and Wolfi secdb, with `0` meaning not affected', async () => {
    const r = await importPaths([fixture('vulndata/alpine-secdb'), fixture('vulndata/wolfi-secdb')], {
      store,
    });
    expect(r.namespaces.sort()).toEqual([
      'alpine-secdb:v3.15:community',
      'alpine-secdb:v3.15:main',
      'wolfi-secdb:os',
    ]);
    const zlib = await store.findAffected(['alpine:3.15'], ['zlib']);
    expect(zlib.map((h) => [h.advisory.id, h.affected.ranges[0]!.events]).sort()).toEqual([
      ['CVE-2018-25032', [{ introduced: '0' }, { fixed: '1.2.12-r0' }]],
      ['CVE-2022-37434', [{ introduced: '0' }, { fixed: '1.2.12-r2' }]],
    ]);
    const coreutils = await store.findAffected(['wolfi'], ['coreutils']);
    expect(coreutils.map((h) => [h.advisory.id, h.affected.status, h.affected.ranges])).toEqual([
      ['CVE-2016-2781', 'not_affected', []],
    ]);
  });

  it('imports the Debian tracker JSON and the DSA list', async () => {
    const r = await importPaths([fixture('vulndata/debian-tracker')], { store });
    expect(r.invalidCount).toBe(0);
    expect(r.namespaces.sort()).toEqual(['debian-dsa', 'debian-tracker']);
    const chromium = await store.findAffected(['debian:11', 'debian:10'], ['chromium']);
    expect(
      chromium
        .map((h) => [h.advisory.id, h.affected.ecosystem, h.affected.status, h.affected.ranges[0]!.events])
        .sort(),
    ).toEqual([
      ['DEBIAN-CVE-2022-0456', 'Debian:10', 'end_of_life', [{ introduced: '0' }]],
      [
        'DEBIAN-CVE-2022-0456',
        'Debian:11',
        'affected',
        [{ introduced: '0' }, { fixed: '98.0.4758.80-1~deb11u1' }],
      ],
    ]);
    // resolved with fixed_version 0: not affected in that release.
    const proto = await store.findAffected(['debian:10'], ['prototypejs']);
    expect(proto.find((h) => h.advisory.id === 'DEBIAN-CVE-2007-2383')?.affected.status).toBe('not_affected');
    const sope = await store.findAffected(['debian:12'], ['sope']);
    expect(sope.map((h) => [h.namespace, h.advisory.id, h.advisory.aliases]).sort()).toEqual([
      ['debian-dsa', 'DSA-5970-1', ['CVE-2025-53603']],
      ['debian-tracker', 'DEBIAN-CVE-2025-53603', []],
    ]);
    expect(sope.map((h) => h.affected.severity)).toContainEqual([
      { type: 'Debian', score: 'not yet assigned' },
    ]);
  });

  it('imports Ubuntu OSV with its priorities and CVSS', async () => {
    await importPaths([fixture('vulndata/ubuntu-osv')], { store });
    const hits = await store.findAffected(['ubuntu:22.04'], ['wayland']);
    expect(hits.map((h) => h.advisory.id).sort()).toEqual(['UBUNTU-CVE-2021-3782', 'USN-5614-1']);
    const cve = hits.find((h) => h.advisory.id === 'UBUNTU-CVE-2021-3782')!;
    expect(cve.advisory.upstream).toEqual(['CVE-2021-3782']);
    expect(cve.advisory.severity).toContainEqual({ type: 'Ubuntu', score: 'medium' });
    expect(cve.advisory.severity.find((s) => s.type === 'CVSS_V3')?.value).toBe(6.6);
  });
});

describe('OSV records from files, directories and zip', () => {
  it('reads JSON and YAML, a directory, and a zip; withdrawn records stop matching', async () => {
    const dir = join(tmp, 'osv-dir');
    file('osv-dir/DSA-1.json', JSON.stringify(osv('DSA-1')));
    file(
      'osv-dir/sub/DSA-2.yaml',
      'id: DSA-2\nmodified: "2024-05-01T00:00:00Z"\naffected:\n  - package: {ecosystem: "Debian:12", name: zlib}\n    versions: ["1:1.2.13.dfsg-1"]\n',
    );
    file('osv-dir/README.md', '# not data');
    const r = await importPaths([dir], { store });
    expect(r).toMatchObject({ records: 2, added: 2, skipped: 1 });
    expect((await store.findAffected(['debian:12'], ['zlib']))[0]!.affected.versions).toEqual([
      '1:1.2.13.dfsg-1',
    ]);

    const zip = join(tmp, 'osv.zip');
    await writeZip(zip, [
      { name: 'DSA-1.json', data: JSON.stringify(osv('DSA-1', { withdrawn: '2024-06-01T00:00:00Z' })) },
      { name: 'DSA-3.json', data: JSON.stringify(osv('DSA-3')) },
    ]);
    const z = await importPaths([zip], { store });
    expect(z).toMatchObject({ records: 2, added: 1, updated: 1, withdrawn: 1 });
    expect((await store.findAffected(['debian:12'], ['openssl'])).map((h) => h.advisory.id)).toEqual([
      'DSA-3',
    ]);
  });

  it('reports invalid records with the file and the JSON path, and keeps the valid ones', async () => {
    const zip = join(tmp, 'mixed.zip');
    await writeZip(zip, [
      { name: 'good.json', data: JSON.stringify(osv('GOOD-1')) },
      {
        name: 'bad.json',
        data: JSON.stringify(osv('BAD-1', { affected: [{ package: { ecosystem: 'Debian:12' } }] })),
      },
      { name: 'broken.json', data: '{"id": "X",' },
    ]);
    const lenient = await importPaths([zip], { store, strict: false });
    expect(lenient.records).toBe(1);
    expect(lenient.invalid.map((i) => i.message)).toEqual([
      expect.stringMatching(
        /mixed\.zip!bad\.json: affected\[0\]\.package\.name: expected a string, got a undefined/,
      ),
      expect.stringMatching(/mixed\.zip!broken\.json: invalid JSON/),
    ]);
    await expect(importPaths([zip], { store })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringMatching(/bad\.json.*and 1 more invalid record/),
    });
  });

  it('refuses a file that is no advisory data when named directly', async () => {
    const p = file('other.json', JSON.stringify({ name: 'left-pad', version: '1.0.0' }));
    await expect(importPaths([p], { store })).rejects.toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE' });
  });
});

describe('hostile input', () => {
  it('zip slip: an entry named ../ is refused', async () => {
    const zip = join(tmp, 'slip.zip');
    await writeZip(zip, [{ name: 'aa/evil.json', data: JSON.stringify(osv('EVIL-1')) }]);
    unsafeName(zip, 'aa/evil.json', '../evil.json');
    await expect(importPaths([zip], { store })).rejects.toMatchObject({ code: 'UNSAFE_PATH' });
  });

  it('zip bomb: a 20 MiB entry compressed ~1000:1 is refused before it is read', async () => {
    const zip = join(tmp, 'bomb.zip');
    await writeZip(zip, [{ name: 'bomb.json', data: Buffer.alloc(20 * 1024 * 1024, 0x20) }]);
    await expect(importPaths([zip], { store })).rejects.toMatchObject({
      code: 'LIMIT_EXCEEDED',
      message: expect.stringMatching(/compression ratio/),
    });
  });

  it('a zip with corrupted entry data fails its CRC-32 check; a cut-off zip is truncated', async () => {
    const zip = join(tmp, 'crc.zip');
    await writeZip(zip, [{ name: 'A.json', data: JSON.stringify(osv('CRC-1')), compress: false }]);
    const bytes = readFileSync(zip);
    const at = bytes.indexOf(Buffer.from('"CRC-1"'));
    bytes[at + 1] = 'X'.charCodeAt(0);
    writeFileSync(zip, bytes);
    // A corrupt archive is not a bad record: the import stops.
    await expect(importPaths([zip], { store, strict: false })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringMatching(/crc\.zip!A\.json: CRC-32 mismatch/),
    });
    const cut = file('cut.zip', bytes.subarray(0, bytes.length - 30));
    await expect(importPaths([cut], { store })).rejects.toMatchObject({ code: 'TRUNCATED' });
  });

  it('tar.gz bomb: decompression stops at the limit', async () => {
    const tar = join(tmp, 'tree');
    mkdirSync(tar, { recursive: true });
    writeFileSync(join(tar, 'huge.json'), Buffer.alloc(8 * 1024 * 1024, 0x20));
    const out = join(tmp, 'bomb.tar.gz');
    execFileSync('tar', ['-czf', out, '-C', tar, 'huge.json']);
    await expect(
      importPaths([out], { store, limits: { maxArchiveBytes: 1024 * 1024 } }),
    ).rejects.toMatchObject({
      code: 'LIMIT_EXCEEDED',
    });
  });

  it('a truncated tar.gz is reported as truncated', async () => {
    const full = gzipSync(
      Buffer.concat([execFileSync('tar', ['-cf', '-', '-C', fixture('vulndata'), 'ubuntu-osv'])]),
    );
    const p = file('cut.tar.gz', full.subarray(0, Math.floor(full.length / 2)));
    await expect(importPaths([p], { store })).rejects.toMatchObject({ code: 'TRUNCATED' });
  });

  it('an oversized single document is refused', async () => {
    const p = file('big.json', JSON.stringify(osv('BIG-1', { details: 'x'.repeat(4096) })));
    await expect(importPaths([p], { store, limits: { maxDocumentBytes: 1024 } })).rejects.toMatchObject({
      code: 'LIMIT_EXCEEDED',
    });
  });

  it('a YAML alias bomb is refused', async () => {
    const lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 0; i < 9; i++) {
      const prev = String.fromCharCode(97 + i);
      const next = String.fromCharCode(98 + i);
      lines.push(
        `${next}: &${next} [*${prev},*${prev},*${prev},*${prev},*${prev},*${prev},*${prev},*${prev},*${prev}]`,
      );
    }
    const p = file('bomb.yaml', `${lines.join('\n')}\nid: X\nmodified: "2024-01-01T00:00:00Z"\n`);
    await expect(importPaths([p], { store })).rejects.toMatchObject({ code: 'LIMIT_EXCEEDED' });
  });

  it('directory symlink loops are not followed', async () => {
    const dir = join(tmp, 'loop');
    mkdirSync(dir, { recursive: true });
    file('loop/A.json', JSON.stringify(osv('LOOP-1')));
    execFileSync('ln', ['-s', '.', join(dir, 'self')]);
    const r = await importPaths([dir], { store });
    expect(r).toMatchObject({ records: 1, skipped: 1 });
  });

  it('a missing path is NOT_FOUND', async () => {
    await expect(importPaths([join(tmp, 'nope')], { store })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
