// Archive readers that stream entries without extracting anything to disk: zip (yauzl, reading the
// central directory of a file) and tar, gzipped or not (tar-stream + zlib). Hostile archives stop with
// one error: names escaping the root (`../`, absolute) → UNSAFE_PATH, bombs and oversize → LIMIT_EXCEEDED,
// cut-off data → TRUNCATED, corrupt structure → INVALID_INPUT.
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { Transform, type Readable } from 'node:stream';
import { crc32, createGunzip, inflateRawSync } from 'node:zlib';
import { BulwarkError, wrapError } from '../../core/errors.js';
import { limitError, type ImportLimits } from './limits.js';

export interface ArchiveEntry {
  /** Path inside the archive. */
  path: string;
  /** Size when the archive declares it. */
  size?: number;
  stream: ByteSource;
}

/** What readers consume: Node streams, tar-stream (streamx) entries, anything async-iterable. */
export type ByteSource = AsyncIterable<Uint8Array | string>;

/** Reject names that would escape an extraction root, even though we never extract. */
export function checkEntryName(path: string, archive: string): void {
  const p = path.replace(/\\/g, '/');
  if (p.includes('\0') || p.startsWith('/') || /^[A-Za-z]:/.test(p) || p.split('/').includes('..')) {
    throw new BulwarkError(
      'UNSAFE_PATH',
      `${archive}: entry "${path.replace(/\0/g, '\\0')}" points outside the archive root; refusing it`,
    );
  }
}

export async function isGzipFile(path: string): Promise<boolean> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(2);
    const { bytesRead } = await fh.read(buf, 0, 2, 0);
    return bytesRead === 2 && buf[0] === 0x1f && buf[1] === 0x8b;
  } finally {
    await fh.close();
  }
}

/** Map an error met while reading an entry's bytes (zip or tar) to the code that describes it. */
export function streamError(err: unknown, name: string): BulwarkError {
  return zipError(err, name);
}

function zipError(err: unknown, archive: string): BulwarkError {
  if (err instanceof BulwarkError) return err;
  const msg = (err as Error).message ?? String(err);
  if (/invalid relative path|absolute path/i.test(msg))
    return new BulwarkError('UNSAFE_PATH', `${archive}: ${msg}`);
  if (
    (err as NodeJS.ErrnoException).code === 'Z_BUF_ERROR' ||
    /too many bytes|too few bytes|end of central directory|unexpected (EOF|end)|truncated|premature/i.test(
      msg,
    )
  ) {
    return new BulwarkError(
      /too many bytes/i.test(msg) ? 'LIMIT_EXCEEDED' : 'TRUNCATED',
      `${archive}: ${msg}`,
    );
  }
  return wrapError(`${archive}: not a valid zip archive`, err, 'INVALID_INPUT');
}

