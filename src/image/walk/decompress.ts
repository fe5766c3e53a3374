// Layer compression, detected from the first bytes rather than trusted from the media type: tools
// mislabel layers (a `+gzip` type over a plain tar, docker-archive `layer.tar` files that are
// gzipped), and the bytes are what a runtime unpacks. gzip via node:zlib (threadpool, off the main
// thread), zstd via fzstd (pure JS). Node 24's zlib decodes zstd natively and faster; moving to it
// must keep the per-block output limit and the error mapping below (not done yet).
// ref: RFC 1952 (gzip magic 1f 8b), RFC 8878 (zstd magic 28 b5 2f fd), POSIX tar.
import { createGunzip } from 'node:zlib';
import { Decompress } from 'fzstd';
import { BulwarkError } from '../../core/errors.js';

export type Compression = 'gzip' | 'zstd' | 'none';

/** Magic-byte detection. `bzip2`/`xz` are recognised only to be refused with a clear message. */
export function sniffCompression(head: Uint8Array): Compression | 'bzip2' | 'xz' {
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (head.length >= 4 && head[0] === 0x28 && head[1] === 0xb5 && head[2] === 0x2f && head[3] === 0xfd) {
    return 'zstd';
  }
  if (head.length >= 3 && head[0] === 0x42 && head[1] === 0x5a && head[2] === 0x68) return 'bzip2';
  if (head.length >= 6 && head[0] === 0xfd && head[1] === 0x37 && head[2] === 0x7a && head[3] === 0x58) {
    return 'xz';
  }
  return 'none';
}

/** Bytes needed to tell the formats apart. */
export const SNIFF_BYTES = 6;

function gzipError(err: unknown, what: string): BulwarkError {
  const e = err as NodeJS.ErrnoException;
  if (e && e.code === 'Z_BUF_ERROR') {
    return new BulwarkError('TRUNCATED', `${what}: gzip stream ends early; the file is truncated`, {
      cause: err,
    });
  }
  return new BulwarkError('INVALID_INPUT', `${what}: corrupt gzip data (${e?.message ?? String(err)})`, {
    cause: err,
  });
}

/** Resolve when a writable drains, errors or closes (whichever comes first). */
function writable(stream: NodeJS.EventEmitter): Promise<void> {
  return new Promise<void>((resolve) => {
    const done = (): void => {
      stream.off('drain', done);
      stream.off('error', done);
      stream.off('close', done);
      resolve();
    };
    stream.on('drain', done);
    stream.on('error', done);
    stream.on('close', done);
  });
}

/**
 * Inflate a gzip byte stream (multi-member streams included, as gzip(1) does). zlib works on the
 * threadpool while the caller parses the previous output, so inflate and tar parsing overlap.
 * Abandoning the generator stops reading `input` without closing it (the caller may drain it).
 */
export async function* gunzipChunks(input: AsyncIterable<Buffer>, what: string): AsyncGenerator<Buffer> {
  const gunzip = createGunzip({ chunkSize: 1024 * 1024 });
  let failure: unknown = null;
  let stopped = false;
  gunzip.on('error', (err) => {
    failure ??= err;
  });
  const writer = (async () => {
    try {
      for await (const chunk of input) {
        if (failure || stopped) return;
        if (!gunzip.write(chunk)) await writable(gunzip);
      }
      if (!failure && !stopped) gunzip.end();
    } catch (err) {
      failure ??= err;
      gunzip.destroy(err instanceof Error ? err : new Error(String(err)));
    }
  })();
  try {
    for await (const out of gunzip as AsyncIterable<Buffer>) {
      yield out;
    }
  } catch (err) {
    failure ??= err;
  } finally {
    stopped = true;
    if (!gunzip.destroyed) gunzip.destroy();
    await writer;
  }
  if (failure) {
    if (failure instanceof BulwarkError) throw failure;
    throw gzipError(failure, what);
  }
}

function zstdError(err: unknown, what: string): BulwarkError {
  if (err instanceof BulwarkError) return err;
  const code = (err as { code?: unknown })?.code;
  if (code === 5) {
    return new BulwarkError('TRUNCATED', `${what}: zstd stream ends early; the file is truncated`, {
      cause: err,
    });
  }
  if (code === 1) {
    return new BulwarkError('LIMIT_EXCEEDED', `${what}: zstd window size is larger than supported`, {
      cause: err,
    });
  }
  const message =
    err instanceof RangeError ? 'too many zstd frames' : ((err as Error)?.message ?? String(err));
  return new BulwarkError('INVALID_INPUT', `${what}: corrupt zstd data (${message})`, { cause: err });
}

// fzstd recurses once per frame inside one push; small slices keep the stack shallow on hostile
// input made of thousands of tiny frames.
const ZSTD_SLICE = 16 * 1024;

/**
 * Decompress zstd. `onOutput` runs synchronously for every decoded block (≤128 KiB) so a size limit
 * can throw before a bomb fills memory: fzstd decodes a whole input slice in one call.
 */
export async function* unzstdChunks(
  input: AsyncIterable<Buffer>,
  what: string,
  onOutput: (n: number) => void,
): AsyncGenerator<Buffer> {
  let pending: Buffer[] = [];
  let failure: unknown = null;
  const d = new Decompress((chunk) => {
    if (chunk.length === 0) return;
    onOutput(chunk.length);
    pending.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
  });
  for await (const chunk of input) {
    if (failure) continue; // drain for the digest
    try {
      for (let off = 0; off < chunk.length; off += ZSTD_SLICE) {
        d.push(chunk.subarray(off, Math.min(chunk.length, off + ZSTD_SLICE)));
      }
    } catch (err) {
      failure = err;
      pending = [];
      continue;
    }
    if (pending.length) {
      const out = pending;
      pending = [];
      for (const b of out) yield b;
    }
  }
  if (!failure) {
    try {
      d.push(new Uint8Array(0), true);
    } catch (err) {
      failure = err;
    }
  }
  if (failure) throw zstdError(failure, what);
  for (const b of pending) yield b;
}
