// Images inside a tar file: docker-archive (legacy and Docker 25+) and oci-archive, plain or
// gzipped. With kind 'auto', manifest.json means docker-archive, else index.json means oci-archive.
import { BulwarkError } from '../../core/errors.js';
import type { ImageHandle, ImageLimits } from '../types.js';
import { ArchiveStore } from './archive-store.js';
import { openDockerArchive } from './docker-archive.js';
import { openArchive } from './open-archive.js';
import { openOciImage } from './oci-image.js';
import { readLayoutIndex } from './oci-layout.js';
import { selectManifest, type SelectOptions } from './select.js';

export interface ArchiveImageOptions {
  name: string;
  kind: 'docker-archive' | 'oci-archive' | 'auto';
  ref?: string;
  tag?: string;
  select: Omit<SelectOptions, 'tag' | 'maxJsonBytes'>;
  limits: ImageLimits;
}

export async function openArchiveImage(path: string, opts: ArchiveImageOptions): Promise<ImageHandle> {
  const archive = await openArchive(path, opts.limits);
  try {
    let kind = opts.kind;
    if (kind === 'auto') {
      if (archive.resolve('manifest.json')) kind = 'docker-archive';
      else if (archive.resolve('index.json')) kind = 'oci-archive';
      else {
        throw new BulwarkError(
          'MANIFEST_NOT_FOUND',
          `${path} has neither manifest.json (docker-archive) nor index.json (oci-archive); it is not an image archive`,
        );
      }
    }
    if (kind === 'docker-archive') {
      return await openDockerArchive(archive, {
        name: opts.name,
        ...(opts.ref !== undefined ? { ref: opts.ref } : {}),
        limits: opts.limits,
      });
    }
    const read = async (name: string): Promise<Buffer | null> =>
      archive.resolve(name) ? archive.readFile(name, opts.limits.maxJsonBytes) : null;
    const index = await readLayoutIndex(read, path, opts.limits);
    const store = new ArchiveStore(archive, path);
    const selected = await selectManifest(store, index, `${path}: index.json`, {
      ...opts.select,
      ...(opts.tag !== undefined ? { tag: opts.tag } : {}),
      maxJsonBytes: opts.limits.maxJsonBytes,
    });
    return await openOciImage(store, selected.descriptor, {
      name: opts.name,
      kind: 'oci-archive',
      repoTags: selected.refNames,
      limits: opts.limits,
    });
  } catch (err) {
    await archive.close();
    throw err;
  }
}
