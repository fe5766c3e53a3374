import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeVectors, itObeysOrderLaws, num } from '../../../test/support/versions.js';
import scheme from './index.js';

describeVectors(scheme, 'maven.tsv');

describe('maven versions', () => {
  it.each([
    ['1.0', true],
    ['1.0-SNAPSHOT', true],
    ['', false],
    ['1.0 beta', false],
    ['1.'.repeat(200), false], // longer than Maven's 256-character limit
  ])('isValid(%j) = %s', (v, ok) => expect(scheme.isValid(v)).toBe(ok));

  it.each([
    ['1.0-SNAPSHOT', '1.0', -1],
    ['2.12.7.1', '2.12.7', 1],
    ['1.0.RELEASE', '1.0', 0],
    ['1.0-ga1', '1.0', 1],
    ['5.3.0.Final', '5.3.0', 0],
    ['9.4.51.v20230217', '9.4.51', 1],
    ['12345678901234567890.1', '12345678901234567890.0', 1],
  ] as const)('%s vs %s → %i', (a, b, want) => {
    expect(scheme.compare(a, b)).toBe(want);
    expect(scheme.compare(b, a)).toBe(-want || 0);
  });

  const qualifier = fc.constantFrom(
    'alpha',
    'a',
    'beta',
    'b',
    'milestone',
    'm',
    'rc',
    'cr',
    'snapshot',
    'ga',
    'final',
    'sp',
    'foo',
    'x',
  );
  const part = fc.oneof(
    num(12),
    qualifier,
    fc.tuple(qualifier, num(9)).map(([q, n]) => q + n),
  );
  const versions = fc
    .tuple(num(9), fc.array(fc.tuple(fc.constantFrom('.', '-'), part), { maxLength: 4 }))
    .map(([first, rest]) => first + rest.map(([s, p]) => s + p).join(''));
  itObeysOrderLaws(scheme, versions);
});
