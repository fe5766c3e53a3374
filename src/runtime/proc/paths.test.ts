import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { joinPath, normalize, resolveInRoot } from './paths.js';

describe('joinPath', () => {
  it.each([
    ['/work', 'a/b', '/work/a/b'],
    ['/work', '/etc/shadow', '/etc/shadow'],
    ['/work', '../etc/./passwd', '/etc/passwd'],
    ['/', '../../..', '/'],
    ['/a/', 'b//c/', '/a/b/c'],
    ['/dev/shm', './x', '/dev/shm/x'],
    ['/etc', '', '/etc'],
  ])('%s + %s = %s', (base, rel, want) => {
    expect(joinPath(base, rel)).toBe(want);
  });

  it('always yields a normalised absolute path', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        const p = joinPath(normalize(a), b);
        expect(p.startsWith('/')).toBe(true);
        expect(p.split('/')).not.toContain('..');
        expect(p === '/' || !p.endsWith('/')).toBe(true);
      }),
    );
  });
});

describe('resolveInRoot', () => {
  const root = mkdtempSync(join(tmpdir(), 'bulwark-root-'));
  mkdirSync(join(root, 'usr/bin'), { recursive: true });
  writeFileSync(join(root, 'usr/bin/dash'), '');
  symlinkSync('usr/bin', join(root, 'bin'));
  symlinkSync('dash', join(root, 'usr/bin/sh'));
  symlinkSync('/usr/bin/dash', join(root, 'usr/bin/abs'));
  symlinkSync('../../../../../../etc/passwd', join(root, 'usr/bin/escape'));
  symlinkSync('loop2', join(root, 'loop1'));
  symlinkSync('loop1', join(root, 'loop2'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it.each([
    ['/bin/sh', '/usr/bin/dash'],
    ['/usr/bin/abs', '/usr/bin/dash'],
    ['/bin/../usr/bin/dash', '/usr/bin/dash'],
    ['/missing', null],
    ['/loop1', null],
  ])('%s → %s', (path, want) => {
    expect(resolveInRoot(root, path)).toBe(want);
  });

  it('never climbs above the root', () => {
    // ../ past the root stays at the root, so the link names <root>/etc/passwd, which is missing.
    expect(resolveInRoot(root, '/usr/bin/escape')).toBeNull();
  });
});
