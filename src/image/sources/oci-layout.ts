// OCI image layout directory: `oci-layout`, `index.json`, `blobs/<alg>/<hex>`.
// ref: OCI image-spec image-layout.md. Blob paths are built from validated digests only, so no
// descriptor can name a file outside `blobs/`. Blobs that are symlinks are followed (the user owns
// the directory); a loop is SYMLINK_LOOP.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { BulwarkError } from '../../core/errors.js';
import type { Descriptor } from '../descriptor.js';
import { parseJson } from '../json.js';
import type { ImageHandle, ImageLimits } from '../types.js';
import type { BlobKind, BlobStore } from './blob-store.js';
import { fsError, readSmallFile } from './fs-errors.js';
import { openOciImage } from './oci-image.js';
import { selectManifest, type SelectOptions } from './select.js';

export class LayoutDirStore implements BlobStore {
  constructor(
    readonly dir: string,
    readonly where: string,
  ) {}

  blobPath(d: Descriptor): string {
    return join(this.dir, 'blobs', d.parsed.algorithm, d.parsed.hex);
  }

  async fetch(desc: Descriptor, _kind: BlobKind, maxBytes: number): Promise<Buffer> {
    try {
      return await readSmallFile(this.blobPath(desc), maxBytes);
    } catch (err) {
      throw missingBlob((err as BulwarkError).cause ?? err, this.where, desc, err);
    }
  }

  open(desc: Descriptor): AsyncIterable<Uint8Array> {
    const path = this.blobPath(desc);
    const where = this.where;
    return (async function* () {
      try {
        yield* createReadStream(path, { highWaterMark: 1024 * 1024 }) as AsyncIterable<Buffer>;
      } catch (err) {
        throw missingBlob(err, where, desc);
      }
    })();
  }

  async close(): Promise<void> {}
}

function missingBlob(err: unknown, where: string, desc: Descriptor, wrapped?: unknown): BulwarkError {
  const code = (err as NodeJS.ErrnoException)?.code;
  if (code === 'ENOENT') {
    return new BulwarkError(
      'NOT_FOUND',
      `${where}: blob ${desc.digest} (${desc.mediaType}) is missing from the layout; copy the image again`,
      { cause: err },
    );
  }
  if (wrapped instanceof BulwarkError) return wrapped;
  return fsError(err, `${where}: blob ${desc.digest}`);
}

/** Read `index.json` (MANIFEST_NOT_FOUND when absent) and check `oci-layout` when present. */
export async function readLayoutIndex(
  read: (name: string) => Promise<Buffer | null>,
  where: string,
  limits: ImageLimits,
): Promise<unknown> {
  const marker = await read('oci-layout');
  if (marker) {
    const m = parseJson(marker, `${where}: oci-layout`, limits.maxJsonBytes) as {
      imageLayoutVersion?: unknown;
    };
    if (typeof m?.imageLayoutVersion !== 'string' || !m.imageLayoutVersion.startsWith('1.')) {
      throw new BulwarkError(
        'UNSUPPORTED_MEDIA_TYPE',
        `${where}: unsupported image layout version ${JSON.stringify(m?.imageLayoutVersion)} (expected 1.x)`,
      );
    }
  }
  const index = await read('index.json');
  if (!index) {
    throw new BulwarkError('MANIFEST_NOT_FOUND', `${where}: no index.json; not an OCI image layout`);
  }
  return parseJson(index, `${where}: index.json`, limits.maxJsonBytes);
}

export interface LayoutOpenOptions {
  name: string;
  tag?: string;
  select: Omit<SelectOptions, 'tag' | 'maxJsonBytes'>;
  limits: ImageLimits;
}

export async function openOciLayoutDir(dir: string, opts: LayoutOpenOptions): Promise<ImageHandle> {
  try {
    if (!(await stat(dir)).isDirectory()) {
      throw new BulwarkError('INVALID_INPUT', `${dir} is not a directory`);
    }
  } catch (err) {
    throw fsError(err, dir);
  }
  const read = async (name: string): Promise<Buffer | null> => {
    try {
      return await readSmallFile(join(dir, name), opts.limits.maxJsonBytes);
    } catch (err) {
      if (err instanceof BulwarkError && err.code === 'NOT_FOUND') return null;
      throw err;
    }
  };
  const index = await readLayoutIndex(read, dir, opts.limits);
  const store = new LayoutDirStore(dir, dir);
  const selected = await selectManifest(store, index, `${dir}: index.json`, {
    ...opts.select,
    ...(opts.tag !== undefined ? { tag: opts.tag } : {}),
    maxJsonBytes: opts.limits.maxJsonBytes,
  });
  return openOciImage(store, selected.descriptor, {
    name: opts.name,
    kind: 'oci-layout',
    repoTags: selected.refNames,
    limits: opts.limits,
  });
}