/** Entries of a zip file, one at a time: the caller consumes each stream before asking for the next. */
export async function* zipEntries(
  file: string,
  archive: string,
  limits: ImportLimits,
): AsyncGenerator<ArchiveEntry> {
  const yauzl = await import('yauzl');
  const zip = await new Promise<import('yauzl').ZipFile>((resolve, reject) =>
    yauzl.open(
      file,
      { lazyEntries: true, autoClose: false, validateEntrySizes: true, decodeStrings: true },
      (err, z) => (err ? reject(zipError(err, archive)) : resolve(z!)),
    ),
  );
  const fh = await open(file, 'r');
  const window = new ReadWindow(fh);
  let failure: BulwarkError | undefined;
  zip.on('error', (err) => (failure = zipError(err, archive)));
  let count = 0;
  let total = 0;
  try {
    for (;;) {
      const entry = await new Promise<import('yauzl').Entry | null>((resolve, reject) => {
        if (failure) return reject(failure);
        const onEntry = (e: import('yauzl').Entry): void => {
          cleanup();
          resolve(e);
        };
        const onEnd = (): void => {
          cleanup();
          resolve(null);
        };
        const onError = (err: unknown): void => {
          cleanup();
          reject(zipError(err, archive));
        };
        const cleanup = (): void => {
          zip.off('entry', onEntry).off('end', onEnd).off('error', onError);
        };
        zip.on('entry', onEntry).on('end', onEnd).on('error', onError);
        zip.readEntry();
      });
      if (!entry) return;
      checkEntryName(entry.fileName, archive);
      if (++count > limits.maxArchiveEntries)
        throw limitError('the number of entries', limits.maxArchiveEntries, archive);
      if (entry.fileName.endsWith('/')) continue;
      total += entry.uncompressedSize;
      if (total > limits.maxArchiveBytes)
        throw limitError('the unpacked size', limits.maxArchiveBytes, archive);
      if (
        entry.uncompressedSize > 1024 * 1024 &&
        entry.uncompressedSize / Math.max(1, entry.compressedSize) > limits.maxRatio
      ) {
        throw new BulwarkError(
          'LIMIT_EXCEEDED',
          `${archive}!${entry.fileName}: compression ratio ${Math.round(entry.uncompressedSize / Math.max(1, entry.compressedSize))}:1 exceeds ${limits.maxRatio}:1; refusing a decompression bomb`,
        );
      }
      if (entry.isEncrypted())
        throw new BulwarkError(
          'INVALID_INPUT',
          `${archive}!${entry.fileName}: encrypted entries are not supported`,
        );
      if (
        entry.compressedSize <= SMALL_ENTRY &&
        (entry.compressionMethod === 0 || entry.compressionMethod === 8)
      ) {
        // Fast path for the common case (an OSV all.zip holds ~10^5 small records): read the
        // compressed bytes in one call and inflate synchronously, bounded by the declared size, then
        // check size and CRC-32 as yauzl's validateEntrySizes would. Per-entry streams cost ~0.5 ms each.
        const data = await readSmallEntry(window, entry, archive);
        yield { path: entry.fileName, size: entry.uncompressedSize, stream: once(data) };
        continue;
      }
      const stream = await new Promise<Readable>((resolve, reject) =>
        zip.openReadStream(entry, (err, s) => (err ? reject(zipError(err, archive)) : resolve(s!))),
      );
      try {
        yield { path: entry.fileName, size: entry.uncompressedSize, stream };
      } finally {
        if (!stream.readableEnded) stream.destroy();
      }
    }
  } finally {
    zip.close();
    await fh.close();
  }
}

const SMALL_ENTRY = 4 * 1024 * 1024;

async function* once(data: Buffer): AsyncGenerator<Buffer> {
  yield data;
}

/**
 * Reads a file through an 8 MiB window: zip writers lay entries out in central-directory order, so
 * consecutive small entries come from one read instead of two async reads each.
 */
class ReadWindow {
  private start = 0;
  private buf = Buffer.alloc(0);
  constructor(private readonly fh: import('node:fs/promises').FileHandle) {}

  async read(pos: number, len: number): Promise<Buffer> {
    if (pos >= this.start && pos + len <= this.start + this.buf.length) {
      return this.buf.subarray(pos - this.start, pos - this.start + len);
    }
    const size = Math.max(len, 8 * 1024 * 1024);
    const buf = Buffer.alloc(size);
    const { bytesRead } = await this.fh.read(buf, 0, size, pos);
    this.start = pos;
    this.buf = buf.subarray(0, bytesRead);
    return this.buf.subarray(0, Math.min(len, bytesRead));
  }
}

