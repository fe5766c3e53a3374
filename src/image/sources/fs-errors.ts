// Filesystem errors as Bulwark error codes, with the path and what to do next.
import { BulwarkError, type ErrorCode } from '../../core/errors.js';
import { readInputFile } from '../../core/input-file.js';

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
 * Read a small regular file, never more than `maxBytes`: a blob or index.json that is a symlink to
 * /dev/zero or a FIFO must not hang or fill memory (core/input-file.ts does the checks).
 */
export async function readSmallFile(path: string, maxBytes: number): Promise<Buffer> {
  return readInputFile(path, { what: '', maxBytes });
}
