// Reading a file that the user named (a key, a policy, rules, a profile, TLS material …) without
// trusting what it is. Opening a FIFO for reading blocks until a writer appears, and /dev/zero or
// /dev/urandom never end, so a plain readFile hangs or fills memory. Here the file is opened
// non-blocking (which a FIFO's open honours; regular files ignore it), checked with fstat to be a
// regular file, and read up to a limit: anything else is one clear error in well under a second.
import { constants, type Stats } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { BulwarkError, type ErrorCode } from './errors.js';

export interface InputFileOptions {
  /** What the file is, for messages: `key file`, `trust policy`, `rules file` … ('' for the bare path). */
  what: string;
  maxBytes: number;
  /** Error code for a missing file (default NOT_FOUND). */
  missing?: ErrorCode;
}

/** A file type's name for messages. */
export function fileKind(st: Stats): string {
  if (st.isFile()) return 'regular file';
  if (st.isDirectory()) return 'directory';
  if (st.isFIFO()) return 'FIFO (named pipe)';
  if (st.isCharacterDevice()) return 'character device';
  if (st.isBlockDevice()) return 'block device';
  if (st.isSocket()) return 'socket';
  return 'special file';
}

/** `key file /x`, or just `/x` when the file needs no name. */
const label = (what: string, path: string): string => (what ? `${what} ${path}` : path);

function openError(
  err: unknown,
  path: string,
  opts: Pick<InputFileOptions, 'what' | 'missing'>,
): BulwarkError {
  const code = (err as NodeJS.ErrnoException)?.code;
  const what = label(opts.what, path);
  switch (code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return new BulwarkError(opts.missing ?? 'NOT_FOUND', `${what} does not exist; check the path`, {
        cause: err,
      });
    case 'ELOOP':
      return new BulwarkError('SYMLINK_LOOP', `${what}: too many levels of symbolic links`, { cause: err });
    case 'EACCES':
    case 'EPERM':
      return new BulwarkError('PERMISSION', `${what}: permission denied; run as a user who can read it`, {
        cause: err,
      });
    default:
      return new BulwarkError('INVALID_INPUT', `cannot open ${what}: ${(err as Error)?.message ?? err}`, {
        cause: err,
      });
  }
}

/** Open `path` for reading and insist on a regular file. The caller closes the handle. */
export async function openInputFile(
  path: string,
  opts: Pick<InputFileOptions, 'what' | 'missing'>,
): Promise<{ fh: FileHandle; st: Stats }> {
  let fh: FileHandle;
  try {
    fh = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (err) {
    throw openError(err, path, opts);
  }
  try {
    const st = await fh.stat();
    if (!st.isFile()) {
      throw new BulwarkError(
        'INVALID_INPUT',
        `${label(opts.what, path)} is a ${fileKind(st)}, not a regular file; pass a file`,
      );
    }
    return { fh, st };
  } catch (err) {
    await fh.close();
    throw err;
  }
}

/** Check that `path` is a regular file (for inputs that are streamed later); returns its stats. */
export async function checkInputFile(
  path: string,
  opts: Pick<InputFileOptions, 'what' | 'missing'>,
): Promise<Stats> {
  const { fh, st } = await openInputFile(path, opts);
  await fh.close();
  return st;
}

/** The whole file, at most `maxBytes` (LIMIT_EXCEEDED beyond, also for a file that grows meanwhile). */
export async function readInputFile(path: string, opts: InputFileOptions): Promise<Buffer> {
  const { fh, st } = await openInputFile(path, opts);
  try {
    if (st.size > opts.maxBytes) {
      throw new BulwarkError(
        'LIMIT_EXCEEDED',
        `${label(opts.what, path)} is ${st.size} bytes, more than the limit of ${opts.maxBytes}`,
      );
    }
    const buf = Buffer.alloc(Math.min(opts.maxBytes + 1, st.size + 1));
    let n = 0;
    while (n < buf.length) {
      const { bytesRead } = await fh.read(buf, n, buf.length - n, n);
      if (bytesRead === 0) break;
      n += bytesRead;
    }
    if (n > opts.maxBytes) {
      throw new BulwarkError(
        'LIMIT_EXCEEDED',
        `${label(opts.what, path)} grew past the limit of ${opts.maxBytes} bytes`,
      );
    }
    return buf.subarray(0, n);
  } catch (err) {
    if (err instanceof BulwarkError) throw err;
    throw new BulwarkError(
      'INVALID_INPUT',
      `cannot read ${label(opts.what, path)}: ${(err as Error).message}`,
      {
        cause: err,
      },
    );
  } finally {
    await fh.close();
  }
}

/** The same, as UTF-8 text. */
export async function readInputText(path: string, opts: InputFileOptions): Promise<string> {
  return (await readInputFile(path, opts)).toString('utf8');
}

export const MiB = 1024 * 1024;