async function readSmallEntry(
  window: ReadWindow,
  entry: import('yauzl').Entry,
  archive: string,
): Promise<Buffer> {
  const name = `${archive}!${entry.fileName}`;
  // Local file header (APPNOTE.TXT 4.3.7): signature, …, name length at 26, extra length at 28.
  const header = await window.read(entry.relativeOffsetOfLocalHeader, 30);
  if (header.length < 30) throw new BulwarkError('TRUNCATED', `${name}: local header ends early`);
  if (header.readUInt32LE(0) !== 0x04034b50)
    throw new BulwarkError('INVALID_INPUT', `${name}: bad local file header`);
  const dataStart =
    entry.relativeOffsetOfLocalHeader + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
  const raw = await window.read(dataStart, entry.compressedSize);
  if (raw.length !== entry.compressedSize)
    throw new BulwarkError('TRUNCATED', `${name}: entry data ends early`);
  let data: Buffer;
  if (entry.compressionMethod === 0) data = Buffer.from(raw);
  else {
    try {
      data = inflateRawSync(raw, { maxOutputLength: Math.max(1, entry.uncompressedSize) });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ERR_BUFFER_TOO_LARGE') {
        throw new BulwarkError(
          'LIMIT_EXCEEDED',
          `${name}: inflates beyond its declared ${entry.uncompressedSize} bytes`,
        );
      }
      if (code === 'Z_BUF_ERROR') throw new BulwarkError('TRUNCATED', `${name}: compressed data ends early`);
      throw new BulwarkError('INVALID_INPUT', `${name}: corrupt compressed data (${(err as Error).message})`);
    }
  }
  if (data.length !== entry.uncompressedSize) {
    throw new BulwarkError(
      'INVALID_INPUT',
      `${name}: ${data.length} bytes where the archive declares ${entry.uncompressedSize}`,
    );
  }
  if (crc32(data) >>> 0 !== entry.crc32 >>> 0)
    throw new BulwarkError('INVALID_INPUT', `${name}: CRC-32 mismatch`);
  return data;
}

/** Counts decompressed bytes and stops a bomb: a total cap and a ratio cap against the compressed bytes read. */
function bombGuard(archive: string, limits: ImportLimits, compressedSoFar: () => number): Transform {
  let out = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, cb) {
      out += chunk.length;
      if (out > limits.maxArchiveBytes)
        return cb(limitError('the unpacked size', limits.maxArchiveBytes, archive));
      if (out > 64 * 1024 * 1024 && out / Math.max(1, compressedSoFar()) > limits.maxRatio) {
        return cb(
          new BulwarkError(
            'LIMIT_EXCEEDED',
            `${archive}: compression ratio above ${limits.maxRatio}:1; refusing a decompression bomb`,
          ),
        );
      }
      cb(null, chunk);
    },
  });
}

function tarError(err: unknown, archive: string): BulwarkError {
  if (err instanceof BulwarkError) return err;
  const e = err as NodeJS.ErrnoException;
  const msg = e.message ?? String(err);
  if (e.code === 'Z_BUF_ERROR' || /unexpected end|premature|truncated/i.test(msg)) {
    return new BulwarkError('TRUNCATED', `${archive}: archive ends early (${msg})`);
  }
  return wrapError(`${archive}: not a valid tar archive`, err, 'INVALID_INPUT');
}

/** Entries of a tar or tar.gz file, streamed. */
export async function* tarEntries(
  file: string,
  archive: string,
  limits: ImportLimits,
): AsyncGenerator<ArchiveEntry> {
  const { extract } = await import('tar-stream');
  const gz = await isGzipFile(file);
  const raw = createReadStream(file);
  let compressed = 0;
  raw.on('data', (c: Buffer | string) => (compressed += c.length));
  const ex = extract();
  const fail = (err: unknown): void => {
    ex.destroy(tarError(err, archive));
  };
  raw.on('error', fail);
  if (gz) {
    const gunzip = createGunzip();
    const guard = bombGuard(archive, limits, () => compressed);
    gunzip.on('error', fail);
    guard.on('error', fail);
    raw.pipe(gunzip).pipe(guard).pipe(ex);
  } else {
    const guard = bombGuard(archive, limits, () => Number.POSITIVE_INFINITY);
    guard.on('error', fail);
    raw.pipe(guard).pipe(ex);
  }
  let count = 0;
  try {
    for await (const entry of ex) {
      const h = entry.header;
      checkEntryName(h.name, archive);
      if (++count > limits.maxArchiveEntries)
        throw limitError('the number of entries', limits.maxArchiveEntries, archive);
      if (h.type !== 'file' && h.type !== 'contiguous-file') {
        entry.resume();
        continue;
      }
      yield { path: h.name, ...(h.size !== undefined ? { size: h.size } : {}), stream: entry as ByteSource };
      // An entry the caller skipped must still be drained before the next header can be read.
      (entry as unknown as { resume(): void }).resume();
    }
  } catch (err) {
    throw tarError(err, archive);
  } finally {
    raw.destroy();
  }
}
