// Resolve a path through symbolic links inside a set of known files, the way the kernel resolves a
// path inside a container's root (chroot semantics), without touching the host filesystem.
//
// Use it wherever a file inside an image must be found by name while links are in play:
//  - analyzers: `etc/os-release -> ../usr/lib/os-release`, `/lib -> usr/lib` (merged /usr);
//  - the merged view of several layers (the scan applier builds a PathLookup over it);
//  - image archives: skopeo's docker-archive has `<id>/layer.tar -> ../<diffid>.tar`.
//
// Rules (ref: path_resolution(7)): an absolute target restarts at the image root; `..` at the root
// stays at the root, so no path can escape; each symlink followed is a hop, and more than
// MAX_SYMLINK_HOPS hops is a loop (SYMLINK_LOOP), as Linux limits it to 40 (MAXSYMLINKS).
import { BulwarkError } from '../../core/errors.js';
import type { FileType } from '../types.js';

export const MAX_SYMLINK_HOPS = 40;

export interface LinkInfo {
  type: FileType;
  /** Symlink target as stored (relative or absolute), or hard link target (a path from the root). */
  linkname?: string;
}

/** What is known about a normalised path (no leading `/`); undefined when it does not exist. */
export type PathLookup = (path: string) => LinkInfo | undefined;

export interface ResolveOptions {
  /** Follow a symlink in the last component too (default true; false is lstat-like). */
  followFinal?: boolean;
  /** Follow a hard link in the last component to the entry that holds the data (tar semantics). */
  followHardlinks?: boolean;
  maxHops?: number;
}

/**
 * Resolve `path` (relative to the root; a leading `/` is ignored) through the symlinks `lookup`
 * knows. Returns the normalised path of what it points to; that path may not exist, which the
 * caller checks with its own lookup. Throws SYMLINK_LOOP after too many hops.
 */
export function resolvePath(
  path: string,
  lookup: PathLookup | ReadonlyMap<string, LinkInfo>,
  opts: ResolveOptions = {},
): string {
  const get: PathLookup = typeof lookup === 'function' ? lookup : (p) => lookup.get(p);
  const followFinal = opts.followFinal ?? true;
  const maxHops = opts.maxHops ?? MAX_SYMLINK_HOPS;
  let todo = path.split('/');
  let pos = 0;
  const done: string[] = [];
  let hops = 0;
  while (pos < todo.length) {
    const c = todo[pos++]!;
    if (c === '' || c === '.') continue;
    if (c === '..') {
      done.pop(); // at the root, `..` is the root
      continue;
    }
    done.push(c);
    const last = !todo.slice(pos).some((x) => x !== '' && x !== '.');
    const info = get(done.join('/'));
    if (!info) continue;
    const follow =
      (info.type === 'symlink' && (!last || followFinal)) ||
      (info.type === 'hardlink' && last && opts.followHardlinks === true);
    if (!follow) continue;
    if (++hops > maxHops) {
      throw new BulwarkError(
        'SYMLINK_LOOP',
        `too many levels of symbolic links resolving ${JSON.stringify(path)} (more than ${maxHops}); the image has a link loop`,
      );
    }
    const target = info.linkname ?? '';
    done.pop();
    if (info.type === 'hardlink' || target.startsWith('/')) done.length = 0;
    todo = [...target.split('/'), ...todo.slice(pos)];
    pos = 0;
  }
  return done.join('/');
}
