// Kysely's SqliteDialect over Node's built-in `node:sqlite` (DatabaseSync), so the embedded store
// needs no native addon and `npm ci` compiles nothing. Kysely's dialect speaks the better-sqlite3
// statement shape (`reader`, `all`, `run`, `iterate` taking an array of parameters); DatabaseSync's
// statements take parameters spread and report their result columns through `columns()`, so this
// adapter maps one onto the other and nothing else.
// ref: https://nodejs.org/api/sqlite.html, kysely src/dialect/sqlite/sqlite-dialect-config.ts
import type { DatabaseSync, SQLInputValue, StatementSync } from 'node:sqlite';
import type { SqliteDatabase, SqliteStatement } from 'kysely';

type Params = ReadonlyArray<unknown>;

/** The values node:sqlite binds; anything else (a boolean, undefined, an object) is a bug upstream. */
function bind(params: Params): SQLInputValue[] {
  return params as SQLInputValue[];
}

class Statement implements SqliteStatement {
  /** A statement that yields rows (SELECT, or DML with RETURNING) has result columns. */
  readonly reader: boolean;

  constructor(private readonly stmt: StatementSync) {
    this.reader = stmt.columns().length > 0;
  }

  all(params: Params): unknown[] {
    return this.stmt.all(...bind(params));
  }

  run(params: Params): { changes: number | bigint; lastInsertRowid: number | bigint } {
    const { changes, lastInsertRowid } = this.stmt.run(...bind(params));
    return { changes, lastInsertRowid };
  }

  iterate(params: Params): IterableIterator<unknown> {
    return this.stmt.iterate(...bind(params)) as IterableIterator<unknown>;
  }
}

/** Wrap an open DatabaseSync for `new SqliteDialect({ database })`. Closing it closes the handle. */
export function kyselySqlite(handle: DatabaseSync): SqliteDatabase {
  return {
    prepare: (sql: string) => new Statement(handle.prepare(sql)),
    close: () => {
      if (handle.isOpen) handle.close();
    },
  };
}
