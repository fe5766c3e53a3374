// Acceptance (issue 2, part 3): the inventory equals what the native tools list, for every package
// database in fixtures/pkgdb and for a real debootstrap bookworm root filesystem.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, describe, expect, it } from 'vitest';
import { describeWithFixtures, fixture } from '../../test/support/fixtures.js';
import { bookwormRootfs } from '../../test/support/images.js';
import { analyzeRootfs, dpkgQuery, rpmQa, type NativePkg } from '../../test/support/native-pkg.js';
import { missingTools } from '../../test/support/tools.js';
import { allAnalyzers } from './api.js';
import { applyLayers } from './apply.js';
import { parseRpmdb, readRpmdb } from './pkg/rpm/index.js';

const tmp: string[] = [];
afterAll(() => tmp.forEach((d) => rmSync(d, { recursive: true, force: true })));
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'bulwark-parity-'));
  tmp.push(d);
  return d;
}

const line = (p: NativePkg): string => `${p.name} ${p.version} ${p.arch}`;
// rpm prints %{EPOCHNUM} (0 when absent); the inventory keeps rpm's %{EVR}, without a missing epoch.
const withEpoch = (v: string): string => (/^\d+:/.test(v) ? v : `0:${v}`);

describeWithFixtures('rpm parity with rpm -qa', ['pkgdb'], () => {
  const skip = missingTools(['rpm']);

  it.skipIf(skip).each([
    ['rpm-bdb-libuuid', 'Packages', 'bdb_ro', 1],
    ['rpm-sqlite-cbl-mariner-2.0', 'rpmdb.sqlite', 'sqlite', 129],
  ] as const)('%s lists what rpm lists (gpg-pubkey aside)', (dir, file, backend, count) => {
    const db = tempDir();
    copyFileSync(fixture('pkgdb', dir, file), join(db, file));
    const native = rpmQa(db, backend).filter((p) => p.name !== 'gpg-pubkey');
    const ours = parseRpmdb(readFileSync(fixture('pkgdb', dir, file)), file);
    expect(ours).toHaveLength(count);
    expect(
      ours.map((p) => line({ name: p.name, version: withEpoch(p.version), arch: p.arch ?? '(none)' })).sort(),
    ).toEqual(native.map(line).sort());
  });

  // Debian's rpm has no ndb backend, so rpm reads the ndb blobs our reader extracted from an
  // SQLite rpmdb: rpm itself then checks every header blob (bounds, region, tags) and lists them.
  it.skipIf(skip)(
    'rpm-ndb-sle15-bci: rpm reads the headers our ndb reader extracts and lists the same',
    () => {
      const buf = readFileSync(fixture('pkgdb/rpm-ndb-sle15-bci/Packages.db'));
      const blobs = readRpmdb(buf, 'Packages.db');
      const db = tempDir();
      const sqlite = new DatabaseSync(join(db, 'rpmdb.sqlite'));
      // The fixture's schema, read from an in-memory copy: SQLite opening the WAL-mode file itself
      // would leave -wal/-shm files in the read-only fixtures.
      const image = Buffer.from(readFileSync(fixture('pkgdb/rpm-sqlite-cbl-mariner-2.0/rpmdb.sqlite')));
      image[18] = 1; // rollback journal: SQLite refuses WAL for an in-memory database
      image[19] = 1;
      const schema = new DatabaseSync(':memory:');
      schema.deserialize(image);
      const rows = schema
        .prepare("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%'")
        .all() as { sql: string }[];
      for (const { sql } of rows) sqlite.exec(sql);
      schema.close();
      const insert = sqlite.prepare('INSERT INTO Packages(blob) VALUES (?)');
      for (const b of blobs) insert.run(b);
      sqlite.close();
      const native = rpmQa(db, 'sqlite').filter((p) => p.name !== 'gpg-pubkey');
      const ours = parseRpmdb(buf, 'Packages.db');
      expect(ours).toHaveLength(35);
      expect(native).toHaveLength(35);
      expect(
        ours
          .map((p) => line({ name: p.name, version: withEpoch(p.version), arch: p.arch ?? '(none)' }))
          .sort(),
      ).toEqual(native.map(line).sort());
    },
  );
});

// A large Berkeley DB written by Berkeley DB itself (db_load), holding the 129 real headers of the
// Mariner database under rpm's key layout, at page sizes that force overflow chains (512) and
// inline values (65536). rpm's own bdb_ro backend is the oracle.
describeWithFixtures('rpm Berkeley DB built by db_load', ['pkgdb/rpm-sqlite-cbl-mariner-2.0'], () => {
  const skip = missingTools(['rpm', 'db_load']);

  it.skipIf(skip).each([512, 4096, 65536])('page size %i: lists what rpm lists', (pageSize) => {
    const blobs = readRpmdb(
      readFileSync(fixture('pkgdb/rpm-sqlite-cbl-mariner-2.0/rpmdb.sqlite')),
      'rpmdb.sqlite',
    );
    const u32 = (n: number): string => {
      const b = Buffer.alloc(4);
      b.writeUInt32LE(n);
      return ` ${b.toString('hex')}`;
    };
    // db_load's bytevalue format; key 0 is rpm's next-instance counter, keys 1… the headers.
    const lines = ['VERSION=3', 'format=bytevalue', 'type=hash', `db_pagesize=${pageSize}`, 'HEADER=END'];
    lines.push(u32(0), u32(blobs.length + 1));
    blobs.forEach((b, i) => lines.push(u32(i + 1), ` ${b.toString('hex')}`));
    lines.push('DATA=END');
    const db = tempDir();
    execFileSync('db_load', [join(db, 'Packages')], { input: `${lines.join('\n')}\n` });
    const native = rpmQa(db, 'bdb_ro');
    const ours = parseRpmdb(readFileSync(join(db, 'Packages')), 'Packages');
    expect(ours).toHaveLength(129);
    expect(
      ours.map((p) => line({ name: p.name, version: withEpoch(p.version), arch: p.arch ?? '(none)' })).sort(),
    ).toEqual(native.map(line).sort());
  });
});

describe('real debootstrap bookworm rootfs', () => {
  const skip = missingTools(['debootstrap', 'dpkg-query'], { root: true });

  it.skipIf(skip)(
    'inventory equals dpkg-query -W, with Debian 12 OS facts and distro purls',
    async () => {
      const rootfs = await bookwormRootfs();
      const layer = await analyzeRootfs(rootfs, allAnalyzers(), 'sha256:bookworm');
      const inv = applyLayers([layer]);
      expect(inv.os).toMatchObject({ family: 'debian', version: '12', codename: 'bookworm' });
      const native = dpkgQuery(join(rootfs, 'var/lib/dpkg')).filter((p) => p.state !== 'config-files');
      expect(native.length).toBeGreaterThan(80);
      expect(inv.packages.map((p) => `${p.name} ${p.version} ${p.arch}`).sort()).toEqual(
        native.map(line).sort(),
      );
      for (const p of inv.packages) {
        expect(p.layer).toBe('sha256:bookworm');
        expect(p.purl).toMatch(
          /^pkg:deb\/debian\/[^@]+@[^?]+\?arch=[a-z0-9]+&distro=debian-12(&epoch=\d+)?$/,
        );
      }
      const libc = inv.packages.find((p) => p.name === 'libc6')!;
      expect(libc.source).toEqual({ name: 'glibc', version: libc.version });
    },
    300_000,
  );
});
