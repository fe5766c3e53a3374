// The same import → match path on PostgreSQL: the store interface and query layer are shared, so the
// fixture data must give the same findings as on SQLite.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { OsInfo, Package } from '../core/model.js';
import { describeWithFixtures, fixture } from '../../test/support/fixtures.js';
import { postgresBinDir, startPostgres, type TestPostgres } from '../../test/support/postgres.js';
import { missingTools } from '../../test/support/tools.js';
import { importPaths } from '../vulndb/import/importer.js';
import { openStore } from '../vulndb/store/open.js';
import { matchVulnerabilities } from './match.js';

const skip = postgresBinDir() ? missingTools(['runuser']) : missingTools(['postgresql-server (initdb)']);

describeWithFixtures(
  'matching on PostgreSQL',
  ['vulndata/debian-tracker', 'vulndata/alpine-secdb', 'vulndata/ubuntu-osv'],
  () => {
    let pg: TestPostgres | undefined;
    const tmp = mkdtempSync(join(tmpdir(), 'bulwark-pgmatch-'));
    beforeAll(async () => {
      if (!skip) pg = await startPostgres();
    }, 120_000);
    afterAll(async () => {
      await pg?.stop();
      rmSync(tmp, { recursive: true, force: true });
    });

    const deb = (name: string, v: string, src: string, sv = v): Package => ({
      name,
      version: v,
      type: 'deb',
      purl: `pkg:deb/debian/${name}@${v}`,
      source: { name: src, version: sv },
    });
    const cases: [OsInfo, Package[]][] = [
      [
        { family: 'debian', version: '12' },
        [deb('libsope1', '5.8.0-1', 'sope'), deb('chromium', '97.0.4692.99-1', 'chromium')],
      ],
      [{ family: 'ubuntu', version: '22.04' }, [deb('libwayland-client0', '1.20.0-1', 'wayland')]],
      [
        { family: 'alpine', version: '3.15.4' },
        [
          {
            name: 'zlib',
            version: '1.2.12-r1',
            type: 'apk',
            purl: 'pkg:apk/alpine/zlib@1.2.12-r1',
            source: { name: 'zlib', version: '1.2.12-r1' },
          },
        ],
      ],
    ];

    (skip ? it.skip : it)('gives the same findings as SQLite', async () => {
      const paths = ['debian-tracker', 'alpine-secdb', 'ubuntu-osv'].map((p) => fixture('vulndata', p));
      const sqlite = await openStore({ db: join(tmp, 'same.sqlite') });
      const postgres = await openStore({ db: pg!.url });
      try {
        const a = await importPaths(paths, { store: sqlite });
        const b = await importPaths(paths, { store: postgres });
        expect(b).toMatchObject({ records: a.records, added: a.added, invalidCount: 0 });
        const again = await importPaths(paths, { store: postgres });
        expect(again).toMatchObject({ added: 0, updated: 0, unchanged: a.records });
        for (const [os, pkgs] of cases) {
          const fromPg = await matchVulnerabilities(postgres, os, pkgs);
          expect(fromPg.length).toBeGreaterThan(0);
          expect(fromPg).toEqual(await matchVulnerabilities(sqlite, os, pkgs));
        }
        expect((await postgres.stats({ detailed: true })).ecosystems).toEqual(
          (await sqlite.stats({ detailed: true })).ecosystems,
        );
      } finally {
        await sqlite.close();
        await postgres.close();
      }
    });
  },
);
