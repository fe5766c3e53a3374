// Path arithmetic for event fields: Falco makes relative syscall paths absolute against the cwd or
// the dirfd's path and folds `.` and `..` lexically (sinsp_utils::concatenate_paths), without
// touching the filesystem; symlinks stay as written.
import { lstatSync, readlinkSync } from 'node:fs';
import { posix } from 'node:path';

/** Lexically normalise an absolute path: no `.`/`..`, no duplicate or trailing slashes. */
export function normalize(path: string): string {
  // Fast path: already absolute and clean (the common case for paths from syscalls).
  if (path.startsWith('/') && !/\/\/|\/\.\.?(?:\/|$)|.\/$/.test(path)) return path;
  const n = posix.normalize(path.startsWith('/') ? path : `/${path}`);
  return n.length > 1 && n.endsWith('/') ? n.slice(0, -1) : n;
}

/** `rel` against `base` (an absolute directory); an absolute `rel` ignores the base. */
export function joinPath(base: string, rel: string): string {
  if (rel.startsWith('/')) return normalize(rel);
  if (!rel) return normalize(base || '/');
  return normalize(`${base || '/'}/${rel}`);
}

export function dirname(path: string): string {
  const i = path.lastIndexOf('/');
  return i <= 0 ? '/' : path.slice(0, i);
}

export function basename(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? path : path.slice(i + 1);
}

/**
 * Resolve symlinks in `path` as a process whose root is `root` (e.g. /proc/PID/root) would see
 * them: absolute link targets restart at `root`, `..` never climbs above it. Returns the path
 * inside the root, or null when a component is missing or links loop.
 */
export function resolveInRoot(root: string, path: string, maxLinks = 40): string | null {
  const todo = normalize(path).split('/').filter(Boolean);
  const done: string[] = [];
  let links = 0;
  while (todo.length) {
    const part = todo.shift()!;
    if (part === '.') continue;
    if (part === '..') {
      done.pop();
      continue;
    }
    const rel = [...done, part].join('/');
    let isLink: boolean;
    try {
      isLink = lstatSync(`${root}/${rel}`).isSymbolicLink();
    } catch {
      return null;
    }
    if (!isLink) {
      done.push(part);
      continue;
    }
    if (++links > maxLinks) return null;
    let target: string;
    try {
      target = readlinkSync(`${root}/${rel}`);
    } catch {
      return null;
    }
    if (target.startsWith('/')) done.length = 0;
    todo.unshift(...target.split('/').filter(Boolean));
  }
  return `/${done.join('/')}`;
}
