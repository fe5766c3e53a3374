import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeVectors, itObeysOrderLaws, num } from '../../../test/support/versions.js';
import scheme from './index.js';

describeVectors(scheme, 'apk.tsv');

describe('apk versions', () => {
  // Validity cases from apk-tools test/unit/version.data (lines "version" and "!version").
  it.each([
    ['1.2', true],
    ['0.1_pre2', true],
    ['0.1_pre2~1234abcd', true],
    ['0.1_p1_pre2', true],
    ['0.1_alpha1_pre2', true],
    ['0.1_git20240101_pre1', true],
    ['1.36.1-r2', true],
    ['2.3.0b-r1', true],
    ['', false],
    ['0.1bc', false],
    ['0.1bc1', false],
    ['0.1a1', false],
    ['0.1a.1', false],
    ['0.1_pre2~', false],
    ['0.1_pre2~1234xbcd', false],
    ['0.1_pre2~1234abcd_pre1', false],
    ['0.1_pre2-r1~1234xbcd', false],
    ['0.1_foobar', false],
    ['0.1_foobar1', false],
    ['0.1-pre1.1', false],
    ['0.1-r', false],
    ['0.1-r2_pre1', false],
    ['0.1-r2_p3_pre1', false],
    ['0.1-r2-r3', false],
    ['0.1-r2.1', false],
    ['.1', false],
    ['a', false],
    ['_pre1', false],
    ['-r1', false],
    ['0.1_', false],
    ['0.1_-r0', false],
    ['0.1__alpha', false],
    ['0.1_1_alpha', false],
  ])('isValid(%j) = %s', (v, ok) => {
    expect(scheme.isValid(v)).toBe(ok);
  });

  it.each([
    ['1.2.3-r0', '1.2.3-r1', -1],
    ['1.2.3_rc1-r0', '1.2.3-r0', -1],
    ['1.2.3_p1-r0', '1.2.3-r5', 1],
    ['1.0.01', '1.0.1', -1], // leading zero: string comparison (Gentoo)
    ['1.0.01', '1.0.001', 1],
    ['3.0.8-r0', '3.0.10-r0', -1],
    ['1.0~abc', '1.0', 1],
    ['99999999999999999999999.1', '99999999999999999999998.9', 1], // no 64-bit overflow
  ] as const)('%s vs %s → %i', (a, b, want) => {
    expect(scheme.compare(a, b)).toBe(want);
    expect(scheme.compare(b, a)).toBe(-want || 0);
  });

  it('orders partially valid strings as apk-tools does and rejects strings without a number', () => {
    expect(scheme.isComparable('1.0bc')).toBe(true);
    expect(scheme.isComparable('abc')).toBe(false);
    expect(scheme.compare('abc', '0')).toBe(-1);
  });

  const versions = fc
    .tuple(
      num(),
      fc.array(num(), { maxLength: 3 }),
      fc.option(fc.constantFrom('a', 'b', 'z'), { nil: '' }),
      fc.array(
        fc.tuple(
          fc.constantFrom('alpha', 'beta', 'pre', 'rc', 'cvs', 'svn', 'git', 'hg', 'p'),
          fc.option(num(), { nil: '' }),
        ),
        {
          maxLength: 2,
        },
      ),
      fc.option(fc.stringMatching(/^[0-9a-f]{1,4}$/), { nil: undefined }),
      fc.option(num(9), { nil: undefined }),
    )
    .map(
      ([first, dots, letter, suffixes, hash, rev]) =>
        `${first}${dots.map((d) => `.${d}`).join('')}${letter}${suffixes.map(([s, n]) => `_${s}${n}`).join('')}` +
        `${hash !== undefined ? `~${hash}` : ''}${rev !== undefined ? `-r${rev}` : ''}`,
    );
  itObeysOrderLaws(scheme, versions);
});
