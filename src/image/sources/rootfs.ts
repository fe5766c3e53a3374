// rootfs:DIR — an unpacked root filesystem (debootstrap output, a mounted container, a VM image
// tree) seen as an image with one synthetic layer. Nothing is extracted or copied; symlinks are
// reported as symlinks and never followed, so a link to `/` or a loop cannot lead the walk out of
// DIR. Files that share an inode are reported once as files and then as hard links, like tar does.
//
// Layer identity. There is no tar, so no real diff id. The synthetic layer's digest and diff id are
// the same stable value, a "rootfs digest":
//   sha256 over "bulwark-rootfs-v1\n" followed by one line per entry in sorted path order:
//   "<path>\0<type>\0<mode octal>\0<uid>\0<gid>\0<size>\0<mtime ns>\0<link target>\n"
// It is computed from metadata only (one lstat per entry, no file content), so it is cheap enough
// to compute on every open and changes whenever a file is added, removed, resized, re-owned or
// modified (mtime). It is stable for an unchanged tree, and it is NOT a tar digest: it cannot be
// compared with diff ids of real images. It is the layer cache key, like a diff id.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { lstatSync, readdirSync, readlinkSync, type BigIntStats } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { BulwarkError } from '../../core/errors.js';
import type {
  FileEntry,
  FileType,
  ImageHandle,
  ImageLimits,
  LayerVisitor,
  LayerWalkResult,
} from '../types.js';
import { fsError } from './fs-errors.js';

interface Node {
  path: string;
  type: FileType;
  mode: number;
  uid: number;
  gid: number;
  size: number;
  mtimeNs: bigint;
  linkname?: string;
}

function typeOf(s: BigIntStats): FileType {
  if (s.isFile()) return 'file';
  if (s.isDirectory()) return 'dir';
  if (s.isSymbolicLink()) return 'symlink';
  if (s.isCharacterDevice()) return 'char';
  if (s.isBlockDevice()) return 'block';
  if (s.isFIFO()) return 'fifo';
  return 'other';
}

/**
 * Depth-first, sorted walk of the tree's metadata. Hard links after the first become 'hardlink'.
 * Synchronous calls on purpose: one lstat per entry through the threadpool costs ~10x more, and
 * metadata of a local tree is fast to read.
 */
async function scan(root: string, limits: ImageLimits): Promise<Node[]> {
  const out: Node[] = [];
  const inodes = new Map<string, string>();
  const visit = (rel: string): void => {
    const abs = rel === '' ? root : join(root, rel);
    let names: string[];
    try {
      names = readdirSync(abs).sort();
    } catch (err) {
      throw fsError(err, abs);
    }
    for (const name of names) {
      const path = rel === '' ? name : `${rel}/${name}`;
      const full = join(root, path);
      let s: BigIntStats;
      try {
        s = lstatSync(full, { bigint: true });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue; // removed while we looked
        throw fsError(err, full);
      }
      if (out.length >= limits.maxEntries) {
        throw new BulwarkError(
          'LIMIT_EXCEEDED',
          `${root}: more than ${limits.maxEntries} entries (maxEntries)`,
        );
      }
      let type = typeOf(s);
      const node: Node = {
        path,
        type,
        mode: Number(s.mode & 0o7777n),
        uid: Number(s.uid),
        gid: Number(s.gid),
        size: type === 'file' ? Number(s.size) : 0,
        mtimeNs: s.mtimeNs,
      };
      if (type === 'symlink') {
        try {
          node.linkname = readlinkSync(full);
        } catch (err) {
          throw fsError(err, full);
        }
      } else if (type === 'file' && s.nlink > 1n) {
        const key = `${s.dev}:${s.ino}`;
        const first = inodes.get(key);
        if (first !== undefined) {
          type = node.type = 'hardlink';
          node.linkname = first;
          node.size = 0;
        } else {
          inodes.set(key, path);
        }
      }
      out.push(node);
      if (type === 'dir') visit(path);
    }
  };
  visit('');
  return out;
}

