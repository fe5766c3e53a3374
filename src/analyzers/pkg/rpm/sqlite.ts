// rpm's SQLite package database (rpmdb.sqlite: Fedora ≥ 33, RHEL ≥ 9, CBL-Mariner, Azure Linux).
// ref: rpm lib/backend/sqlite.c: table Packages(hnum INTEGER PRIMARY KEY, blob BLOB).
// The file is opened from memory (better-sqlite3 deserialises a Buffer), read-only, no temp files.
import Database from 'better-sqlite3';
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
  let db: Database.Database | undefined;
  try {
    db = new Database(image, { readonly: true });
    const table = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'Packages'").get();
    if (!table) throw new BulwarkError('INVALID_INPUT', `${where}: no Packages table; not an rpm database`);
    const rows = db.prepare('SELECT blob FROM Packages ORDER BY hnum').raw().all() as [unknown][];
    return rows.map(([blob], i) => {
      if (!Buffer.isBuffer(blob))
        throw new BulwarkError('INVALID_INPUT', `${where}: row ${i + 1} holds no header blob`);
      return blob;
    });
  } catch (err) {
    if (err instanceof BulwarkError) throw err;
    throw new BulwarkError(
      'INVALID_INPUT',
      `${where}: corrupt SQLite rpm database: ${(err as Error).message}`,
      { cause: err },
    );
  } finally {
    db?.close();
  }
}
