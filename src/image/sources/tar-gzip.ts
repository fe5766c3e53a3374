// A gzipped image archive (`docker save | gzip`, alpine-310.tar.gz) cannot be read at an offset:
// deflate has no index. Approach, chosen over extracting to a temp dir (the brief forbids writing
// the image to disk) and over zran-style checkpoints (Node's zlib cannot prime a bit offset):
//  1. open() inflates the archive once, records every member in order and keeps the small ones
//     (≤ 1 MiB each, ≤ 64 MiB in all: manifests, configs, index.json, tiny layers) in memory;
//  2. a big member (a layer) is read through one sequential cursor that inflates forward and is
//     kept open between reads, so walking layers in archive order costs one more inflate pass in
//     all; a read behind the cursor restarts it from the top. `readOrder()` tells callers the
//     cheap order; reads are serialised.
// Cost: two inflate passes for a whole-image scan instead of one; memory stays bounded.
import { createReadStream } from 'node:fs';
import tar from 'tar-stream';
import { BulwarkError } from '../../core/errors.js';
import type { ImageLimits } from '../types.js';
import { gunzipChunks } from '../walk/decompress.js';
import { LayerBudget } from '../walk/limits.js';
import { tarError, tarFileType } from '../walk/walker.js';
import {
  MAX_ARCHIVE_MEMBERS,
  memberName,
  missingMember,
  resolveMember,
  tooBig,
  type Archive,
  type ArchiveEntry,
} from './archive.js';

const SMALL_MEMBER = 1024 * 1024;
const SMALL_TOTAL = 64 * 1024 * 1024;

type Source = AsyncIterable<Buffer> & { header: tar.Header; destroy?: (err?: Error) => void };

/** One inflate pass over the archive as a sequence of tar members. */
function members(path: string, limits: ImageLimits): AsyncIterator<Source> & { stop(): void } {
  const budget = new LayerBudget(limits, path);
  const file = createReadStream(path, { highWaterMark: 1024 * 1024 });
  const counted = (async function* () {
    for await (const c of file as AsyncIterable<Buffer>) {
      budget.addStored(c.length);
      yield c;
    }
  })();
  const extract = tar.extract({ allowUnknownFormat: true } as Parameters<typeof tar.extract>[0]);
  let failure: unknown = null;
  const feeder = (async () => {
    try {
      for await (const chunk of gunzipChunks(counted, path)) {
        budget.addUncompressed(chunk.length);
        if (!extract.write(chunk)) {
          await new Promise<void>((resolve) => {
            const done = (): void => {
              extract.off('drain', done);
              extract.off('close', done);
              resolve();
            };
            extract.on('drain', done);
            extract.on('close', done);
          });
        }
        if (extract.destroyed) break;
      }
      if (!extract.destroyed) extract.end(null);
    } catch (err) {
      failure ??= err;
      extract.destroy(err instanceof Error ? err : new Error(String(err)));
    } finally {
      file.destroy();
    }
  })();
  const it = extract[Symbol.asyncIterator]() as AsyncIterator<Source>;
  return {
    async next() {
      try {
        return await it.next();
      } catch (err) {
        await feeder;
        throw tarError(failure ?? err, path);
      }
    },
    stop() {
      extract.destroy();
      file.destroy();
    },
  };
}

export class GzipTarArchive implements Archive {
  readonly compressed = true;
  private cursor: { it: ReturnType<typeof members>; pos: number } | null = null;
  private lock: Promise<void> = Promise.resolve();

  private constructor(
    readonly path: string,
    readonly entries: ReadonlyMap<string, ArchiveEntry>,
    private readonly small: ReadonlyMap<number, Buffer>,
    private readonly limits: ImageLimits,
  ) {}

