import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isBulwarkError, type BulwarkError } from '../../core/errors.js';
import {
  compress,
  gzipBomb,
  sha256,
  tarOf,
  type Compression,
  type TarEntry,
} from '../../../test/support/oci.js';
import { missingTools } from '../../../test/support/tools.js';
import type { FileEntry } from '../types.js';
import { walkLayerStream, type WalkLayerOptions } from './walker.js';

async function* chunked(buf: Buffer, size = 4096): AsyncGenerator<Buffer> {
  for (let i = 0; i < buf.length; i += size) yield buf.subarray(i, i + size);
}

interface Seen {
  path: string;
  type: string;
  linkname?: string;
  content?: string;
}

async function walk(stored: Buffer, opts: Partial<WalkLayerOptions> = {}, readAll = true, chunk = 4096) {
  const seen: Seen[] = [];
  const r = await walkLayerStream(
    chunked(stored, chunk),
    async (e: FileEntry) => {
      const s: Seen = {
        path: e.path,
        type: e.type,
        ...(e.linkname !== undefined ? { linkname: e.linkname } : {}),
      };
      if (readAll && (e.type === 'file' || e.type === 'hardlink')) s.content = (await e.read()).toString();
      seen.push(s);
    },
    { what: 'test layer', ...opts },
  );
  return { r, seen };
}

async function code(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'ok';
  } catch (err) {
    if (isBulwarkError(err)) return err.code;
    throw err;
  }
}

const zstdMissing = missingTools(['zstd']);

const SAMPLE: TarEntry[] = [
  { name: './', type: 'directory' },
  { name: './etc/', type: 'directory' },
  { name: './etc/os-release', type: 'symlink', linkname: '../usr/lib/os-release' },
  { name: '/usr/lib/os-release', content: 'ID=debian\n' },
  { name: 'usr/bin/tool', content: '#!/bin/sh\n', mode: 0o755 },
  { name: 'usr/bin/tool-again', type: 'link', linkname: './usr/bin/tool' },
  { name: 'var/lib/.wh.gone', content: '' },
  { name: 'opt/app/.wh..wh..opq', content: '' },
  { name: 'opt/app/.wh..wh.plnk', content: '' },
  { name: 'dev/null', type: 'character-device' },
];

describe('walkLayerStream', () => {
  it.each<Compression>(['none', 'gzip', 'zstd'])(
    'walks a %s layer, normalising paths and reporting whiteouts',
    async (c) => {
      if (c === 'zstd' && zstdMissing) return;
      const plain = await tarOf(SAMPLE);
      const stored = compress(plain, c);
      const { r, seen } = await walk(stored, {
        digest: sha256(stored),
        diffId: sha256(plain),
        size: stored.length,
      });
      expect(seen).toEqual([
        { path: 'etc', type: 'dir' },
        { path: 'etc/os-release', type: 'symlink', linkname: '../usr/lib/os-release' },
        { path: 'usr/lib/os-release', type: 'file', content: 'ID=debian\n' },
        { path: 'usr/bin/tool', type: 'file', content: '#!/bin/sh\n' },
        { path: 'usr/bin/tool-again', type: 'hardlink', linkname: 'usr/bin/tool', content: '#!/bin/sh\n' },
        { path: 'dev/null', type: 'char' },
      ]);
      expect(r.whiteouts).toEqual(['var/lib/gone']);
      expect(r.opaqueDirs).toEqual(['opt/app']);
      expect(r.entries).toBe(SAMPLE.length);
      expect(r.compression).toBe(c);
      expect(r.diffId).toBe(sha256(plain));
      expect(r.uncompressedBytes).toBe(plain.length);
    },
  );

  it('detects compression from the bytes, not the label, and splits the magic across chunks', async () => {
    const plain = await tarOf(SAMPLE);
    const gz = gzipSync(plain);
    const { r } = await walk(gz, { digest: sha256(gz), diffId: sha256(plain) }, true, 1);
    expect(r.compression).toBe('gzip');
  });

  it('verifies sha512 blob digests', async () => {
    const plain = await tarOf(SAMPLE);
    const { createHash } = await import('node:crypto');
    const digest = `sha512:${createHash('sha512').update(plain).digest('hex')}`;
    const { r } = await walk(plain, { digest });
    expect(r.entries).toBe(SAMPLE.length);
    const bad = `sha512:${'0'.repeat(128)}`;
    expect(await code(walk(plain, { digest: bad }))).toBe('DIGEST_MISMATCH');
  });

  it('only buffers what a visitor reads, and read() is only valid inside the visitor', async () => {
    const plain = await tarOf([
      { name: 'a', content: 'A'.repeat(100_000) },
      { name: 'b', content: 'B' },
    ]);
    let late: FileEntry | null = null;
    const got: string[] = [];
    await walkLayerStream(
      chunked(plain),
      async (e) => {
        if (e.path === 'a') late = e; // not read: drained
        if (e.path === 'b') {
          await new Promise((r) => setTimeout(r, 5)); // read after an await still works
          got.push((await e.read()).toString());
        }
      },
      { what: 't' },
    );
    expect(got).toEqual(['B']);
    await expect(late!.read()).rejects.toMatchObject({ code: 'INTERNAL' });
  });

  it('non-files read as empty; an unread hard-link target fails with INVALID_INPUT', async () => {
    const plain = await tarOf([
      { name: 'etc/os-release', type: 'symlink', linkname: '../usr/lib/os-release' },
      { name: 'dir/', type: 'directory' },
      { name: 'target', content: 'data' },
      { name: 'link', type: 'link', linkname: 'target' },
    ]);
    const got: string[] = [];
    await walkLayerStream(
      chunked(plain),
      async (e) => {
        if (e.type === 'file') return; // the target is not read …
        if (e.type === 'hardlink') got.push(`${e.path}:${await code(e.read())}`);
        else got.push(`${e.path}:${(await e.read()).length} bytes`);
      },
      { what: 't' },
    );
    // … so its hard link cannot be read either.
    expect(got).toEqual(['etc/os-release:0 bytes', 'dir:0 bytes', 'link:INVALID_INPUT']);
  });

  it('enforces the per-read size limit', async () => {
    const plain = await tarOf([{ name: 'big', content: Buffer.alloc(5000) }]);
    const errs: string[] = [];
    await walkLayerStream(
      chunked(plain),
      async (e) => {
        errs.push(await code(e.read(100)));
        errs.push(await code(e.read(1_000_000))); // capped by maxFileBytes
        errs.push(await code(e.read()));
      },
      { what: 't', limits: { maxFileBytes: 1000 } },
    );
    expect(errs).toEqual(['LIMIT_EXCEEDED', 'LIMIT_EXCEEDED', 'LIMIT_EXCEEDED']);
  });

  it('passes visitor errors through unchanged', async () => {
    const plain = await tarOf(SAMPLE);
    const boom = new Error('analyzer bug');
    await expect(walkLayerStream(chunked(plain), () => Promise.reject(boom), { what: 't' })).rejects.toBe(
      boom,
    );
    await expect(
      walkLayerStream(
        chunked(plain),
        () => {
          throw boom;
        },
        { what: 't' },
      ),
    ).rejects.toBe(boom);
  });
});

