import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isBulwarkError } from '../../../core/errors.js';
import { describeWithFixtures, fixture } from '../../../../test/support/fixtures.js';
import { buildHeader, packageHeader } from '../../../../test/support/rpm-header.js';
import { readBerkeleyHash } from './bdb.js';
import { parseHeader, parseSourceRpm } from './header.js';
import { analyzer, headerToPackage, parseRpmdb, readRpmdb } from './index.js';
import { readNdb } from './ndb.js';

const entry = (path: string) => ({ path, type: 'file' as const, mode: 0o644, uid: 0, gid: 0, size: 0 });

/** Only BulwarkErrors (one-line, with a code) may escape a parser fed hostile bytes. */
function onlyBulwarkErrors(fn: () => unknown): void {
  try {
    fn();
  } catch (err) {
    if (!isBulwarkError(err)) throw err;
    expect(err.message).not.toMatch(/\n/);
  }
}

describe('rpm analyzer', () => {
  it.each([
    ['var/lib/rpm/Packages', true],
    ['var/lib/rpm/Packages.db', true],
    ['var/lib/rpm/rpmdb.sqlite', true],
    ['usr/lib/sysimage/rpm/rpmdb.sqlite', true],
    ['usr/share/rpm/Packages', true],
    ['var/lib/rpm/Name', false],
    ['var/lib/rpm/rpmdb.sqlite-wal', false],
  ])('required(%s) = %s', (path, want) => expect(analyzer.required(path, entry(path))).toBe(want));

  it.each([
    ['glibc-2.34-60.el9.src.rpm', { name: 'glibc', version: '2.34', release: '60.el9' }],
    ['util-linux-2.32.1-42.el8_8.src.rpm', { name: 'util-linux', version: '2.32.1', release: '42.el8_8' }],
    [
      'kernel-5.14.0-362.8.1.el9_3.nosrc.rpm',
      { name: 'kernel', version: '5.14.0', release: '362.8.1.el9_3' },
    ],
    ['broken.src.rpm', null],
    ['glibc-2.34-60.el9.x86_64.rpm', null],
  ])('parseSourceRpm(%s)', (file, want) => expect(parseSourceRpm(file)).toEqual(want));

  it('reads name, EVR, arch, source rpm, license, vendor and modularity label from a header', () => {
    const h = parseHeader(
      packageHeader({
        name: 'nodejs',
        version: '16.20.2',
        release: '1.module+el8.9.0+19519+e2a4e0d7',
        epoch: 1,
        arch: 'x86_64',
        sourceRpm: 'nodejs-16.20.2-1.module+el8.9.0+19519+e2a4e0d7.src.rpm',
        license: 'MIT and ASL 2.0',
        vendor: 'Red Hat, Inc.',
        modularityLabel: 'nodejs:16:8090020230810123035:a75119d5',
      }),
      'test',
    );
    const p = headerToPackage(h, 'var/lib/rpm/rpmdb.sqlite');
    expect(p).toMatchObject({
      name: 'nodejs',
      version: '1:16.20.2-1.module+el8.9.0+19519+e2a4e0d7',
      arch: 'x86_64',
      source: { name: 'nodejs', version: '1:16.20.2-1.module+el8.9.0+19519+e2a4e0d7' },
      licenses: ['MIT and ASL 2.0'],
      vendor: 'Red Hat, Inc.',
      modularityLabel: 'nodejs:16:8090020230810123035:a75119d5',
    });
    expect(p.purl).toBe('pkg:rpm/nodejs@16.20.2-1.module+el8.9.0+19519+e2a4e0d7?arch=x86_64&epoch=1');
  });

  it.each([
    ['too short', Buffer.alloc(4)],
    ['zero tags', buildHeader([]).subarray(0, 8)],
    ['index past the end', Buffer.from([0, 0, 0, 9, 0, 0, 0, 0])],
    [
      'data past the end',
      Buffer.concat([
        buildHeader([{ tag: 1000, type: 'STRING', value: 'x' }]).subarray(0, 4),
        Buffer.from([0, 1, 0, 0]),
      ]),
    ],
    ['huge index count', Buffer.from([0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0])],
    [
      'missing NAME',
      buildHeader([
        { tag: 1001, type: 'STRING', value: '1' },
        { tag: 1002, type: 'STRING', value: '1' },
      ]),
    ],
    ['EPOCH not INT32', buildHeader([{ tag: 1003, type: 'STRING', value: '1' }])],
    ['NAME as binary', buildHeader([{ tag: 1000, type: 'BIN', value: Buffer.from('abc') }])],
  ])('rejects a header with %s as INVALID_INPUT', (_why, blob) => {
    expect(() => parseHeader(blob, 'x')).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });

  it('rejects an unterminated string', () => {
    const blob = packageHeader({ name: 'a', version: '1', release: '1' });
    expect(() => parseHeader(blob.subarray(0, blob.length - 1), 'x')).toThrow(/corrupt rpm header/);
  });

  it('skips gpg-pubkey entries (imported keys, not packages) that rpm -qa lists', async () => {
    const { DatabaseSync } = await import('node:sqlite');
    const db = new DatabaseSync(':memory:');
    db.exec('CREATE TABLE Packages (hnum INTEGER PRIMARY KEY AUTOINCREMENT, blob BLOB NOT NULL)');
    const insert = db.prepare('INSERT INTO Packages(blob) VALUES (?)');
    insert.run(packageHeader({ name: 'gpg-pubkey', version: 'fd431d51', release: '4ae0493b' }));
    insert.run(
      packageHeader({
        name: 'bash',
        version: '5.1.8',
        release: '6.el9',
        arch: 'x86_64',
        sourceRpm: 'bash-5.1.8-6.el9.src.rpm',
      }),
    );
    const buf = Buffer.from(db.serialize());
    db.close();
    const pkgs = parseRpmdb(buf, 'var/lib/rpm/rpmdb.sqlite');
    expect(pkgs.map((p) => p.name)).toEqual(['bash']);
    expect(pkgs[0]!.source).toEqual({ name: 'bash', version: '5.1.8-6.el9' });
  });

  it('never throws anything but INVALID_INPUT on random header bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) =>
        onlyBulwarkErrors(() => parseHeader(Buffer.from(bytes), 'fuzz')),
      ),
      { numRuns: 2000 },
    );
  });

  it('never throws anything but INVALID_INPUT on mutated headers', () => {
    const good = packageHeader({
      name: 'openssl-libs',
      version: '3.0.7',
      release: '24.el9',
      epoch: 1,
      arch: 'x86_64',
      sourceRpm: 'openssl-3.0.7-24.el9.src.rpm',
    });
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(good.length - 1), fc.integer({ min: 0, max: 255 })), {
          minLength: 1,
          maxLength: 8,
        }),
        (muts) => {
          const b = Buffer.from(good);
          for (const [i, v] of muts) b[i] = v;
          onlyBulwarkErrors(() => parseHeader(b, 'fuzz'));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('rejects a non-rpm database by content, not by name', () => {
    expect(() => readRpmdb(Buffer.from('hello world'.repeat(100)), 'var/lib/rpm/Packages')).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT' }),
    );
  });

  it('yields an empty finding for an empty Packages file (fresh image) and wraps errors with the path', async () => {
    expect(
      await analyzer.analyze({
        path: 'var/lib/rpm/Packages',
        content: Buffer.alloc(0),
        entry: entry('var/lib/rpm/Packages'),
      }),
    ).toEqual([{ analyzer: 'rpm', path: 'var/lib/rpm/Packages' }]);
    expect(() =>
      analyzer.analyze({
        path: 'var/lib/rpm/Packages',
        content: Buffer.alloc(600, 1),
        entry: entry('var/lib/rpm/Packages'),
      }),
    ).toThrow(/^failed to read the rpm database: var\/lib\/rpm\/Packages: not an rpm database/);
  });
});

