// Open an image archive file, plain or gzipped (detected by magic bytes, not by file name).
import { constants } from 'node:fs';
import { fileKind } from '../../core/input-file.js';
import { open } from 'node:fs/promises';
import { BulwarkError } from '../../core/errors.js';
import type { ImageLimits } from '../types.js';
import { sniffCompression } from '../walk/decompress.js';
import type { Archive } from './archive.js';
import { fsError } from './fs-errors.js';
import { GzipTarArchive } from './tar-gzip.js';
import { TarFileArchive } from './tar-file.js';

export async function openArchive(path: string, limits: ImageLimits): Promise<Archive> {
  let fh;
  try {
    // Non-blocking, so that a FIFO named as an archive is refused below instead of hanging the open.
    fh = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (err) {
    throw fsError(err, path);
  }
  try {
    const st = await fh.stat();
    if (!st.isFile())
      throw new BulwarkError('INVALID_INPUT', `${path} is a ${fileKind(st)}, not an archive file`);
    const head = Buffer.alloc(8);
    const { bytesRead } = await fh.read(head, 0, 8, 0);
    const kind = sniffCompression(head.subarray(0, bytesRead));
    if (kind === 'gzip') {
      await fh.close();
      return await GzipTarArchive.open(path, limits);
    }
    if (kind !== 'none') {
      throw new BulwarkError(
        'UNSUPPORTED_MEDIA_TYPE',
        `${path} is ${kind}-compressed; image archives are read plain or gzipped (decompress it first)`,
      );
    }
    return await TarFileArchive.open(path, fh);
  } catch (err) {
    await fh.close().catch(() => undefined);
    throw err;
  }
}
