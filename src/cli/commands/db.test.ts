// `bulwark db` as a user runs it: the built CLI against a temp DB and the shared fixtures.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli } from '../../../test/support/cli.js';
import { describeWithFixtures, fixture } from '../../../test/support/fixtures.js';

const tmp = mkdtempSync(join(tmpdir(), 'bulwark-dbcli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describeWithFixtures('bulwark db import / status', ['vulndata'], () => {
  const db = join(tmp, 'cli.sqlite');

  it('imports fixtures, is idempotent, and reports status as table and JSON', () => {
    const paths = ['alpine-secdb', 'debian-tracker', 'ubuntu-osv'].map((p) => fixture('vulndata', p));
    const first = cli(['db', 'import', ...paths, '--db', db, '--format', 'json']);
    expect(first.status).toBe(0);
    const r1 = JSON.parse(first.stdout);
    expect(r1).toMatchObject({ added: r1.records, updated: 0, invalidCount: 0 });
    const again = JSON.parse(cli(['db', 'import', ...paths, '--db', db, '--format', 'json']).stdout);
    expect(again).toMatchObject({ records: r1.records, added: 0, updated: 0, unchanged: r1.records });

    const table = cli(['db', 'status', '--db', db]);
    expect(table.status).toBe(0);
    expect(table.stdout).toMatch(/Advisories:\s+\d+/);
    expect(table.stdout).toMatch(/Alpine\s+v3\.15\s+16/);
    expect(table.stdout).toMatch(/import:.*debian-tracker/);

    const status = JSON.parse(cli(['db', 'status', '--db', db, '--format', 'json']).stdout);
    expect(status).toMatchObject({ exists: true, dialect: 'sqlite', stale: false, advisories: r1.records });
    expect(status.ecosystems.map((e: { ecosystem: string }) => e.ecosystem)).toEqual([
      'Alpine',
      'Debian',
      'Ubuntu',
    ]);
    expect(status.ageSeconds).toBeLessThan(600);
  });

  it('BULWARK_DB selects the database', () => {
    const envDb = join(tmp, 'env.sqlite');
    expect(
      cli(['db', 'import', fixture('vulndata/wolfi-secdb')], { env: { BULWARK_DB: envDb } }).status,
    ).toBe(0);
    const status = JSON.parse(
      cli(['db', 'status', '--format', 'json'], { env: { BULWARK_DB: envDb } }).stdout,
    );
    expect(status).toMatchObject({ location: envDb, advisories: 59 });
  });
});

describe('bulwark db errors', () => {
  it('an empty DB says how to load data', () => {
    const r = cli(['db', 'status', '--db', join(tmp, 'none.sqlite')]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/No vulnerability data.*\n.*bulwark db update/);
  });

  it.each([
    [['db', 'import', join(tmp, 'missing.json')], 3, /missing\.json: no such file or directory/],
    [['db', 'status', '--format', 'xml'], 2, /unknown --format "xml"/],
    [['db', 'import'], 2, /missing required argument/],
  ])('%j exits %i with one line', (args, code, message) => {
    const r = cli([...args, '--db', join(tmp, 'err.sqlite')]);
    expect(r.status).toBe(code);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('an invalid record is named, the rest imported, and the exit code says INVALID_INPUT', () => {
    const bad = join(tmp, 'bad.json');
    writeFileSync(bad, JSON.stringify({ id: 'X-1', modified: 5 }));
    const r = cli(['db', 'import', bad, '--db', join(tmp, 'bad.sqlite')]);
    expect(r.status).toBe(4);
    expect(r.stderr).toMatch(/bad\.json: modified: expected a string, got a number/);
  });

  it('a non-SQLite --db is a DB error', () => {
    const junk = join(tmp, 'junk.sqlite');
    writeFileSync(
      junk,
      'not sqlite at all, just some text that is long enough to look like a file '.repeat(50),
    );
    const r = cli(['db', 'status', '--db', junk]);
    expect(r.status).toBe(15);
    expect(r.stderr).toMatch(/cannot open the vulnerability DB/);
  });
});
