// Random access into a plain (uncompressed) tar file: one pass reads only the 512-byte headers,
// jumping over member data, and records each member's data offset. Reading a member later is a
// positional read of that byte range, so a 1 GB docker-archive opens after reading a few KiB.
import { createReadStream } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { BulwarkError } from '../../core/errors.js';
import {
  MAX_ARCHIVE_MEMBERS,
  memberName,
  memberType,
  missingMember,
  resolveMember,
  tooBig,
  type Archive,
  type ArchiveEntry,
} from './archive.js';
import {
  BLOCK,
  decodeHeader,
  headerOnly,
  isZeroBlock,
  paddedSize,
  parsePax,
  TarFormatError,
} from './tar-header.js';

/** pax and GNU long-name records are small; anything bigger is hostile. */
const MAX_META_BYTES = 1024 * 1024;

export class TarFileArchive implements Archive {
  readonly compressed = false;
  private constructor(
    readonly path: string,
    private readonly fh: FileHandle,
    readonly entries: ReadonlyMap<string, ArchiveEntry>,
  ) {}

  static async open(path: string, fh: FileHandle): Promise<TarFileArchive> {
    const entries = await indexTar(fh, path);
    return new TarFileArchive(path, fh, entries);
  }

  resolve(name: string): ArchiveEntry | undefined {
    return resolveMember(this.entries, name, this.path);
  }

  async readFile(name: string, maxBytes: number): Promise<Buffer> {
    const e = this.resolve(name);
    if (!e) throw missingMember(this.path, name);
    if (e.size > maxBytes) throw tooBig(`${this.path}: ${name}`, e.size, maxBytes);
    const buf = Buffer.alloc(e.size);
    const { bytesRead } = await this.fh.read(buf, 0, e.size, e.offset);
    if (bytesRead !== e.size) throw truncated(this.path);
    return buf;
  }

  open(name: string): AsyncIterable<Buffer> {
    const e = this.resolve(name);
    if (!e) throw missingMember(this.path, name);
    if (e.size === 0) return (async function* () {})();
    // A separate stream per member: several layers may be walked at once.
    return createReadStream(this.path, {
      start: e.offset,
      end: e.offset + e.size - 1,
      highWaterMark: 1024 * 1024,
    });
  }

  async close(): Promise<void> {
    await this.fh.close().catch(() => undefined);
  }
}

function truncated(path: string): BulwarkError {
  return new BulwarkError(
    'TRUNCATED',
    `${path}: the tar archive ends in the middle of a member; the file is truncated`,
  );
}

async function indexTar(fh: FileHandle, path: string): Promise<Map<string, ArchiveEntry>> {
  const { size: fileSize } = await fh.stat();
  const entries = new Map<string, ArchiveEntry>();
  const block = Buffer.alloc(BLOCK);
  let pos = 0;
  let ordinal = 0;
  let longName: string | null = null;
  let longLink: string | null = null;
  let pax: Record<string, string> | null = null;
  let globalPax: Record<string, string> = {};
  const readAt = async (buf: Buffer, at: number): Promise<void> => {
    const { bytesRead } = await fh.read(buf, 0, buf.length, at);
    if (bytesRead !== buf.length) throw truncated(path);
  };
  for (;;) {
    if (pos + BLOCK > fileSize) {
      // A tar without its end-of-archive blocks but cut at a member boundary is still complete.
      if (pos === fileSize && ordinal > 0 && longName === null && pax === null) break;
      if (pos >= fileSize && ordinal === 0) {
        throw new BulwarkError('INVALID_INPUT', `${path}: empty file, not a tar archive`);
      }
      throw truncated(path);
    }
    await readAt(block, pos);
    if (isZeroBlock(block)) break; // end of archive (ref: POSIX ustar, two zero blocks)
    let h;
    try {
      h = decodeHeader(block);
    } catch (err) {
      const hint = ordinal === 0 ? ' (is it an image archive?)' : '';
      throw new BulwarkError(
        'INVALID_INPUT',
        `${path}: not a valid tar archive at byte ${pos}: ${(err as Error).message}${hint}`,
        { cause: err },
      );
    }
    const kind = memberType(h.typeflag);
    let size = h.size;
    if (kind !== 'meta' && pax?.size !== undefined) {
      const n = Number(pax.size);
      if (!Number.isSafeInteger(n) || n < 0) {
        throw new BulwarkError(
          'INVALID_INPUT',
          `${path}: pax header has a bad size ${JSON.stringify(pax.size)}`,
        );
      }
      size = n;
    }
    const dataAt = pos + BLOCK;
    const dataLen = kind !== 'meta' && headerOnly(h.typeflag) ? 0 : size;
    if (dataAt + dataLen > fileSize) throw truncated(path);
    if (kind === 'meta') {
      if (size > MAX_META_BYTES) {
        throw new BulwarkError(
          'LIMIT_EXCEEDED',
          `${path}: extended tar header of ${size} bytes is too large`,
        );
      }
      const data = Buffer.alloc(size);
      await readAt(data, dataAt);
      try {
        if (h.typeflag === 'x') pax = { ...globalPax, ...parsePax(data) };
        else if (h.typeflag === 'g') globalPax = { ...globalPax, ...parsePax(data) };
        else if (h.typeflag === 'L') longName = data.toString('utf8').replace(/\0.*$/s, '');
        else longLink = data.toString('utf8').replace(/\0.*$/s, '');
      } catch (err) {
        if (err instanceof TarFormatError) {
          throw new BulwarkError('INVALID_INPUT', `${path}: ${err.message}`, { cause: err });
        }
        throw err;
      }
    } else {
      if (ordinal >= MAX_ARCHIVE_MEMBERS) {
        throw new BulwarkError('LIMIT_EXCEEDED', `${path}: more than ${MAX_ARCHIVE_MEMBERS} archive members`);
      }
      const rawName = pax?.path ?? longName ?? h.name;
      const rawLink = pax?.linkpath ?? longLink ?? h.linkname;
      const name = memberName(rawName, path);
      const entry: ArchiveEntry = { name, type: kind, size: dataLen, ordinal: ordinal++, offset: dataAt };
      if (kind === 'symlink') entry.linkname = rawLink;
      else if (kind === 'hardlink') entry.linkname = memberName(rawLink, path);
      if (name !== '') entries.set(name, entry);
      pax = null;
      longName = null;
      longLink = null;
    }
    pos = dataAt + paddedSize(dataLen);
  }
  return entries;
}
