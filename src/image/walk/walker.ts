// Stream one layer blob: verify its digest, decompress (detected by magic bytes), parse the tar with
// tar-stream and hand every entry to a visitor, never touching the disk. Whiteouts and opaque
// directories are reported, not visited (ref: OCI image-spec layer.md, "Whiteouts").
//
// Cost model: the stored bytes are hashed once (blob digest). The uncompressed bytes are hashed
// only when the layer is compressed and its diff id is known, or when no blob digest exists; for a
// plain tar the blob digest is the diff id. Entry content is buffered only when a visitor calls
// `read()`; everything else streams past. A visitor that returns nothing costs no promise.
import tar from 'tar-stream';
import { BulwarkError, isBulwarkError, wrapError } from '../../core/errors.js';
import { DigestVerifier, parseDigest, requireDigest, type ParsedDigest } from '../digest.js';
import type { FileEntry, FileType, ImageLimits, LayerVisitor, LayerWalkResult } from '../types.js';
import { gunzipChunks, sniffCompression, SNIFF_BYTES, unzstdChunks, type Compression } from './decompress.js';
import { LayerBudget, resolveLimits } from './limits.js';
import { baseName, joinPath, parentPath, requireImagePath } from './path.js';
import { StoredBlob } from './stored.js';

export interface WalkLayerOptions {
  /** Context for messages, e.g. `layer 2 (sha256:ab12…)`. */
  what: string;
  /** Digest of the stored blob; verified over the bytes as read. Null when the source names none. */
  digest?: string | null;
  /**
   * The source stream verifies `digest` itself and fails at its end on a mismatch (the registry
   * client does): the walker then does not hash the stored bytes a second time.
   */
  sourceVerifies?: boolean;
  /** Stored size from the descriptor; a shorter blob is TRUNCATED, a longer one a DIGEST_MISMATCH. */
  size?: number | null;
  /** Expected digest of the uncompressed tar (config rootfs.diff_ids[i]). */
  diffId?: string | null;
  limits?: Partial<ImageLimits>;
}

export interface LayerWalkOutcome extends LayerWalkResult {
  compression: Compression;
  storedBytes: number;
  uncompressedBytes: number;
  /** The verified digest of the uncompressed tar, when it was computed or is implied by the blob digest. */
  diffId: string | null;
}

/** Visitor errors are the caller's, not the layer's: they pass through without draining the blob. */
class VisitorError extends Error {
  constructor(readonly inner: unknown) {
    super('visitor failed');
  }
}

/** Files whose content a visitor read, kept (bounded) so that a later hard link can be read too. */
const HARDLINK_CACHE_BYTES = 64 * 1024 * 1024;

/** A tar header's type as Bulwark's FileType (layers and outer archives alike). */
export function tarFileType(t: string | null | undefined): FileType {
  switch (t) {
    case 'file':
    case 'contiguous-file':
      return 'file';
    case 'directory':
      return 'dir';
    case 'symlink':
      return 'symlink';
    case 'link':
      return 'hardlink';
    case 'character-device':
      return 'char';
    case 'block-device':
      return 'block';
    case 'fifo':
      return 'fifo';
    default:
      return 'other';
  }
}

async function* prepend(first: Buffer[], rest: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  for (const b of first) yield b;
  yield* rest;
}

export function tarError(err: unknown, what: string): BulwarkError {
  if (isBulwarkError(err)) return err;
  const message = err instanceof Error ? err.message : String(err);
  if (/unexpected end of data/i.test(message)) {
    return new BulwarkError(
      'TRUNCATED',
      `${what}: tar archive ends in the middle of an entry; the layer is truncated`,
      {
        cause: err,
      },
    );
  }
  if (/exceeds max size/i.test(message)) {
    return new BulwarkError('LIMIT_EXCEEDED', `${what}: tar extended header is larger than 4 MiB`, {
      cause: err,
    });
  }
  return new BulwarkError('INVALID_INPUT', `${what}: not a valid tar archive (${message})`, { cause: err });
}

/**
 * Walk one layer from its stored bytes. Resolves after the whole blob was read and verified; throws
 * DIGEST_MISMATCH, TRUNCATED, INVALID_INPUT, UNSAFE_PATH, LIMIT_EXCEEDED or UNSUPPORTED_MEDIA_TYPE.
 * Errors thrown by `visit` propagate unchanged.
 */
