import { describe, expect, it } from 'vitest';
import { cleanImagePath, requireImagePath } from './path.js';

describe('cleanImagePath', () => {
  it.each([
    ['etc/passwd', 'etc/passwd'],
    ['./etc/passwd', 'etc/passwd'],
    ['/etc/passwd', 'etc/passwd'],
    ['//etc//passwd/', 'etc/passwd'],
    ['./', ''],
    ['/', ''],
    ['.', ''],
    ['a/./b/../c', 'a/c'],
    ['a/..', ''],
    ['usr/lib/', 'usr/lib'],
    ['../etc', null],
    ['a/../../etc', null],
    ['/../etc', null],
    ['..', null],
  ])('%j → %j', (raw, want) => {
    expect(cleanImagePath(raw)).toBe(want);
  });

  it('throws UNSAFE_PATH for escapes and NUL bytes', () => {
    expect(() => requireImagePath('../x', 'layer')).toThrow(expect.objectContaining({ code: 'UNSAFE_PATH' }));
    expect(() => requireImagePath('a\0b', 'layer')).toThrow(expect.objectContaining({ code: 'UNSAFE_PATH' }));
  });
});
