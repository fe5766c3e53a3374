// Reading `bulwark config PATH...` from disk: files as given, directories walked recursively
// (symlinked directories are not followed, .git and node_modules are skipped). A finding's `file`
// is the path as given joined with the path below it. Files given explicitly must parse; a file
// found by walking that fails to read or parse is skipped with a notice, so one broken template
// does not hide the findings of a whole repository.
import { fileKind as inputKind } from '../../core/input-file.js';
import { lstat, open, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { BulwarkError, isBulwarkError, oneLine } from '../../core/errors.js';
import { checkSize, decodeUtf8, DEFAULT_SOURCE_LIMITS, type SourceLimits } from '../source/text.js';
import {
  combine,
  loadSource,
  type AnalyzeOptions,
  type AnalyzeResult,
  type LoadedSource,
} from './analyze.js';
import { fileKind } from './detect.js';

const SKIP_DIRS = new Set(['.git', 'node_modules', '.terraform', '.venv', '__pycache__']);

async function readLimited(file: string, limits: SourceLimits): Promise<Buffer> {
  const fh = await open(file, 'r');
  try {
    const size = (await fh.stat()).size;
    checkSize(file, size, limits);
    const buf = Buffer.alloc(size);
    let off = 0;
    while (off < size) {
      const { bytesRead } = await fh.read(buf, off, size - off, off);
      if (bytesRead === 0) break;
      off += bytesRead;
    }
    return buf.subarray(0, off);
  } finally {
    await fh.close();
  }
}

async function walk(dir: string, out: string[], limits: SourceLimits): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      if (!SKIP_DIRS.has(e.name)) await walk(p, out, limits);
    } else if ((e.isFile() || e.isSymbolicLink()) && fileKind(p)) {
      if (e.isSymbolicLink() && !(await stat(p).catch(() => null))?.isFile()) continue;
      out.push(p);
      if (out.length > limits.maxFiles) {
        throw new BulwarkError(
          'LIMIT_EXCEEDED',
          `${dir}: more than ${limits.maxFiles} configuration files; scan a narrower directory`,
        );
      }
    }
  }
}

export async function scanPaths(paths: string[], opts: AnalyzeOptions = {}): Promise<AnalyzeResult> {
  const limits = opts.limits ?? DEFAULT_SOURCE_LIMITS;
  const loaded: LoadedSource[] = [];
  const found: string[] = [];
  const skipped: string[] = [];
  for (const p of paths) {
    const st = await lstat(p).catch(() => null);
    if (!st) throw new BulwarkError('NOT_FOUND', `${p}: no such file or directory`);
    const target = st.isSymbolicLink() ? await stat(p).catch(() => null) : st;
    if (!target) throw new BulwarkError('NOT_FOUND', `${p}: broken symbolic link`);
    if (target.isDirectory()) {
      await walk(p, found, limits);
      continue;
    }
    if (!target.isFile())
      throw new BulwarkError(
        'INVALID_INPUT',
        `${p} is a ${inputKind(target)}, not a file or directory to check`,
      );
    // A file named explicitly must be read and parsed; an unusual name is YAML unless it starts like a Dockerfile.
    const text = decodeUtf8(p, await readLimited(p, limits));
    const kind =
      fileKind(p) ?? (/^\s*(#.*\n\s*)*(FROM|ARG)\s/i.test(text.slice(0, 4096)) ? 'dockerfile' : 'yaml');
    loaded.push(loadSource({ file: p, text, kind }, opts));
  }
  for (const file of found) {
    try {
      loaded.push(loadSource({ file, text: decodeUtf8(file, await readLimited(file, limits)) }, opts));
    } catch (err) {
      if (!isBulwarkError(err)) throw err;
      skipped.push(`skipped ${oneLine(err)}`);
    }
  }
  const result = combine(loaded, opts);
  result.warnings.push(...skipped);
  return result;
}
