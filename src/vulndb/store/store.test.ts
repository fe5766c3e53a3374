// The store contract, run against SQLite and a real PostgreSQL cluster started for the test.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresBinDir, startPostgres, type TestPostgres } from '../../../test/support/postgres.js';
import { missingTools } from '../../../test/support/tools.js';
import type { AdvisoryRecord } from '../model.js';
import { KyselyStore } from './kysely-store.js';
import { openStore, redactUrl, resolveDbLocation } from './open.js';
import type { VulnStore } from './types.js';

function record(
  id: string,
  pkg: string,
  fixed: string,
  extra: Partial<AdvisoryRecord['advisory']> = {},
): AdvisoryRecord {
  return {
    key: id,
    advisory: {
      id,
      aliases: [],
      upstream: [`CVE-${id.split('-').slice(-2).join('-')}`],
      severity: [],
      modified: '2024-01-01T00:00:00Z',
      references: [],
      affected: [
        {
          ecosystem: 'Debian:12',
          distro: 'debian:12',
          package: pkg,
          ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed }] }],
          versions: [],
          status: 'affected',
          severity: [{ type: 'Debian', score: 'low' }],
        },
      ],
      ...extra,
    },
  };
}

// PostgreSQL comes from scripts/install-deps; without it these cases skip locally and fail under CI.
const pgSkip = postgresBinDir() ? missingTools(['runuser']) : missingTools(['postgresql-server (initdb)']);
const tmp = mkdtempSync(join(tmpdir(), 'bulwark-store-'));
let pg: TestPostgres | undefined;

