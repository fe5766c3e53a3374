// Filesystem errors as Bulwark error codes, with the path and what to do next.
import { BulwarkError, type ErrorCode } from '../../core/errors.js';
import { fileKind } from '../../core/input-file.js';

export function fsError(err: unknown, path: string, missing: ErrorCode = 'NOT_FOUND'): BulwarkError {
  if (err instanceof BulwarkError) return err;
  const code = (err as NodeJS.ErrnoException)?.code;
  switch (code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return new BulwarkError(missing, `${path} does not exist; check the path`, { cause: err });
    case 'ELOOP':
      return new BulwarkError('SYMLINK_LOOP', `${path}: too many levels of symbolic links (a symlink loop)`, {
        cause: err,
      });
    case 'EACCES':
    case 'EPERM':
      return new BulwarkError('PERMISSION', `${path}: permission denied; run as a user who can read it`, {
        cause: err,
      });
    case 'EISDIR':
      return new BulwarkError('INVALID_INPUT', `${path} is a directory where a file was expected`, {
        cause: err,
      });
    default:
      return new BulwarkError('INVALID_INPUT', `${path}: ${(err as Error)?.message ?? String(err)}`, {
        cause: err,
      });
  }
}

/**
 * Read a small regular file, never more than `maxBytes` (+1 to detect overflow): a blob or
 * index.json that is a symlink to /dev/zero or a FIFO must not hang or fill memory.
 */
export async function readSmallFile(path: string, maxBytes: number): Promise<Buffer> {
  const { open } = await import('node:fs/promises');
  const { constants } = await import('node:fs');
  let fh;
  try {
    // Non-blocking: opening a FIFO for reading would otherwise wait for a writer forever.
    fh = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (err) {
    throw fsError(err, path);
  }
  try {
    const st = await fh.stat();
    if (!st.isFile())
      throw new BulwarkError('INVALID_INPUT', `${path} is a ${fileKind(st)}, not a regular file`);
    if (st.size > maxBytes) {
      throw new BulwarkError(
        'LIMIT_EXCEEDED',
        `${path} is ${st.size} bytes, more than the ${maxBytes}-byte limit`,
      );
    }
    const buf = Buffer.alloc(Math.min(maxBytes + 1, st.size + 1));
    let n = 0;
    for (;;) {
      const { bytesRead } = await fh.read(buf, n, buf.length - n, n);
      if (bytesRead === 0) break;
      n += bytesRead;
      if (n === buf.length) break;
    }
    if (n > maxBytes)
      throw new BulwarkError('LIMIT_EXCEEDED', `${path} grew past the ${maxBytes}-byte limit`);
    return buf.subarray(0, n);
  } finally {
    await fh.close();
  }
}
