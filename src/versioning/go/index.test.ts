import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { itObeysOrderLaws, num } from '../../../test/support/versions.js';
import scheme from './index.js';

describe('go module versions', () => {
  it.each([
    ['v1.2.3', true],
    ['1.2.3', true],
    ['v1', true],
    ['v1.2', true],
    ['v0.0.0-20191109021931-daa7c04131f5', true],
    ['v2.0.0+incompatible', true],
    ['v1.2-pre', false],
    ['v01.2.3', false],
    ['vv1.2.3', false],
    ['', false],
  ])('isValid(%j) = %s', (v, ok) => expect(scheme.isValid(v)).toBe(ok));

  // Orderings from golang.org/x/mod/semver tests and the module reference (pseudo-versions).
  it.each([
    ['v1', 'v1.0.0', 0],
    ['v1.2', 'v1.2.0', 0],
    ['v1.2.3', '1.2.3', 0],
    ['v2.0.0+incompatible', 'v2.0.0', 0],
    ['v0.0.0-20191109021931-daa7c04131f5', 'v0.0.0-20200101000000-aaaaaaaaaaaa', -1],
    ['v1.2.4-0.20191109021931-daa7c04131f5', 'v1.2.4', -1],
    ['v1.2.4-0.20191109021931-daa7c04131f5', 'v1.2.3', 1],
    ['v1.2.3-pre.0.20191109021931-daa7c04131f5', 'v1.2.3-pre', 1],
    ['v1.0.0-alpha', 'v1.0.0-alpha.1', -1],
    ['v1.0.0-rc.1', 'v1.0.0', -1],
  ] as const)('%s vs %s → %i', (a, b, want) => {
    expect(scheme.compare(a, b)).toBe(want);
    expect(scheme.compare(b, a)).toBe(-want || 0);
  });

  const versions = fc
    .tuple(
      fc.boolean(),
      num(5),
      num(5),
      num(5),
      fc.option(
        fc.array(fc.oneof(num(20), fc.stringMatching(/^[a-z][0-9a-z]{0,4}$/)), {
          minLength: 1,
          maxLength: 3,
        }),
        {
          nil: undefined,
        },
      ),
    )
    .map(([v, a, b, c, pre]) => `${v ? 'v' : ''}${a}.${b}.${c}${pre ? `-${pre.join('.')}` : ''}`);
  itObeysOrderLaws(scheme, versions);
});