describe('walkLayerStream on bad input: one error code each', () => {
  it('truncated tar → TRUNCATED', async () => {
    const plain = await tarOf([{ name: 'f', content: 'x'.repeat(3000) }]);
    expect(await code(walk(plain.subarray(0, 1500)))).toBe('TRUNCATED');
  });

  it('truncated gzip → TRUNCATED', async () => {
    const gz = gzipSync(await tarOf(SAMPLE));
    expect(await code(walk(gz.subarray(0, gz.length - 20)))).toBe('TRUNCATED');
  });

  it('truncated zstd → TRUNCATED', async () => {
    if (zstdMissing) return;
    const z = compress(await tarOf([{ name: 'f', content: 'y'.repeat(10_000) }]), 'zstd');
    expect(await code(walk(z.subarray(0, z.length - 8)))).toBe('TRUNCATED');
  });

  it('a blob shorter than its descriptor → TRUNCATED, longer → DIGEST_MISMATCH', async () => {
    const plain = await tarOf(SAMPLE);
    expect(await code(walk(plain, { size: plain.length + 512 }))).toBe('TRUNCATED');
    expect(await code(walk(plain, { size: plain.length - 512 }))).toBe('DIGEST_MISMATCH');
  });

  it('digest mismatch → DIGEST_MISMATCH (blob and diff id)', async () => {
    const plain = await tarOf(SAMPLE);
    const gz = gzipSync(plain);
    expect(await code(walk(gz, { digest: sha256('other') }))).toBe('DIGEST_MISMATCH');
    expect(await code(walk(gz, { digest: sha256(gz), diffId: sha256('other') }))).toBe('DIGEST_MISMATCH');
    expect(await code(walk(plain, { digest: sha256(plain), diffId: sha256('other') }))).toBe(
      'DIGEST_MISMATCH',
    );
  });

  it('a corrupt blob is reported as DIGEST_MISMATCH even when decoding fails first', async () => {
    const gz = gzipSync(await tarOf(SAMPLE));
    const digest = sha256(gz);
    const bad = Buffer.from(gz);
    bad.fill(0x41, 40, 60);
    expect(await code(walk(bad, { digest }))).toBe('DIGEST_MISMATCH');
    expect(await code(walk(bad))).not.toBe('ok');
  });

  it.each([['../etc/passwd'], ['a/../../etc/passwd'], ['/../../etc/shadow']])(
    'entry %s escaping the root → UNSAFE_PATH',
    async (name) => {
      expect(await code(walk(await tarOf([{ name, content: 'x' }])))).toBe('UNSAFE_PATH');
    },
  );

  it('a hard link whose target escapes the root → UNSAFE_PATH', async () => {
    const t = await tarOf([{ name: 'x', type: 'link', linkname: '../../etc/shadow' }]);
    expect(await code(walk(t))).toBe('UNSAFE_PATH');
  });

  it('absolute names and link targets stay inside the root (as runtimes unpack them)', async () => {
    const t = await tarOf([
      { name: '/etc/passwd', content: 'root:x:0:0' },
      { name: '/etc/passwd-link', type: 'link', linkname: '/etc/passwd' },
      { name: 'etc/abs', type: 'symlink', linkname: '/etc/passwd' },
    ]);
    const { seen } = await walk(t);
    expect(seen.map((s) => [s.path, s.linkname])).toEqual([
      ['etc/passwd', undefined],
      ['etc/passwd-link', 'etc/passwd'],
      ['etc/abs', '/etc/passwd'],
    ]);
  });

  it('not a tar → INVALID_INPUT', async () => {
    expect(await code(walk(Buffer.from('this is not a tar archive'.repeat(40))))).toBe('INVALID_INPUT');
  });

  it('xz or bzip2 layers → UNSUPPORTED_MEDIA_TYPE', async () => {
    expect(await code(walk(Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00, 1, 2, 3])))).toBe(
      'UNSUPPORTED_MEDIA_TYPE',
    );
    expect(await code(walk(Buffer.from('BZh91AY&SY')))).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('gzip bomb: a small gzip past the compression ratio → LIMIT_EXCEEDED, with default limits', async () => {
    // 100 MiB of zeros in one file compresses ~1000:1; the default ratio limit is 200 past 64 MiB.
    const gz = await gzipBomb(100);
    expect(gz.length).toBeLessThan(200 * 1024);
    expect(await code(walk(gz, { digest: sha256(gz) }, false))).toBe('LIMIT_EXCEEDED');
    // maxLayerBytes applies to any layer, compressed or not.
    const small = gzipSync(await tarOf([{ name: 'f', content: Buffer.alloc(100_000) }]));
    expect(await code(walk(small, { limits: { maxLayerBytes: 50_000 } }))).toBe('LIMIT_EXCEEDED');
  });

  it('zstd bomb → LIMIT_EXCEEDED before memory fills', async () => {
    if (zstdMissing) return;
    const { execFileSync } = await import('node:child_process');
    const bomb = execFileSync('sh', ['-c', 'head -c 300000000 /dev/zero | zstd -q -c -19'], {
      maxBuffer: 1 << 26,
    });
    expect(bomb.length).toBeLessThan(100_000);
    const before = process.memoryUsage().rss;
    expect(await code(walk(bomb, {}, false))).toBe('LIMIT_EXCEEDED');
    expect(process.memoryUsage().rss - before).toBeLessThan(200 * 1024 * 1024);
  });

  it('too many entries → LIMIT_EXCEEDED', async () => {
    const t = await tarOf(Array.from({ length: 20 }, (_, i) => ({ name: `f${i}`, content: '' })));
    expect(await code(walk(t, { limits: { maxEntries: 10 } }))).toBe('LIMIT_EXCEEDED');
  });
});

