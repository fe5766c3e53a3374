import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isBulwarkError } from '../../core/errors.js';
import { resolvePath, type LinkInfo } from './resolve.js';

// A merged-/usr Debian tree, as debootstrap leaves it.
const tree = new Map<string, LinkInfo>([
  ['bin', { type: 'symlink', linkname: 'usr/bin' }],
  ['lib', { type: 'symlink', linkname: 'usr/lib' }],
  ['usr', { type: 'dir' }],
  ['usr/bin', { type: 'dir' }],
  ['usr/bin/sh', { type: 'symlink', linkname: 'dash' }],
  ['usr/bin/dash', { type: 'file' }],
  ['usr/lib', { type: 'dir' }],
  ['usr/lib/os-release', { type: 'file' }],
  ['etc', { type: 'dir' }],
  ['etc/os-release', { type: 'symlink', linkname: '../usr/lib/os-release' }],
  ['etc/abs', { type: 'symlink', linkname: '/usr/lib/os-release' }],
  ['etc/escape', { type: 'symlink', linkname: '../../../../etc/passwd' }],
  ['etc/passwd', { type: 'file' }],
  ['loop/a', { type: 'symlink', linkname: 'b' }],
  ['loop/b', { type: 'symlink', linkname: 'a' }],
  ['self', { type: 'symlink', linkname: 'self/x' }],
  ['hard', { type: 'hardlink', linkname: 'usr/bin/dash' }],
]);

describe('resolvePath', () => {
  it.each([
    ['etc/os-release', 'usr/lib/os-release'],
    ['/etc/os-release', 'usr/lib/os-release'],
    ['etc/abs', 'usr/lib/os-release'],
    ['bin/sh', 'usr/bin/dash'],
    ['lib/os-release', 'usr/lib/os-release'],
    ['etc/escape', 'etc/passwd'],
    ['../../etc/passwd', 'etc/passwd'],
    ['usr/bin/../lib/./os-release', 'usr/lib/os-release'],
    ['missing/file', 'missing/file'],
    ['hard', 'hard'],
  ])('%s → %s', (path, want) => {
    expect(resolvePath(path, tree)).toBe(want);
  });

  it('lstat-like when followFinal is false, and follows hard links when asked', () => {
    expect(resolvePath('bin/sh', tree, { followFinal: false })).toBe('usr/bin/sh');
    expect(resolvePath('hard', tree, { followHardlinks: true })).toBe('usr/bin/dash');
  });

  it.each(['loop/a', 'self', 'loop/a/x'])('%s → SYMLINK_LOOP', (path) => {
    expect(() => resolvePath(path, tree)).toThrow(expect.objectContaining({ code: 'SYMLINK_LOOP' }));
  });

  it('accepts a lookup function', () => {
    expect(resolvePath('etc/os-release', (p) => tree.get(p))).toBe('usr/lib/os-release');
  });

  it('never escapes the root and always terminates (property)', () => {
    const seg = fc.constantFrom('a', 'b', '..', '.', '', 'c');
    const target = fc.array(seg, { maxLength: 5 }).map((s) => s.join('/'));
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom('a', 'b', 'c', 'a/b', 'b/c'), fc.boolean(), target), {
          maxLength: 6,
        }),
        fc.array(seg, { maxLength: 6 }),
        (links, parts) => {
          const m = new Map<string, LinkInfo>();
          for (const [p, abs, t] of links) m.set(p, { type: 'symlink', linkname: abs ? `/${t}` : t });
          try {
            const r = resolvePath(parts.join('/'), m);
            expect(r.startsWith('/')).toBe(false);
            expect(r.split('/')).not.toContain('..');
          } catch (err) {
            expect(isBulwarkError(err) && err.code).toBe('SYMLINK_LOOP');
          }
        },
      ),
      { numRuns: 2000 },
    );
  });
});