export async function walkLayerStream(
  source: AsyncIterable<Uint8Array>,
  visit: LayerVisitor,
  opts: WalkLayerOptions,
): Promise<LayerWalkOutcome> {
  const { what } = opts;
  const limits = resolveLimits(opts.limits);
  const blobDigest = opts.digest ? requireDigest(opts.digest, `${what}: digest`) : null;
  const diffDigest = opts.diffId ? requireDigest(opts.diffId, `${what}: diff id`) : null;
  const budget = new LayerBudget(limits, what);
  const blob = new StoredBlob(source, what, opts.sourceVerifies ? null : blobDigest, opts.size ?? null, (n) =>
    budget.addStored(n),
  );

  let compression: Compression;
  let plain: AsyncGenerator<Buffer> | null = null;
  let diffVerifier: DigestVerifier | null = null;
  const result: LayerWalkResult = { whiteouts: [], opaqueDirs: [], entries: 0 };
  try {
    const head: Buffer[] = [];
    let headLen = 0;
    while (headLen < SNIFF_BYTES) {
      const c = await blob.pull();
      if (c === null) break;
      head.push(c);
      headLen += c.length;
    }
    const sniffed = sniffCompression(head.length === 1 ? head[0]! : Buffer.concat(head));
    if (sniffed === 'bzip2' || sniffed === 'xz') {
      throw new BulwarkError(
        'UNSUPPORTED_MEDIA_TYPE',
        `${what}: ${sniffed}-compressed layers are not supported; recompress the image with gzip or zstd`,
      );
    }
    compression = sniffed;
    budget.compressed = compression !== 'none';
    const stored = prepend(head, blob.chunks());
    // A plain tar with a blob digest of the same algorithm is verified by the blob check alone.
    const diffImplied =
      compression === 'none' && blobDigest && diffDigest?.algorithm === blobDigest.algorithm;
    if (diffDigest && !diffImplied) diffVerifier = new DigestVerifier(diffDigest);
    else if (!diffDigest && !blobDigest)
      diffVerifier = new DigestVerifier(parseDigest(`sha256:${'0'.repeat(64)}`)!);
    plain =
      compression === 'gzip'
        ? gunzipChunks(stored, what)
        : compression === 'zstd'
          ? unzstdChunks(stored, what, (n) => budget.addUncompressed(n))
          : stored;
    await parseTar(plain, visit, {
      what,
      limits,
      budget,
      result,
      diffVerifier,
      countOutput: compression !== 'zstd',
    });
    // The tar may end (end-of-archive blocks) before the blob does: hash the rest too.
    await blob.drain();
    blob.check();
    if (diffImplied && diffDigest!.hex !== blobDigest!.hex) {
      throw new BulwarkError(
        'DIGEST_MISMATCH',
        `${what}: uncompressed layer has digest ${blobDigest!.algorithm}:${blobDigest!.hex} but the config lists diff id ${opts.diffId}`,
      );
    }
    let diffId: string | null = null;
    if (diffVerifier && diffDigest) {
      diffVerifier.check(`${what}: uncompressed content (diff id)`);
      diffId = opts.diffId!;
    } else if (diffVerifier) {
      diffId = diffVerifier.actual();
    } else if (diffImplied || (compression === 'none' && blobDigest)) {
      diffId = `${blobDigest!.algorithm}:${blobDigest!.hex}`;
    }
    return {
      ...result,
      entries: budget.entries,
      compression,
      storedBytes: blob.bytes,
      uncompressedBytes: budget.uncompressed,
      diffId,
    };
  } catch (err) {
    await plain?.return(undefined).catch(() => undefined);
    if (err instanceof VisitorError) {
      await blob.close();
      throw err.inner;
    }
    if (blob.sourceError) {
      await blob.close();
      throw isBulwarkError(blob.sourceError)
        ? blob.sourceError
        : wrapError(what, blob.sourceError, 'INVALID_INPUT');
    }
    // A broken stream is first of all a blob that does not match its digest, when that is the case.
    if (blobDigest || opts.size != null) {
      try {
        await blob.drain();
        const problem = blob.problem();
        if (problem && !(problem.code === 'TRUNCATED' && isBulwarkError(err) && err.code === 'TRUNCATED')) {
          throw problem;
        }
      } catch (drainErr) {
        if (isBulwarkError(drainErr) && drainErr !== err) {
          await blob.close();
          throw drainErr;
        }
      }
    }
    await blob.close();
    throw isBulwarkError(err) ? err : wrapError(what, err, 'INVALID_INPUT');
  }
}

interface ParseContext {
  what: string;
  limits: ImageLimits;
  budget: LayerBudget;
  result: LayerWalkResult;
  diffVerifier: DigestVerifier | null;
  countOutput: boolean;
}