describe('walkLayerStream never crashes, hangs or escapes (property)', () => {
  const allowed = new Set([
    'TRUNCATED',
    'INVALID_INPUT',
    'UNSAFE_PATH',
    'LIMIT_EXCEEDED',
    'UNSUPPORTED_MEDIA_TYPE',
  ]);
  const check = async (bytes: Uint8Array): Promise<void> => {
    const paths: string[] = [];
    try {
      await walkLayerStream(
        chunked(Buffer.from(bytes), 97),
        async (e) => {
          paths.push(e.path);
          if (e.type === 'file') await e.read().catch(() => undefined);
        },
        { what: 'fuzz', limits: { maxLayerBytes: 8 * 1024 * 1024 } },
      );
    } catch (err) {
      expect(isBulwarkError(err), String(err)).toBe(true);
      expect(allowed.has((err as BulwarkError).code), (err as Error).message).toBe(true);
    }
    for (const p of paths) {
      expect(p.startsWith('/')).toBe(false);
      expect(p.split('/')).not.toContain('..');
    }
  };

  it('random bytes', async () => {
    await fc.assert(fc.asyncProperty(fc.uint8Array({ maxLength: 4096 }), check), { numRuns: 300 });
  });

  it('mutated real tars (plain and gzip)', async () => {
    const base = await tarOf(SAMPLE);
    const gz = gzipSync(base);
    await fc.assert(
      fc.asyncProperty(
        fc.boolean(),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }),
        fc.nat(),
        async (useGz, flips, cut) => {
          const b = Buffer.from(useGz ? gz : base);
          for (const [pos, v] of flips) b[pos % b.length] = v;
          await check(b.subarray(0, b.length - (cut % 600)));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('random entry names never produce paths outside the root', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.stringMatching(/^[./a-z]{1,20}$/), { minLength: 1, maxLength: 6 }),
        async (names) => {
          const t = await tarOf(names.map((name) => ({ name, content: 'x' })));
          await check(t);
        },
      ),
      { numRuns: 200 },
    );
  });
});
