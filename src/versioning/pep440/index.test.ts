import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeVectors, itObeysOrderLaws, num } from '../../../test/support/versions.js';
import scheme from './index.js';

describeVectors(scheme, 'pep440.tsv');

describe('pep440 versions', () => {
  it.each([
    ['1.0', true],
    ['1!2.0.post1.dev3+local.7', true],
    ['1.0rc1', true],
    ['v1.0', true],
    ['1.0-foo', false],
    ['', false],
  ])('isValid(%j) = %s', (v, ok) => expect(scheme.isValid(v)).toBe(ok));

  it.each([
    ['1.0', '1.0.0', 0],
    ['1.0a1', '1.0', -1],
    ['1.0.post1', '1.0', 1],
    ['1!0.1', '2.0', 1],
  ] as const)('%s vs %s → %i', (a, b, want) => expect(scheme.compare(a, b)).toBe(want));

  const versions = fc
    .tuple(
      fc.option(num(2), { nil: undefined }),
      fc.array(num(12), { minLength: 1, maxLength: 3 }),
      fc.option(fc.tuple(fc.constantFrom('a', 'b', 'rc'), num(3)), { nil: undefined }),
      fc.option(num(3), { nil: undefined }),
      fc.option(num(3), { nil: undefined }),
    )
    .map(
      ([epoch, release, pre, post, dev]) =>
        `${epoch !== undefined ? `${epoch}!` : ''}${release.join('.')}${pre ? pre.join('') : ''}` +
        `${post !== undefined ? `.post${post}` : ''}${dev !== undefined ? `.dev${dev}` : ''}`,
    );
  itObeysOrderLaws(scheme, versions);
});