/** The rootfs digest described in the header comment. */
export function rootfsDigest(nodes: Node[]): string {
  const h = createHash('sha256');
  h.update('bulwark-rootfs-v1\n');
  for (const n of nodes) {
    h.update(
      `${n.path}\0${n.type}\0${n.mode.toString(8)}\0${n.uid}\0${n.gid}\0${n.size}\0${n.mtimeNs}\0${n.linkname ?? ''}\n`,
    );
  }
  return `sha256:${h.digest('hex')}`;
}

async function readBounded(path: string, size: number, max: number): Promise<Buffer> {
  if (size > max) {
    throw new BulwarkError(
      'LIMIT_EXCEEDED',
      `${path} is ${size} bytes, more than the ${max}-byte read limit (maxFileBytes)`,
    );
  }
  const parts: Buffer[] = [];
  let total = 0;
  // Bounded even if the file grew since it was listed.
  for await (const c of createReadStream(path, {
    start: 0,
    end: Math.max(0, max),
    highWaterMark: 256 * 1024,
  }) as AsyncIterable<Buffer>) {
    total += c.length;
    if (total > max)
      throw new BulwarkError('LIMIT_EXCEEDED', `${path} grew past the ${max}-byte read limit while reading`);
    parts.push(c);
  }
  return Buffer.concat(parts);
}

export async function openRootfs(
  dir: string,
  opts: { name: string; limits: ImageLimits },
): Promise<ImageHandle> {
  try {
    if (!(await stat(dir)).isDirectory()) {
      throw new BulwarkError(
        'INVALID_INPUT',
        `${dir} is not a directory; rootfs: takes a root filesystem directory`,
      );
    }
  } catch (err) {
    throw fsError(err, dir);
  }
  const { limits } = opts;
  let nodes: Node[] | null = await scan(dir, limits);
  const digest = rootfsDigest(nodes);
  return {
    name: opts.name,
    kind: 'rootfs',
    digest,
    configDigest: digest,
    config: { os: 'linux', rootfs: { type: 'layers', diff_ids: [digest] } },
    layers: [{ index: 0, digest, diffId: digest, mediaType: 'application/vnd.bulwark.rootfs', size: -1 }],
    repoTags: [],
    async walkLayer(index: number, visit: LayerVisitor): Promise<LayerWalkResult> {
      if (index !== 0) throw new BulwarkError('INTERNAL', `${dir}: a rootfs has one layer, not ${index + 1}`);
      // Walk the listing taken at open, so the walk matches the digest; re-list when walked again.
      const list = nodes ?? (await scan(dir, limits));
      nodes = null;
      for (const n of list) {
        const full = join(dir, n.path);
        let active = true;
        const entry: FileEntry = {
          path: n.path,
          type: n.type,
          mode: n.mode,
          uid: n.uid,
          gid: n.gid,
          size: n.size,
          ...(n.linkname !== undefined ? { linkname: n.linkname } : {}),
          read(limit?: number): Promise<Buffer> {
            if (!active)
              return Promise.reject(
                new BulwarkError('INTERNAL', `read() of ${n.path} after its visitor returned`),
              );
            const max = Math.min(limit ?? limits.maxFileBytes, limits.maxFileBytes);
            if (n.type === 'hardlink') return readBounded(join(dir, n.linkname!), 0, max);
            if (n.type !== 'file') return Promise.resolve(Buffer.alloc(0));
            return readBounded(full, n.size, max).catch((err: unknown) => {
              throw fsError(err, full);
            });
          },
        };
        const r = visit(entry);
        if (r && typeof (r as Promise<void>).then === 'function') await r;
        active = false;
      }
      return { whiteouts: [], opaqueDirs: [], entries: list.length };
    },
    async close() {
      nodes = null;
    },
  };
}