describeWithFixtures('rpm databases under hostile mutation', ['pkgdb'], () => {
  const files = {
    bdb: fixture('pkgdb/rpm-bdb-libuuid/Packages'),
    ndb: fixture('pkgdb/rpm-ndb-sle15-bci/Packages.db'),
    sqlite: fixture('pkgdb/rpm-sqlite-cbl-mariner-2.0/rpmdb.sqlite'),
  };

  it.each(Object.entries(files))(
    '%s: mutated bytes give packages or INVALID_INPUT, quickly',
    (kind, file) => {
      const good = readFileSync(file);
      const runs = kind === 'sqlite' ? 40 : 300;
      const started = Date.now();
      fc.assert(
        fc.property(
          fc.array(fc.tuple(fc.nat(good.length - 1), fc.integer({ min: 0, max: 255 })), {
            minLength: 1,
            maxLength: 16,
          }),
          fc.option(fc.nat(good.length), { nil: undefined }),
          (muts, cut) => {
            const b = Buffer.from(good.subarray(0, cut ?? good.length));
            for (const [i, v] of muts) if (i < b.length) b[i] = v;
            onlyBulwarkErrors(() => parseRpmdb(b, 'fuzz'));
          },
        ),
        { numRuns: runs },
      );
      expect(Date.now() - started).toBeLessThan(60_000);
    },
  );

  it('bdb: an overflow chain that loops is rejected, not followed forever', () => {
    const buf = Buffer.from(readFileSync(files.bdb));
    const pageSize = buf.readUInt32LE(20);
    const pages = buf.length / pageSize;
    // Point every overflow page's next-page link at itself.
    let changed = 0;
    for (let no = 1; no < pages; no++) {
      if (buf[no * pageSize + 25] === 7) {
        buf.writeUInt32LE(no, no * pageSize + 16);
        buf.writeUInt16LE(pageSize - 26, no * pageSize + 22);
        changed++;
      }
    }
    expect(changed).toBeGreaterThan(0);
    expect(() => readBerkeleyHash(buf, 'Packages')).toThrow(/corrupt Berkeley DB/);
  });

  it('ndb: a slot pointing past the end of the file is rejected', () => {
    const buf = Buffer.from(readFileSync(files.ndb));
    // First used slot after the 32-byte header: make its block offset point far away.
    for (let off = 32; off < 4096; off += 16) {
      if (buf.readUInt32LE(off + 4) !== 0) {
        buf.writeUInt32LE(0x7fffffff, off + 8);
        break;
      }
    }
    expect(() => readNdb(buf, 'Packages.db')).toThrow(/blob outside the file/);
  });
});
