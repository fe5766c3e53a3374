import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeVectors, itObeysOrderLaws, num } from '../../../test/support/versions.js';
import scheme from './index.js';

describeVectors(scheme, 'semver.tsv');

describe('semver versions', () => {
  it.each([
    ['1.2.3', true],
    ['v1.2.3', true],
    ['1.2.3-rc.1+build.5', true],
    ['1.2', false],
    ['01.2.3', false],
    ['1.2.3-01', false],
    ['', false],
  ])('isValid(%j) = %s', (v, ok) => expect(scheme.isValid(v)).toBe(ok));

  it('ignores build metadata for precedence', () => {
    expect(scheme.compare('1.0.0+a', '1.0.0+b')).toBe(0);
  });

  const ident = fc.oneof(num(20), fc.stringMatching(/^[a-zA-Z][0-9a-zA-Z-]{0,4}$/));
  const versions = fc
    .tuple(
      num(5),
      num(5),
      num(5),
      fc.option(fc.array(ident, { minLength: 1, maxLength: 3 }), { nil: undefined }),
    )
    .map(([a, b, c, pre]) => `${a}.${b}.${c}${pre ? `-${pre.join('.')}` : ''}`);
  itObeysOrderLaws(scheme, versions);
});
