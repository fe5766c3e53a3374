// `db update` against a local mirror: real OSV data from the shared fixtures (the Go vulndb and PyPA
// advisory database), zipped per ecosystem as the OSV bucket lays it out, served by node:http on
// 127.0.0.1 with ETag and Last-Modified, including the 304 path; and a directory (file://) mirror.
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, cliAsync } from '../../../test/support/cli.js';
import { describeWithFixtures, fixture } from '../../../test/support/fixtures.js';
import { freePort } from '../../../test/support/registry.js';
import { writeZip, type ZipInput } from '../../../test/support/zip.js';
import { tarEntries } from '../import/archives.js';
import { readAll } from '../import/documents.js';
import { DEFAULT_LIMITS } from '../import/limits.js';
import { openStore } from '../store/open.js';
import { sourceFor } from './sources.js';
import { updateDb, type UpdateEvent } from './update.js';

const tmp = mkdtempSync(join(tmpdir(), 'bulwark-update-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function tarToZipEntries(tarGz: string, keep: (path: string) => boolean): Promise<ZipInput[]> {
  const out: ZipInput[] = [];
  for await (const e of tarEntries(tarGz, tarGz, DEFAULT_LIMITS)) {
    if (!keep(e.path)) continue;
    const data = await readAll(e.stream, e.path, 1 << 24);
    out.push({ name: e.path.split('/').pop()!, data });
  }
  return out;
}

interface Mirror {
  url: string;
  dir: string;
  requests: { path: string; ifNoneMatch?: string; ifModifiedSince?: string; status: number }[];
  close(): Promise<void>;
}

/** A static server for DIR with strong ETags (sha256 of the body) and Last-Modified, as GCS serves. */
async function serve(dir: string): Promise<Mirror> {
  const requests: Mirror['requests'] = [];
  const server: Server = createServer((req: IncomingMessage, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const record = (status: number): void => {
      requests.push({
        path,
        ...(req.headers['if-none-match'] ? { ifNoneMatch: String(req.headers['if-none-match']) } : {}),
        ...(req.headers['if-modified-since']
          ? { ifModifiedSince: String(req.headers['if-modified-since']) }
          : {}),
        status,
      });
    };
    let body: Buffer;
    try {
      if (path.includes('..')) throw new Error('bad path');
      body = readFileSync(join(dir, path));
    } catch {
      record(404);
      res.writeHead(404).end('not found');
      return;
    }
    const etag = `"${createHash('sha256').update(body).digest('hex').slice(0, 32)}"`;
    if (req.headers['if-none-match'] === etag) {
      record(304);
      res.writeHead(304, { etag }).end();
      return;
    }
    record(200);
    res.writeHead(200, {
      etag,
      'last-modified': new Date(Date.UTC(2024, 9, 1)).toUTCString(),
      'content-type': 'application/zip',
      'content-length': body.length,
    });
    res.end(body);
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${port}`,
    dir,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('mirror sources', () => {
  it.each([
    ['Debian', undefined, 'https://osv-vulnerabilities.storage.googleapis.com/Debian/all.zip'],
    ['Red Hat', undefined, 'https://osv-vulnerabilities.storage.googleapis.com/Red%20Hat/all.zip'],
    ['Rocky Linux', 'https://mirror.example/osv/', 'https://mirror.example/osv/Rocky%20Linux/all.zip'],
  ])('%s from %s', (eco, mirror, url) => {
    expect(sourceFor(eco, mirror)).toEqual({ kind: 'http', url });
  });

  it('takes directories and file:// URLs', () => {
    expect(sourceFor('Alpine', '/srv/osv')).toEqual({ kind: 'file', path: '/srv/osv/Alpine/all.zip' });
    expect(sourceFor('Alpine', 'file:///srv/osv')).toEqual({ kind: 'file', path: '/srv/osv/Alpine/all.zip' });
  });

  it.each([['../etc'], ['a/b'], ['']])('rejects ecosystem %j', (eco) => {
    expect(() => sourceFor(eco)).toThrow(/invalid --ecosystem/);
  });

  it('rejects other URL schemes', () => {
    expect(() => sourceFor('Debian', 'ftp://x/osv')).toThrow(/unsupported mirror/);
  });
});

describeWithFixtures(
  'db update from a local mirror of real OSV data',
  ['vulndata/osv-go-vulndb.tar.gz', 'vulndata/osv-pypa-advisory-database.tar.gz'],
  () => {
    let mirror: Mirror;
    let goEntries: ZipInput[];
    const db = join(tmp, 'update.sqlite');

    beforeAll(async () => {
      const dir = join(tmp, 'mirror');
      mkdirSync(join(dir, 'Go'), { recursive: true });
      mkdirSync(join(dir, 'PyPI'), { recursive: true });
      goEntries = await tarToZipEntries(fixture('vulndata/osv-go-vulndb.tar.gz'), (p) => p.endsWith('.json'));
      await writeZip(join(dir, 'Go', 'all.zip'), goEntries);
      await writeZip(
        join(dir, 'PyPI', 'all.zip'),
        await tarToZipEntries(fixture('vulndata/osv-pypa-advisory-database.tar.gz'), (p) =>
          p.endsWith('.yaml'),
        ),
      );
      mirror = await serve(dir);
    }, 300_000);
    afterAll(async () => {
      await mirror.close();
    });

    it('downloads and imports every ecosystem, then answers 304 and imports nothing', async () => {
      const events: UpdateEvent[] = [];
      const first = await updateDb({
        db,
        mirror: mirror.url,
        ecosystems: ['Go', 'PyPI'],
        onEvent: (e) => events.push(e),
      });
      expect(first.error).toBeUndefined();
      expect(first.changed).toBe(true);
      expect(first.feeds.map((f) => [f.ecosystem, f.status, f.records, f.added])).toEqual([
        ['Go', 'updated', 4291, 4291],
        ['PyPI', 'updated', 2661, 2661],
      ]);
      expect(events.some((e) => e.type === 'download' && e.total !== null && e.received === e.total)).toBe(
        true,
      );

      const second = await updateDb({ db, mirror: mirror.url, ecosystems: ['Go', 'PyPI'] });
      expect(second.feeds.map((f) => f.status)).toEqual(['not-modified', 'not-modified']);
      expect(second.changed).toBe(false);
      const conditional = mirror.requests.slice(-2);
      expect(conditional.map((r) => r.status)).toEqual([304, 304]);
      expect(conditional.every((r) => r.ifNoneMatch?.startsWith('"') && r.ifModifiedSince)).toBe(true);

      const store = await openStore({ db });
      try {
        const feed = await store.getFeed('osv:Go');
        expect(feed).toMatchObject({
          kind: 'update',
          location: `${mirror.url}/Go/all.zip`,
          records: 4291,
          etag: expect.stringMatching(/^"/),
        });
        expect(Date.parse(feed!.checkedAt)).toBeGreaterThanOrEqual(Date.parse(feed!.updatedAt));
        expect((await store.findAffected(['go'], ['golang.org/x/crypto'])).length).toBeGreaterThan(5);
      } finally {
        await store.close();
      }
    });

    it('a changed all.zip is downloaded again; only the changed record is written, withdrawn stops matching', async () => {
      const target = goEntries.find(
        (e) => JSON.parse(String(e.data)).affected?.[0]?.package?.name === 'golang.org/x/crypto',
      )!;
      const rec = JSON.parse(String(target.data));
      rec.withdrawn = '2026-01-01T00:00:00Z';
      rec.modified = '2026-01-01T00:00:00Z';
      const changed = goEntries.map((e) => (e === target ? { ...e, data: JSON.stringify(rec) } : e));
      await writeZip(join(mirror.dir, 'Go', 'all.zip'), changed);
      const r = await updateDb({ db, mirror: mirror.url, ecosystems: ['Go'] });
      expect(r.feeds[0]).toMatchObject({
        status: 'updated',
        records: 4291,
        added: 0,
        updated: 1,
        unchanged: 4290,
      });
      const store = await openStore({ db });
      try {
        const hits = await store.findAffected(['go'], ['golang.org/x/crypto']);
        expect(hits.map((h) => h.advisory.id)).not.toContain(rec.id);
      } finally {
        await store.close();
      }
    });

    it('a directory mirror (file://) works and is incremental by size and mtime', async () => {
      const dirDb = join(tmp, 'dir.sqlite');
      const url = pathToFileURL(mirror.dir).toString();
      const first = await updateDb({ db: dirDb, mirror: url, ecosystems: ['Go'] });
      expect(first.feeds[0]).toMatchObject({ status: 'updated', records: 4291 });
      expect((await updateDb({ db: dirDb, mirror: url, ecosystems: ['Go'] })).feeds[0]!.status).toBe(
        'not-modified',
      );
      utimesSync(join(mirror.dir, 'Go', 'all.zip'), new Date(), new Date(Date.now() + 5000));
      expect((await updateDb({ db: dirDb, mirror: mirror.dir, ecosystems: ['Go'] })).feeds[0]).toMatchObject({
        status: 'updated',
        unchanged: 4291,
      });
    });

    it('a missing ecosystem fails alone; the others still update', async () => {
      const r = await updateDb({
        db: join(tmp, 'partial.sqlite'),
        mirror: mirror.url,
        ecosystems: ['Debian', 'Go'],
      });
      expect(r.feeds.map((f) => f.status)).toEqual(['failed', 'updated']);
      expect(r.error).toMatchObject({
        code: 'NETWORK',
        message: expect.stringMatching(/Debian\/all\.zip: not found/),
      });
    });

    // The mirror runs in this process: the CLI must run asynchronously so the server can answer.
    it('the CLI updates with --mirror and prints JSON; a second run is up to date', async () => {
      const cliDb = join(tmp, 'cli.sqlite');
      const first = await cliAsync([
        'db',
        'update',
        '--mirror',
        mirror.url,
        '--ecosystem',
        'PyPI',
        '--db',
        cliDb,
        '--format',
        'json',
      ]);
      expect(first.status).toBe(0);
      expect(JSON.parse(first.stdout).feeds[0]).toMatchObject({
        ecosystem: 'PyPI',
        status: 'updated',
        records: 2661,
      });
      const second = await cliAsync(['db', 'update', '--db', cliDb, '--ecosystem', 'PyPI'], {
        env: { BULWARK_DB_MIRROR: mirror.url },
      });
      expect(second.status).toBe(0);
      expect(second.stdout).toMatch(/PyPI\s+up to date/);
      const status = JSON.parse(cli(['db', 'status', '--db', cliDb, '--format', 'json']).stdout);
      expect(status.feeds.map((f: { name: string }) => f.name)).toEqual(['osv:PyPI']);
      expect(status).toMatchObject({ stale: false, advisories: 2651 });
    }, 300_000);
  },
);

describe('db update without network', () => {
  it.each([
    ['an unresolvable host', 'https://osv-mirror.invalid/osv'],
    ['a closed port', 'http://127.0.0.1:9/osv'],
  ])('%s fails with NETWORK and says how to work offline', async (_name, url) => {
    const r = await updateDb({
      db: join(tmp, 'offline.sqlite'),
      mirror: url,
      ecosystems: ['Debian'],
      idleTimeoutMs: 10_000,
    });
    expect(r.feeds[0]!.status).toBe('failed');
    expect(r.error).toMatchObject({ code: 'NETWORK', message: expect.stringMatching(/--mirror.*db import/) });
  });

  it('the CLI exits 16 with one line', () => {
    const r = cli([
      'db',
      'update',
      '--mirror',
      'http://127.0.0.1:9/osv',
      '--db',
      join(tmp, 'offline-cli.sqlite'),
    ]);
    expect(r.status).toBe(16);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(
      /^bulwark: cannot download http:\/\/127\.0\.0\.1:9\/osv\/Debian\/all\.zip .*--mirror/,
    );
  });
});