beforeAll(async () => {
  if (!pgSkip) pg = await startPostgres();
}, 120_000);
afterAll(async () => {
  await pg?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

// Each test gets a fresh database: a new file, or a new PostgreSQL database in the test cluster.
const locations: [string, () => Promise<string>][] = [
  ['sqlite', async () => join(tmp, `s-${Math.random().toString(36).slice(2)}.sqlite`)],
  [
    'postgres',
    async () => {
      const name = `t${Math.random().toString(36).slice(2)}`;
      const admin = await openStore({ db: pg!.url });
      await sql.raw(`create database ${name}`).execute((admin as KyselyStore).db);
      await admin.close();
      return pg!.url.replace(/\/postgres$/, `/${name}`);
    },
  ],
];

describe.each(locations)('store on %s', (dialect, newLocation) => {
  let lastLocation = '';
  const open = async (): Promise<VulnStore> => {
    lastLocation = await newLocation();
    return openStore({ db: lastLocation });
  };
  const maybe = dialect === 'postgres' && pgSkip ? it.skip : it;

  maybe('adds, updates and leaves unchanged records alone', async () => {
    const store = await open();
    try {
      expect(store.dialect).toBe(dialect);
      const a = record('DEBIAN-CVE-2024-1', 'openssl', '3.0.11-1~deb12u1');
      const b = record('DEBIAN-CVE-2024-2', 'zlib', '1:1.2.13.dfsg-1');
      expect(await store.writeBatch('osv', [a, b])).toEqual({ added: 2, updated: 0, unchanged: 0 });
      expect(await store.writeBatch('osv', [a, b])).toEqual({ added: 0, updated: 0, unchanged: 2 });
      const b2 = record('DEBIAN-CVE-2024-2', 'zlib', '1:1.2.13.dfsg-2');
      expect(await store.writeBatch('osv', [a, b2])).toEqual({ added: 0, updated: 1, unchanged: 1 });

      const hits = await store.findAffected(['debian:12'], ['zlib', 'openssl', 'bash']);
      expect(
        hits.map((h) => [h.advisory.id, h.affected.package, h.affected.ranges[0]!.events[1]]).sort(),
      ).toEqual([
        ['DEBIAN-CVE-2024-1', 'openssl', { fixed: '3.0.11-1~deb12u1' }],
        ['DEBIAN-CVE-2024-2', 'zlib', { fixed: '1:1.2.13.dfsg-2' }],
      ]);
      expect(hits[0]!.affected.severity).toEqual([{ type: 'Debian', score: 'low' }]);
      expect(await store.findAffected(['debian:11'], ['zlib'])).toEqual([]);
      // The same key in another namespace is another record.
      expect(await store.writeBatch('debian-tracker', [a])).toEqual({ added: 1, updated: 0, unchanged: 0 });
      expect((await store.findAffected(['debian:12'], ['openssl'])).length).toBe(2);
    } finally {
      await store.close();
    }
  });

  maybe('distrosWithData names the releases that hold live data, withdrawn records not counted', async () => {
    const store = await open();
    try {
      expect(await store.distrosWithData(['debian:12', 'debian:11'])).toEqual([]);
      await store.writeBatch('osv', [record('DEBIAN-CVE-2024-7', 'zlib', '1:1.2.13.dfsg-2')]);
      await store.writeBatch('osv', [
        record('DEBIAN-CVE-2024-8', 'zlib', '1', { withdrawn: '2024-02-01T00:00:00Z' }),
      ]);
      expect(await store.distrosWithData(['debian:11', 'debian:12', 'debian:12'])).toEqual(['debian:12']);
      // A release whose only record is withdrawn has no data.
      const w = record('DEBIAN-CVE-2024-9', 'zlib', '1', { withdrawn: '2024-02-01T00:00:00Z' });
      w.advisory.affected[0]!.distro = 'debian:13';
      await store.writeBatch('osv', [w]);
      expect(await store.distrosWithData(['debian:13'])).toEqual([]);
    } finally {
      await store.close();
    }
  });

  maybe('withdrawn records stay stored but never match', async () => {
    const store = await open();
    try {
      await store.writeBatch('osv', [record('DSA-1-1', 'curl', '7.88.1-10+deb12u5')]);
      expect(await store.findAffected(['debian:12'], ['curl'])).toHaveLength(1);
      const w = record('DSA-1-1', 'curl', '7.88.1-10+deb12u5', { withdrawn: '2024-02-01T00:00:00Z' });
      expect(await store.writeBatch('osv', [w])).toEqual({ added: 0, updated: 1, unchanged: 0 });
      expect(await store.findAffected(['debian:12'], ['curl'])).toEqual([]);
      const stats = await store.stats({ detailed: true });
      expect(stats).toMatchObject({ advisories: 0, withdrawn: 1, ecosystems: {} });
    } finally {
      await store.close();
    }
  });

  maybe('purges records a complete import no longer has, and keeps feeds', async () => {
    const store = await open();
    try {
      await store.writeBatch('alpine-secdb:v3.15:main', [
        record('A-1', 'xz', '5.2.5-r1'),
        record('A-2', 'zsh', '5.8-r0'),
      ]);
      expect(await store.purgeNamespace('alpine-secdb:v3.15:main', new Set(['A-1']))).toBe(1);
      expect((await store.stats()).advisories).toBe(1);
      const feed = {
        name: 'osv:Debian',
        kind: 'update' as const,
        location: 'https://example.invalid/Debian/all.zip',
        etag: '"abc"',
        lastModified: 'Tue, 01 Oct 2024 00:00:00 GMT',
        updatedAt: '2024-10-01T00:00:00.000Z',
        checkedAt: '2024-10-02T00:00:00.000Z',
        records: 42,
      };
      await store.putFeed(feed);
      await store.putFeed({ ...feed, records: 43 });
      expect(await store.getFeed('osv:Debian')).toEqual({ ...feed, records: 43 });
      expect(await store.getFeed('nope')).toBeNull();
      const stats = await store.stats({ detailed: true });
      expect(stats.ecosystems).toEqual({ 'Debian:12': 1 });
      expect(stats.feeds).toHaveLength(1);
    } finally {
      await store.close();
    }
  });

  maybe('writes a large batch in one go', async () => {
    const store = await open();
    try {
      const many = Array.from({ length: 2500 }, (_, i) => record(`X-${i}`, `pkg${i % 300}`, `1.${i}-1`));
      expect(await store.writeBatch('osv', many)).toEqual({ added: 2500, updated: 0, unchanged: 0 });
      const names = Array.from({ length: 1000 }, (_, i) => `pkg${i}`);
      expect(await store.findAffected(['debian:12'], names)).toHaveLength(2500);
    } finally {
      await store.close();
    }
  });

  maybe('refuses a database from a newer schema', async () => {
    const store = (await open()) as KyselyStore;
    await sql`insert into kysely_migration (name, timestamp) values ('9999_future', '2030-01-01')`.execute(
      store.db,
    );
    await store.close();
    await expect(openStore({ db: lastLocation })).rejects.toMatchObject({
      code: 'DB_ERROR',
      message: expect.stringMatching(/newer than this Bulwark/),
    });
  });
});

describe('opening', () => {
  it('rejects a file that is not SQLite, and a missing DB when not creating', async () => {
    const junk = join(tmp, 'junk.sqlite');
    writeFileSync(junk, 'this is not a database, just text '.repeat(200));
    await expect(openStore({ db: junk })).rejects.toMatchObject({ code: 'DB_ERROR' });
    await expect(openStore({ db: join(tmp, 'missing.sqlite'), create: false })).rejects.toMatchObject({
      code: 'DB_ERROR',
      message: expect.stringMatching(/bulwark db update/),
    });
  });

  it('resolves the location from flag, env and default', () => {
    expect(resolveDbLocation('/x/db.sqlite', {})).toBe('/x/db.sqlite');
    expect(resolveDbLocation(undefined, { BULWARK_DB: '/y.sqlite' })).toBe('/y.sqlite');
    expect(resolveDbLocation(undefined, { HOME: '/home/u' })).toBe('/home/u/.cache/bulwark/db.sqlite');
    expect(resolveDbLocation(undefined, { XDG_CACHE_HOME: '/c', HOME: '/h' })).toBe('/c/bulwark/db.sqlite');
    expect(resolveDbLocation('postgres://u:secret@h/db', {})).toBe('postgres://u:secret@h/db');
    expect(redactUrl('postgres://u:secret@h:5432/db')).toBe('postgres://u:***@h:5432/db');
  });
});
