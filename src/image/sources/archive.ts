// An image archive (docker-archive or oci-archive tar, plain or gzipped) seen as a set of named
// files that can be read without extracting anything. Two implementations: TarFileArchive jumps
// from header to header of a plain tar and reads any member by offset (random access);
// GzipTarArchive must inflate sequentially, see its header comment for the approach.
import { BulwarkError } from '../../core/errors.js';
import type { FileType } from '../types.js';
import { cleanImagePath } from '../walk/path.js';
import { resolvePath, type LinkInfo } from '../walk/resolve.js';

export interface ArchiveEntry {
  /** Normalised member name (no `./`, no leading `/`, no trailing `/`). */
  name: string;
  type: FileType;
  linkname?: string;
  size: number;
  /** Position in the archive (0-based member number), for read-order hints. */
  ordinal: number;
  /** Byte offset of the member's data in the (uncompressed) tar. */
  offset: number;
}

export interface Archive {
  readonly path: string;
  readonly compressed: boolean;
  /** Members by normalised name; the last of duplicate names wins, as on extraction. */
  readonly entries: ReadonlyMap<string, ArchiveEntry>;
  /** Follow symlinks and hard links inside the archive to the member holding the data. */
  resolve(name: string): ArchiveEntry | undefined;
  /** Read a whole (small) member; LIMIT_EXCEEDED past `maxBytes`. */
  readFile(name: string, maxBytes: number): Promise<Buffer>;
  /** Stream a member's data. */
  open(name: string): AsyncIterable<Buffer>;
  close(): Promise<void>;
}

/** Limits for the outer archive itself (not the layers inside it). */
export const MAX_ARCHIVE_MEMBERS = 1_000_000;

export function memberType(typeflag: string): FileType | 'meta' {
  switch (typeflag) {
    case '\0':
    case '0':
    case '7':
      return 'file';
    case '1':
      return 'hardlink';
    case '2':
      return 'symlink';
    case '3':
      return 'char';
    case '4':
      return 'block';
    case '5':
      return 'dir';
    case '6':
      return 'fifo';
    case 'x':
    case 'g':
    case 'L':
    case 'K':
      return 'meta';
    default:
      return 'other';
  }
}

/** Normalise a member name; members that climb out with `..` make the archive hostile. */
export function memberName(raw: string, archivePath: string): string {
  const name = cleanImagePath(raw);
  if (name === null || raw.includes('\0')) {
    throw new BulwarkError(
      'UNSAFE_PATH',
      `${archivePath}: member ${JSON.stringify(raw.slice(0, 200))} escapes the archive with "..": refusing a hostile archive`,
    );
  }
  return name;
}

export function resolveMember(
  entries: ReadonlyMap<string, ArchiveEntry>,
  name: string,
  archivePath: string,
): ArchiveEntry | undefined {
  // A manifest names members relative to the archive root. An absolute name or one that climbs
  // out with `..` is what a path-traversal attack looks like, never what an image tool writes.
  const clean = name.startsWith('/') || name.includes('\0') ? null : cleanImagePath(name);
  if (clean === null) {
    throw new BulwarkError(
      'UNSAFE_PATH',
      `${archivePath}: the manifest names ${JSON.stringify(name.slice(0, 200))}, an absolute path or one that escapes the archive with ".."; refusing a hostile archive`,
    );
  }
  let target: string;
  try {
    target = resolvePath(clean, entries as ReadonlyMap<string, LinkInfo>, { followHardlinks: true });
  } catch (err) {
    if (err instanceof BulwarkError) {
      throw new BulwarkError(err.code, `${archivePath}: ${name}: ${err.message}`, { cause: err });
    }
    throw err;
  }
  const e = entries.get(target);
  return e && e.type === 'file' ? e : undefined;
}

export function missingMember(archivePath: string, name: string): BulwarkError {
  return new BulwarkError('NOT_FOUND', `${archivePath}: the archive has no file ${JSON.stringify(name)}`);
}

export function tooBig(what: string, size: number, max: number): BulwarkError {
  return new BulwarkError(
    'LIMIT_EXCEEDED',
    `${what} is ${size} bytes, more than the ${max}-byte limit (maxJsonBytes); refusing a suspicious document`,
  );
}