  static async open(path: string, limits: ImageLimits): Promise<GzipTarArchive> {
    const entries = new Map<string, ArchiveEntry>();
    const small = new Map<number, Buffer>();
    let smallTotal = 0;
    let ordinal = 0;
    const it = members(path, limits);
    try {
      for (;;) {
        const r = await it.next();
        if (r.done) break;
        const src = r.value;
        const h = src.header;
        if (ordinal >= MAX_ARCHIVE_MEMBERS) {
          throw new BulwarkError(
            'LIMIT_EXCEEDED',
            `${path}: more than ${MAX_ARCHIVE_MEMBERS} archive members`,
          );
        }
        const name = memberName(h.name, path);
        const type = tarFileType(h.type);
        const size = type === 'file' ? h.size : 0;
        const entry: ArchiveEntry = { name, type, size, ordinal, offset: -1 };
        if (type === 'symlink') entry.linkname = h.linkname;
        else if (type === 'hardlink') entry.linkname = memberName(h.linkname ?? '', path);
        if (name !== '') entries.set(name, entry);
        if (type === 'file' && size <= SMALL_MEMBER && smallTotal + size <= SMALL_TOTAL) {
          const parts: Buffer[] = [];
          for await (const c of src) parts.push(c);
          small.set(ordinal, Buffer.concat(parts));
          smallTotal += size;
        } else {
          for await (const _ of src) {
            /* skip: read again later through the cursor */
          }
        }
        ordinal++;
      }
    } catch (err) {
      it.stop();
      throw err;
    }
    if (ordinal === 0) throw new BulwarkError('INVALID_INPUT', `${path}: empty archive`);
    return new GzipTarArchive(path, entries, small, limits);
  }

  resolve(name: string): ArchiveEntry | undefined {
    return resolveMember(this.entries, name, this.path);
  }

  /** Member names in archive order: reading big members in this order inflates the archive once. */
  readOrder(names: string[]): string[] {
    return [...names].sort((a, b) => (this.resolve(a)?.ordinal ?? 0) - (this.resolve(b)?.ordinal ?? 0));
  }

  async readFile(name: string, maxBytes: number): Promise<Buffer> {
    const e = this.resolve(name);
    if (!e) throw missingMember(this.path, name);
    if (e.size > maxBytes) throw tooBig(`${this.path}: ${name}`, e.size, maxBytes);
    const buf = this.small.get(e.ordinal);
    if (buf) return buf;
    const parts: Buffer[] = [];
    for await (const c of this.open(name)) parts.push(c);
    return Buffer.concat(parts);
  }

  open(name: string): AsyncIterable<Buffer> {
    const e = this.resolve(name);
    if (!e) throw missingMember(this.path, name);
    const buf = this.small.get(e.ordinal);
    if (buf) {
      return (async function* () {
        yield buf;
      })();
    }
    return this.readBig(e);
  }

  private async *readBig(e: ArchiveEntry): AsyncGenerator<Buffer> {
    let release!: () => void;
    const prev = this.lock;
    this.lock = new Promise<void>((r) => (release = r));
    await prev;
    let complete = false;
    try {
      const src = await this.seek(e.ordinal);
      for await (const c of src) yield c;
      complete = true;
    } finally {
      // Abandoned half-way, the member stream destroys its parser: start over next time.
      if (!complete) this.reset();
      release();
    }
  }

  private async seek(ordinal: number): Promise<Source> {
    if (!this.cursor || this.cursor.pos >= ordinal) {
      this.reset();
      this.cursor = { it: members(this.path, this.limits), pos: -1 };
    }
    const c = this.cursor;
    for (;;) {
      const r = await c.it.next();
      if (r.done) throw new BulwarkError('TRUNCATED', `${this.path}: archive changed while reading it`);
      c.pos++;
      if (c.pos === ordinal) return r.value;
      for await (const _ of r.value) {
        /* skip members before the one asked for */
      }
    }
  }

  private reset(): void {
    this.cursor?.it.stop();
    this.cursor = null;
  }

  async close(): Promise<void> {
    this.reset();
  }
}
