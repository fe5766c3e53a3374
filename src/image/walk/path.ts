// Path normalisation for tar entries and link targets inside an image.
// Layers name files relative to the root, but real images also carry `./etc/x` (docker import) and
// `/usr/bin` (kaniko, distroless): container runtimes treat both as relative to the root, and so do
// we. A path that climbs above the root with `..` (`../etc/passwd`, `a/../../b`) has no meaning
// inside an image and is the classic tar-extraction attack, so it is refused as UNSAFE_PATH.
import { BulwarkError } from '../../core/errors.js';

/**
 * Normalise a path inside an image: strip leading `/` and `./`, fold `//` and `.`, resolve `..`
 * lexically. Returns '' for the root itself. Returns null when `..` would escape the root.
 */
export function cleanImagePath(raw: string): string | null {
  const out: string[] = [];
  for (const part of raw.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length === 0) return null;
      out.pop();
      continue;
    }
    out.push(part);
  }
  return out.join('/');
}

/** Like cleanImagePath, but throws UNSAFE_PATH (with `what` as context) instead of returning null. */
export function requireImagePath(raw: string, what: string): string {
  if (raw.includes('\0')) {
    throw new BulwarkError('UNSAFE_PATH', `${what}: path contains a NUL byte; the archive is malformed`);
  }
  const p = cleanImagePath(raw);
  if (p === null) {
    throw new BulwarkError(
      'UNSAFE_PATH',
      `${what}: path ${JSON.stringify(raw.slice(0, 200))} escapes the image root with "..": refusing a hostile archive`,
    );
  }
  return p;
}

/** Parent directory of a normalised path ('' for top-level names). */
export function parentPath(p: string): string {
  const i = p.lastIndexOf('/');
  return i < 0 ? '' : p.slice(0, i);
}

export function baseName(p: string): string {
  const i = p.lastIndexOf('/');
  return i < 0 ? p : p.slice(i + 1);
}

export function joinPath(dir: string, name: string): string {
  return dir === '' ? name : `${dir}/${name}`;
}
