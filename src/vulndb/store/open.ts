// Opening the store: where it lives (--db, BULWARK_DB, ~/.cache/bulwark/db.sqlite), which dialect
// (a postgres:// URL selects PostgreSQL), and bringing the schema up to date with the migrations.
import { existsSync, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import { Migrator } from 'kysely/migration';
import { BulwarkError, wrapError } from '../../core/errors.js';
import { executedMigrations, latestMigration, migrations } from '../schema/migrations.js';
import type { Database } from '../schema/tables.js';
import { KyselyStore } from './kysely-store.js';
import { kyselySqlite } from './node-sqlite.js';
import type { Dialect, VulnStore } from './types.js';

export interface OpenOptions {
  /** A file path or a postgres:// URL; defaults to BULWARK_DB, then ~/.cache/bulwark/db.sqlite. */
  db?: string;
  /** Create the database (and its directory) when missing. Default true. */
  create?: boolean;
}

/** The default SQLite file, following the XDG base directory spec like Trivy's cache. */
export function defaultDbPath(env: NodeJS.ProcessEnv = process.env): string {
  const cache = env.XDG_CACHE_HOME?.trim() || join(env.HOME?.trim() || homedir(), '.cache');
  return join(cache, 'bulwark', 'db.sqlite');
}

export function resolveDbLocation(db?: string, env: NodeJS.ProcessEnv = process.env): string {
  const chosen = db?.trim() || env.BULWARK_DB?.trim() || defaultDbPath(env);
  return isPostgresUrl(chosen) ? chosen : resolve(chosen);
}

export function isPostgresUrl(location: string): boolean {
  return /^postgres(ql)?:\/\//i.test(location);
}

/** A URL fit for messages and status output: the password is never shown. */
export function redactUrl(location: string): string {
  try {
    const u = new URL(location);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return location.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
  }
}

export async function openStore(opts: OpenOptions = {}): Promise<VulnStore> {
  const location = resolveDbLocation(opts.db);
  const create = opts.create ?? true;
  return isPostgresUrl(location) ? openPostgres(location) : openSqlite(location, create);
}

async function openSqlite(path: string, create: boolean): Promise<VulnStore> {
  if (!existsSync(path)) {
    if (!create) {
      throw new BulwarkError(
        'DB_ERROR',
        `no vulnerability DB at ${path}; run \`bulwark db update\` (or \`bulwark db import PATH\` offline)`,
      );
    }
    try {
      mkdirSync(dirname(path), { recursive: true });
    } catch (err) {
      throw wrapError(`cannot create the directory for the vulnerability DB ${path}`, err, 'DB_ERROR');
    }
  }
  // node:sqlite is built into Node (no native addon to compile at install). Loaded here, not at the
  // top, so commands that never open the DB do not pay for it.
  const { DatabaseSync } = await import('node:sqlite');
  let handle: import('node:sqlite').DatabaseSync | undefined;
  try {
    // timeout: wait up to 30 s for another process's write lock (busy_timeout), as before.
    handle = new DatabaseSync(path, { timeout: 30_000 });
    handle.exec('PRAGMA journal_mode = WAL');
    handle.exec('PRAGMA synchronous = NORMAL');
    handle.exec('PRAGMA temp_store = MEMORY');
    handle.exec('PRAGMA cache_size = -65536');
    // Anything that is not a SQLite file fails here, on the first read.
    const tables = handle
      .prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%'")
      .all() as { name: string }[];
    const names = new Set(tables.map((t) => t.name));
    if (names.size && !names.has('kysely_migration')) {
      throw new BulwarkError(
        'DB_ERROR',
        `${path} is a SQLite database but not a Bulwark vulnerability DB; choose another --db path`,
      );
    }
  } catch (err) {
    if (handle?.isOpen) handle.close();
    if (err instanceof BulwarkError) throw err;
    throw wrapError(`cannot open the vulnerability DB ${path} (is it a SQLite file?)`, err, 'DB_ERROR');
  }
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: kyselySqlite(handle) }) });
  await migrate(db, 'sqlite', path);
  return new KyselyStore(db, 'sqlite', path);
}

async function openPostgres(url: string): Promise<VulnStore> {
  const shown = redactUrl(url);
  const { default: pg } = await import('pg');
  const pool = new pg.Pool({ connectionString: url, max: 4, connectionTimeoutMillis: 15_000 });
  // An idle client error (server restart) must not crash the process; the next query reports it.
  pool.on('error', () => {});
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  try {
    await sql`select 1`.execute(db);
  } catch (err) {
    await db.destroy().catch(() => {});
    throw wrapError(`cannot connect to the vulnerability DB ${shown}`, err, 'DB_ERROR');
  }
  await migrate(db, 'postgres', shown);
  return new KyselyStore(db, 'postgres', shown);
}

async function migrate(db: Kysely<Database>, dialect: Dialect, shown: string): Promise<void> {
  const known = migrations(dialect);
  try {
    const done = await executedMigrations(db as Kysely<unknown>);
    const unknown = done.filter((n) => !(n in known));
    if (unknown.length) {
      throw new BulwarkError(
        'DB_ERROR',
        `the vulnerability DB ${shown} has schema ${unknown.sort().at(-1)}, newer than this Bulwark ` +
          `understands (${latestMigration(dialect)}); upgrade Bulwark or point --db at another file`,
      );
    }
    if (done.length === Object.keys(known).length) return;
    const migrator = new Migrator({ db, provider: { getMigrations: async () => known } });
    const { error } = await migrator.migrateToLatest();
    if (error) throw error;
  } catch (err) {
    await db.destroy().catch(() => {});
    if (err instanceof BulwarkError) throw err;
    throw wrapError(`cannot migrate the vulnerability DB ${shown}`, err, 'DB_ERROR');
  }
}
