// rpm's SQLite package database (rpmdb.sqlite: Fedora ≥ 33, RHEL ≥ 9, CBL-Mariner, Azure Linux).
// ref: rpm lib/backend/sqlite.c: table Packages(hnum INTEGER PRIMARY KEY, blob BLOB).
// The file is opened from memory (node:sqlite's deserialize, sqlite3_deserialize), read-only, no
// temp files. node:sqlite is loaded on first use so images without an rpmdb.sqlite never pay for it.
import { createRequire } from 'node:module';
import type { DatabaseSync } from 'node:sqlite';
import { BulwarkError } from '../../../core/errors.js';

const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');

export function isSqlite(buf: Buffer): boolean {
  return buf.length >= 100 && buf.subarray(0, 16).equals(SQLITE_MAGIC);
}

export function readSqlite(buf: Buffer, where: string): Buffer[] {
  if (!isSqlite(buf)) throw new BulwarkError('INVALID_INPUT', `${where}: not an SQLite database`);
  // rpm keeps the database in WAL mode (header bytes 18/19 = 2). A deserialised database has no
  // WAL file, and SQLite refuses WAL mode in memory, so read a copy marked as rollback-journal.
  let image = buf;
  if (buf[18] === 2 || buf[19] === 2) {
    image = Buffer.from(buf);
    image[18] = 1;
    image[19] = 1;
  }
  let db: DatabaseSync | undefined;
  try {
    const { DatabaseSync } = sqlite();
    db = new DatabaseSync(':memory:');
    db.deserialize(image);
    // A header blob is never written back: refuse writes on the copy as a read-only open would.
    db.exec('PRAGMA query_only = ON');
    const table = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'Packages'").get();
    if (!table) throw new BulwarkError('INVALID_INPUT', `${where}: no Packages table; not an rpm database`);
    const stmt = db.prepare('SELECT blob FROM Packages ORDER BY hnum');
    stmt.setReturnArrays(true);
    const rows = stmt.all() as unknown as [unknown][];
    return rows.map(([blob], i) => {
      if (!(blob instanceof Uint8Array))
        throw new BulwarkError('INVALID_INPUT', `${where}: row ${i + 1} holds no header blob`);
      return Buffer.from(blob.buffer, blob.byteOffset, blob.byteLength);
    });
  } catch (err) {
    if (err instanceof BulwarkError) throw err;
    throw new BulwarkError(
      'INVALID_INPUT',
      `${where}: corrupt SQLite rpm database: ${(err as Error).message}`,
      { cause: err },
    );
  } finally {
    if (db?.isOpen) db.close();
  }
}

/** `node:sqlite`, required lazily (analyzers are synchronous, so no `await import`). */
let loaded: typeof import('node:sqlite') | undefined;
function sqlite(): typeof import('node:sqlite') {
  loaded ??= createRequire(import.meta.url)('node:sqlite') as typeof import('node:sqlite');
  return loaded;
}
