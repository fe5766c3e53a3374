// Writing and reading key files. The private key is created with mode 0600 and never replaces an
// existing file unless asked to (then via a temporary file and rename, so a crash cannot leave half
// a key and a symlink at the target is replaced, not followed).
import { constants } from 'node:fs';
import { lstat, open, rename, unlink } from 'node:fs/promises';
import { dirname, join, basename } from 'node:path';
import { randomBytes } from 'node:crypto';
import { readInputText } from '../../core/input-file.js';
import { BulwarkError } from '../../core/errors.js';
import type { GeneratedKeyPair } from './generate.js';
import { MAX_PEM_BYTES } from './pem.js';

async function exists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch {
    return false;
  }
}

async function writeNew(path: string, data: string, mode: number): Promise<void> {
  const fh = await open(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, mode);
  try {
    await fh.writeFile(data);
    await fh.chmod(mode); // umask may have narrowed or (for 0644) kept it; set it exactly
    await fh.sync();
  } finally {
    await fh.close();
  }
}

async function writeReplacing(path: string, data: string, mode: number): Promise<void> {
  const tmp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeNew(tmp, data, mode);
    await rename(tmp, path);
  } catch (err) {
    await unlink(tmp).catch(() => {});
    throw err;
  }
}

/** Write `<prefix>.key` (0600) and `<prefix>.pub` (0644). Refuses to overwrite unless `force`. */
export async function writeKeyPair(
  prefix: string,
  pair: GeneratedKeyPair,
  opts: { force?: boolean } = {},
): Promise<{ privateKeyPath: string; publicKeyPath: string }> {
  const privateKeyPath = `${prefix}.key`;
  const publicKeyPath = `${prefix}.pub`;
  if (!opts.force) {
    for (const p of [privateKeyPath, publicKeyPath]) {
      if (await exists(p))
        throw new BulwarkError('USAGE', `${p} already exists; pass --force to overwrite it`);
    }
  }
  try {
    const write = opts.force ? writeReplacing : writeNew;
    await write(privateKeyPath, pair.privateKeyPem, 0o600);
    await write(publicKeyPath, pair.publicKeyPem, 0o644);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'EEXIST')
      throw new BulwarkError('USAGE', `${e.path ?? prefix} already exists; pass --force to overwrite it`);
    throw new BulwarkError('KEY_ERROR', `cannot write key files ${prefix}.{key,pub}: ${e.message}`, {
      cause: err,
    });
  }
  return { privateKeyPath, publicKeyPath };
}

/** Read a key file (bounded size) with errors that name the file. */
export async function readKeyFile(path: string): Promise<string> {
  // A regular file only, bounded: /dev/zero or a FIFO as --key is one line, not a hang.
  return readInputText(path, { what: 'key file', maxBytes: MAX_PEM_BYTES });
}
