import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeVectors, itObeysOrderLaws, num, word } from '../../../test/support/versions.js';
import scheme, { parseDpkg } from './index.js';

describeVectors(scheme, 'dpkg.tsv');

describe('dpkg versions', () => {
  // Validity cases from dpkg scripts/t/Dpkg_Version.t and lib/dpkg/parsehelp.c errors.
  it.each([
    ['', false],
    ['-0', false],
    ['0:-0', false],
    [':1.0', false],
    ['1.0-', false],
    ['10a:5.2', false],
    ['5.2@3-2', false],
    ['foo5.2', false],
    ['0:foo5.2', false],
    ['1.0 1', false],
    ['-1:1.0', false],
    ['99999999999:1.0', false],
    ['1:', false],
    ['1.0-a_b', false],
    ['1:1.0:1.0', true],
    ['1.0-1.0-1', true],
    [' 1.0-1 ', true],
    ['2:2.3.2-2+lenny2', true],
    ['1.0~rc1+dfsg-1~deb12u1', true],
  ])('isValid(%j) = %s', (v, ok) => {
    expect(scheme.isValid(v)).toBe(ok);
  });

  it('splits epoch at the first colon and revision at the last hyphen', () => {
    expect(parseDpkg('1:1.0:1.0')).toEqual({ epoch: 1, upstream: '1.0:1.0', revision: '' });
    expect(parseDpkg('1.0-1.0-1')).toEqual({ epoch: 0, upstream: '1.0-1.0', revision: '1' });
    expect(parseDpkg('2:7.4.052-1ubuntu3')).toEqual({ epoch: 2, upstream: '7.4.052', revision: '1ubuntu3' });
  });

  // Security-relevant orderings: backports (~debNuM / +debNuM), epochs, Ubuntu revisions (grype deb tests).
  it.each([
    ['2.36-9+deb12u4', '2.36-9+deb12u7', -1],
    ['1.2.3+dfsg-1~deb12u1', '1.2.3+dfsg-1', -1],
    ['1.2.3+dfsg-1+deb12u1', '1.2.3+dfsg-1', 1],
    ['1:2.38.1-5+deb12u1', '2.38.1-5', 1],
    ['0:1.0-1', '1.0-1', 0],
    ['2:7.4.052-1ubuntu3', '2:7.4.052-1ubuntu3.1', -1],
    ['3.0.11-1~deb12u2', '3.0.11-1~deb12u1', 1],
    ['7.88.1-10+deb12u5', '7.88.1-10+deb12u12', -1],
    ['1.0~~', '1.0~~a', -1],
    ['1.0~', '1.0', -1],
    ['1.0', '1.0+', -1],
    ['1.0a', '1.0+', -1],
    ['1.0.', '1.0a', 1],
  ] as const)('%s vs %s → %i', (a, b, want) => {
    expect(scheme.compare(a, b)).toBe(want);
    expect(scheme.compare(b, a)).toBe(-want || 0);
  });

  const chunk = fc.oneof(num(), word('abcxyzABZ'), fc.constantFrom('~', '+', '.', '~~', 'dfsg', 'deb12u'));
  const versions = fc
    .tuple(
      fc.option(num(3), { nil: undefined }),
      num(),
      fc.array(fc.tuple(fc.constantFrom('.', '+', '~', ''), chunk), { maxLength: 4 }),
      fc.option(
        fc.array(fc.oneof(num(), word('abuntu'), fc.constantFrom('~', '+', '.')), {
          minLength: 1,
          maxLength: 4,
        }),
        {
          nil: undefined,
        },
      ),
    )
    .map(([epoch, first, rest, rev]) => {
      const upstream = first + rest.map(([sep, c]) => sep + c).join('');
      const revision = rev ? `-${rev.join('')}` : '';
      return `${epoch !== undefined ? `${epoch}:` : ''}${upstream}${revision}`;
    })
    .filter((v) => scheme.isValid(v));
  itObeysOrderLaws(scheme, versions);
});
