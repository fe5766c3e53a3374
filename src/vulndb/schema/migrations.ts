// Versioned schema migrations, run by kysely's Migrator in order. Names sort lexically: add new
// migrations at the end with the next number and never edit a released one. A database that has run
// a migration this build does not know was written by a newer Bulwark: we refuse it (DB_ERROR) rather
// than guess at its layout.
import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { Dialect } from '../store/types.js';

export function migrations(dialect: Dialect): Record<string, Migration> {
  return {
    '0001_initial': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('advisories')
          .addColumn('uid', dialect === 'postgres' ? 'serial' : 'integer', (c) =>
            dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
          )
          .addColumn('namespace', 'text', (c) => c.notNull())
          .addColumn('key', 'text', (c) => c.notNull())
          .addColumn('id', 'text', (c) => c.notNull())
          .addColumn('aliases', 'text', (c) => c.notNull())
          .addColumn('upstream', 'text', (c) => c.notNull())
          .addColumn('summary', 'text')
          .addColumn('severity', 'text', (c) => c.notNull())
          .addColumn('published', 'text')
          .addColumn('modified', 'text', (c) => c.notNull())
          .addColumn('withdrawn', 'text')
          .addColumn('refs', 'text', (c) => c.notNull())
          .addColumn('hash', 'text', (c) => c.notNull())
          .addColumn('imported_at', 'text', (c) => c.notNull())
          .addUniqueConstraint('advisories_namespace_key', ['namespace', 'key'])
          .execute();
        await db.schema.createIndex('advisories_id').on('advisories').column('id').execute();

        await db.schema
          .createTable('affected')
          .addColumn('advisory_uid', 'integer', (c) => c.notNull())
          .addColumn('distro', 'text', (c) => c.notNull())
          .addColumn('package', 'text', (c) => c.notNull())
          .addColumn('ecosystem', 'text', (c) => c.notNull())
          .addColumn('ranges', 'text', (c) => c.notNull())
          .addColumn('versions', 'text', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('severity', 'text', (c) => c.notNull())
          .execute();
        // The matching index: one lookup per (distro, package name).
        await db.schema
          .createIndex('affected_distro_package')
          .on('affected')
          .columns(['distro', 'package'])
          .execute();
        await db.schema.createIndex('affected_advisory').on('affected').column('advisory_uid').execute();

        await db.schema
          .createTable('feeds')
          .addColumn('name', 'text', (c) => c.primaryKey())
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('location', 'text', (c) => c.notNull())
          .addColumn('etag', 'text')
          .addColumn('last_modified', 'text')
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .addColumn('checked_at', 'text', (c) => c.notNull())
          .addColumn('records', 'integer', (c) => c.notNull().defaultTo(0))
          .execute();
      },
      async down(db: Kysely<unknown>) {
        await db.schema.dropTable('feeds').execute();
        await db.schema.dropTable('affected').execute();
        await db.schema.dropTable('advisories').execute();
      },
    },
  };
}

/** The newest schema this build knows: the last migration name. */
export function latestMigration(dialect: Dialect): string {
  return Object.keys(migrations(dialect)).sort().at(-1)!;
}

/** Names of migrations already run, or [] on a fresh database. */
export async function executedMigrations(db: Kysely<unknown>): Promise<string[]> {
  try {
    const r = await sql<{ name: string }>`select name from kysely_migration`.execute(db);
    return r.rows.map((x) => x.name);
  } catch {
    return []; // no migration table yet
  }
}