async function parseTar(plain: AsyncIterable<Buffer>, visit: LayerVisitor, ctx: ParseContext): Promise<void> {
  const { what, limits, budget, result } = ctx;
  // allowUnknownFormat: pre-POSIX (v7) headers are still checksummed, just not magic-tagged.
  const extract = tar.extract({ allowUnknownFormat: true } as Parameters<typeof tar.extract>[0]);
  let failure: unknown = null;
  const fail = (err: unknown): void => {
    failure ??= err;
    extract.destroy(err instanceof Error ? err : new Error(String(err)));
  };
  // Every drain/error/close/finish bumps `version`; waiting compares against the value seen
  // before the write, so an event fired synchronously inside write() is never missed.
  let version = 0;
  let waiter: (() => void) | null = null;
  const wake = (): void => {
    version++;
    const w = waiter;
    waiter = null;
    w?.();
  };
  const changedSince = async (v: number): Promise<void> => {
    while (version === v && !failure && !extract.destroyed) {
      await new Promise<void>((resolve) => {
        waiter = resolve;
      });
    }
  };
  extract.on('error', (err: Error) => {
    failure ??= err;
    wake();
  });
  extract.on('drain', wake);
  extract.on('close', wake);
  let finished = false;
  extract.on('finish', () => {
    finished = true;
    wake();
  });

  const readCache = new Map<string, Buffer>();
  let readCacheBytes = 0;

  extract.on('entry', (header: tar.Header, stream, next) => {
    // When the parser is destroyed it destroys the open entry stream with the same error; that
    // error is handled through the parser, so the stream needs a listener of its own (as
    // tar-stream's own async iterator does).
    stream.on('error', () => undefined);
    try {
      budget.addEntry();
      const path = requireImagePath(header.name, what);
      const type = tarFileType(header.type);
      const drain = (): void => {
        stream.on('end', () => next());
        stream.resume();
      };
      const base = baseName(path);
      if (path === '' || base.startsWith('.wh.')) {
        if (base === '.wh..wh..opq') result.opaqueDirs.push(parentPath(path));
        else if (base.startsWith('.wh.') && !base.startsWith('.wh..wh.')) {
          const name = base.slice(4);
          if (name === '' || name === '.' || name === '..') {
            throw new BulwarkError(
              'UNSAFE_PATH',
              `${what}: whiteout ${JSON.stringify(header.name)} names no file`,
            );
          }
          result.whiteouts.push(joinPath(parentPath(path), name));
        }
        // `.wh..wh.*` other than the opaque marker is AUFS bookkeeping (.wh..wh.plnk): ignored.
        drain();
        return;
      }
      let linkname: string | undefined;
      if (type === 'hardlink') {
        linkname = requireImagePath(header.linkname ?? '', `${what}: hard link ${path}`);
        if (linkname === '') {
          throw new BulwarkError('UNSAFE_PATH', `${what}: hard link ${path} points at the image root`);
        }
      } else if (type === 'symlink') {
        linkname = header.linkname ?? '';
      }
      const size = type === 'file' ? (header.size ?? 0) : 0;
      let reading: Promise<Buffer> | null = null;
      let active = true;
      const entry: FileEntry = {
        path,
        type,
        mode: header.mode ?? 0,
        uid: header.uid ?? 0,
        gid: header.gid ?? 0,
        size,
        ...(linkname !== undefined ? { linkname } : {}),
        read(limit?: number): Promise<Buffer> {
          if (reading) return reading;
          const max = Math.min(limit ?? limits.maxFileBytes, limits.maxFileBytes);
          if (type === 'hardlink') {
            const cached = readCache.get(linkname!);
            if (cached && cached.length <= max) return Promise.resolve(cached);
            return Promise.reject(
              new BulwarkError(
                'INVALID_INPUT',
                `${what}: ${path} is a hard link to ${linkname}, whose content was not read earlier in this layer`,
              ),
            );
          }
          if (type !== 'file') return Promise.resolve(Buffer.alloc(0));
          if (!active) {
            return Promise.reject(
              new BulwarkError(
                'INTERNAL',
                `${what}: read() of ${path} after its visitor returned; read inside the visitor`,
              ),
            );
          }
          if (size > max) {
            return Promise.reject(
              new BulwarkError(
                'LIMIT_EXCEEDED',
                `${what}: ${path} is ${size} bytes, more than the ${max}-byte read limit (maxFileBytes)`,
              ),
            );
          }
          reading = new Promise<Buffer>((resolve, reject) => {
            const parts: Buffer[] = [];
            stream.on('data', (c: unknown) => parts.push(c as Buffer));
            stream.on('error', reject);
            stream.on('end', () => {
              const buf = parts.length === 1 ? parts[0]! : Buffer.concat(parts);
              if (readCacheBytes + buf.length <= HARDLINK_CACHE_BYTES) {
                readCache.set(path, buf);
                readCacheBytes += buf.length;
              }
              resolve(buf);
            });
          });
          // Nobody may be awaiting yet; the failure still surfaces through the tar parser.
          reading.catch(() => undefined);
          return reading;
        },
      };
      const after = (): void => {
        active = false;
        if (reading) {
          reading.then(
            () => next(),
            (err) => fail(err),
          );
        } else {
          drain();
        }
      };
      let r: void | Promise<void>;
      try {
        r = visit(entry);
      } catch (err) {
        throw new VisitorError(err);
      }
      if (r && typeof (r as Promise<void>).then === 'function') {
        (r as Promise<void>).then(after, (err) => fail(new VisitorError(err)));
      } else {
        after();
      }
    } catch (err) {
      fail(err);
    }
  });

  try {
    for await (const chunk of plain) {
      if (failure) break;
      if (ctx.countOutput) budget.addUncompressed(chunk.length);
      ctx.diffVerifier?.update(chunk);
      const v = version;
      if (!extract.write(chunk)) await changedSince(v);
      if (failure) break;
    }
    if (!failure) {
      extract.end(null);
      while (!finished && !failure && !extract.destroyed) await changedSince(version);
    }
  } catch (err) {
    failure ??= err;
  }
  if (failure) {
    if (!extract.destroyed) extract.destroy();
    if (failure instanceof VisitorError) throw failure;
    throw tarError(failure, what);
  }
}

export type { ParsedDigest };
