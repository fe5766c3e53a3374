import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { isBulwarkError } from '../../core/errors.js';
import { tarOf } from '../../../test/support/oci.js';
import { resolveLimits } from '../walk/limits.js';
import type { Archive } from './archive.js';
import { openArchive } from './open-archive.js';
import { parseNumber } from './tar-header.js';

const tmp = mkdtempSync(join(tmpdir(), 'bulwark-archive-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let n = 0;
function file(data: Buffer): string {
  const p = join(tmp, `a${n++}.tar`);
  writeFileSync(p, data);
  return p;
}

async function read(a: Archive, name: string): Promise<string> {
  const parts: Buffer[] = [];
  for await (const c of a.open(name)) parts.push(c);
  return Buffer.concat(parts).toString();
}

async function code(p: Promise<unknown>): Promise<string> {
  try {
    const a = (await p) as Archive;
    await a.close();
    return 'ok';
  } catch (err) {
    if (isBulwarkError(err)) return err.code;
    throw err;
  }
}

const limits = resolveLimits();
const longName = `${'d'.repeat(120)}/${'n'.repeat(150)}.json`;

// GNU tar writes the long names as GNU 'L' records or pax headers, depending on --format.
describe.each(['gnu', 'pax', 'ustar'])('archive index of a GNU tar --format=%s file', (format) => {
  const src = join(tmp, `src-${format}`);
  mkdirSync(join(src, 'dir'), { recursive: true });
  writeFileSync(join(src, 'manifest.json'), '[1,2,3]');
  writeFileSync(join(src, 'dir/layer.tar'), 'L'.repeat(70_000));
  symlinkSync('../manifest.json', join(src, 'dir/link'));
  execFileSync('ln', [join(src, 'manifest.json'), join(src, 'hard.json')]);
  const names = ['manifest.json', 'dir', 'hard.json'];
  if (format !== 'ustar') {
    mkdirSync(join(src, 'd'.repeat(120)));
    writeFileSync(join(src, longName), 'long');
    names.push('d'.repeat(120));
  }
  const tarPath = join(tmp, `gnu-${format}.tar`);
  execFileSync('tar', ['-C', src, `--format=${format}`, '-cf', tarPath, ...names]);

  it.each([false, true])('reads members, symlinks and hard links (gzipped: %s)', async (gz) => {
    const path = gz ? file(gzipSync(execFileSync('cat', [tarPath]))) : tarPath;
    const a = await openArchive(path, limits);
    expect(a.compressed).toBe(gz);
    expect(await read(a, 'manifest.json')).toBe('[1,2,3]');
    expect(await read(a, './dir/layer.tar')).toBe('L'.repeat(70_000));
    expect(await read(a, 'dir/link')).toBe('[1,2,3]');
    expect((await a.readFile('hard.json', 100)).toString()).toBe('[1,2,3]');
    if (format !== 'ustar') expect(await read(a, longName)).toBe('long');
    await expect(a.readFile('dir/layer.tar', 100)).rejects.toMatchObject({ code: 'LIMIT_EXCEEDED' });
    expect(() => a.open('nope')).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    await a.close();
  });
});

describe('archive index on bad input', () => {
  it('truncated archive → TRUNCATED', async () => {
    const t = await tarOf([{ name: 'manifest.json', content: 'x'.repeat(5000) }]);
    expect(await code(openArchive(file(t.subarray(0, 2048)), limits))).toBe('TRUNCATED');
    expect(await code(openArchive(file(gzipSync(t).subarray(0, 100)), limits))).toBe('TRUNCATED');
  });

  it('member escaping with ../ → UNSAFE_PATH', async () => {
    const t = await tarOf([{ name: '../../evil', content: 'x' }]);
    expect(await code(openArchive(file(t), limits))).toBe('UNSAFE_PATH');
    expect(await code(openArchive(file(gzipSync(t)), limits))).toBe('UNSAFE_PATH');
  });

  it('a symlink loop inside the archive → SYMLINK_LOOP when resolved', async () => {
    const t = await tarOf([
      { name: 'a', type: 'symlink', linkname: 'b' },
      { name: 'b', type: 'symlink', linkname: 'a' },
    ]);
    const a = await openArchive(file(t), limits);
    expect(() => a.resolve('a')).toThrow(expect.objectContaining({ code: 'SYMLINK_LOOP' }));
    await a.close();
  });

  it('not a tar, empty, or xz → INVALID_INPUT / UNSUPPORTED_MEDIA_TYPE', async () => {
    expect(await code(openArchive(file(Buffer.from('hello world'.repeat(100))), limits))).toBe(
      'INVALID_INPUT',
    );
    expect(await code(openArchive(file(Buffer.alloc(0)), limits))).toBe('INVALID_INPUT');
    expect(await code(openArchive(file(Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0, 0, 0])), limits))).toBe(
      'UNSUPPORTED_MEDIA_TYPE',
    );
    expect(await code(openArchive(join(tmp, 'missing.tar'), limits))).toBe('NOT_FOUND');
  });

  it('random and mutated bytes never crash (property)', async () => {
    const base = await tarOf([
      { name: 'manifest.json', content: '[]' },
      { name: 'x/y', type: 'symlink', linkname: '../manifest.json' },
      { name: `${'p'.repeat(200)}/q`, content: 'long' },
    ]);
    const allowed = new Set([
      'TRUNCATED',
      'INVALID_INPUT',
      'UNSAFE_PATH',
      'LIMIT_EXCEEDED',
      'UNSUPPORTED_MEDIA_TYPE',
    ]);
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.uint8Array({ maxLength: 3000 }).map((b) => Buffer.from(b)),
          fc
            .tuple(fc.array(fc.tuple(fc.nat(), fc.nat(255)), { maxLength: 6 }), fc.nat(), fc.boolean())
            .map(([flips, cut, gz]) => {
              const b = Buffer.from(base);
              for (const [p, v] of flips) b[p % b.length] = v;
              const t = b.subarray(0, b.length - (cut % 700));
              return gz ? gzipSync(t) : t;
            }),
        ),
        async (bytes) => {
          const p = file(bytes);
          try {
            const a = await openArchive(p, limits);
            for (const name of a.entries.keys()) {
              expect(name.split('/')).not.toContain('..');
              try {
                await a.readFile(name, 10_000);
              } catch (err) {
                expect(isBulwarkError(err)).toBe(true);
              }
            }
            await a.close();
          } catch (err) {
            expect(isBulwarkError(err), String(err)).toBe(true);
            if (isBulwarkError(err)) expect(allowed.has(err.code), err.message).toBe(true);
          } finally {
            rmSync(p);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('parseNumber', () => {
  it.each([
    [Buffer.from('0000644\0'), 0o644],
    [Buffer.from('  17 \0\0\0\0'), 0o17],
    [Buffer.from('\0\0\0\0'), 0],
    [Buffer.from([0x80, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0]), 2 ** 32],
    [Buffer.from('0008'), null],
    [Buffer.from([0xff, 0xff]), null],
  ])('%j → %j', (buf, want) => {
    expect(parseNumber(buf, 0, buf.length)).toBe(want);
  });
});

describe('TarFileArchive reads positionally without loading the archive', () => {
  it('opens a big archive quickly by jumping over member data', async () => {
    const big = join(tmp, 'big.tar');
    const t = await tarOf([{ name: 'manifest.json', content: '{}' }]);
    // 64 MiB member followed by a tiny one; the index reads only three headers.
    const header = (await tarOf([{ name: 'blob', size: 0, content: Buffer.alloc(0) }])).subarray(0, 512);
    const h = Buffer.from(header);
    h.write((64 * 1024 * 1024).toString(8).padStart(11, '0') + '\0', 124);
    h.write('        ', 148);
    let sum = 0;
    for (const b of h) sum += b;
    h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148);
    const fh = await open(big, 'w');
    await fh.write(h);
    await fh.truncate(512 + 64 * 1024 * 1024);
    await fh.write(t, 0, t.length, 512 + 64 * 1024 * 1024);
    await fh.close();
    const a = await openArchive(big, limits);
    expect([...a.entries.keys()]).toEqual(['blob', 'manifest.json']);
    expect((await a.readFile('manifest.json', 10)).toString()).toBe('{}');
    await a.close();
  });
});
