import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeVectors, itObeysOrderLaws, num, word } from '../../../test/support/versions.js';
import scheme, { parseRpm } from './index.js';

describeVectors(scheme, 'rpm.tsv');

describe('rpm versions', () => {
  it.each([
    ['1:1.0-1', { epoch: '1', version: '1.0', release: '1' }],
    [':1.0', { epoch: '0', version: '1.0', release: null }],
    ['1.0', { epoch: null, version: '1.0', release: null }],
    ['a:1.0-1-2', { epoch: null, version: 'a:1.0-1', release: '2' }],
    ['', null],
    ['1.0-', null],
    ['-1', null],
    ['1.0 -1', null],
  ])('parse(%j)', (v, want) => {
    expect(parseRpm(v)).toEqual(want);
  });

  // Epoch and release handling (rpmverCmp) and RHEL-style releases (grype rpm tests).
  it.each([
    ['1:1.0-1', '2.0-1', 1],
    ['0:1.0-1', '1.0-1', 0],
    ['1.0', '1.0-1', -1],
    ['1.0~rc1-1', '1.0-1', -1],
    ['2.28-151.el8', '2.28-164.el8', -1],
    ['1.2.3-4.el8', '1.2.3-4.el8_1', -1],
    ['3.6.8-51.el8_8.1', '3.6.8-51.el8', 1],
    ['1:1.1.1k-7.el8_6', '1:1.1.1k-12.el8_9', -1],
    ['2.0-1.cm2', '2.0-1.cm2', 0],
  ] as const)('%s vs %s → %i', (a, b, want) => {
    expect(scheme.compare(a, b)).toBe(want);
    expect(scheme.compare(b, a)).toBe(-want || 0);
  });

  const part = fc
    .array(fc.oneof(num(99), word('abzXY'), fc.constantFrom('.', '_', '+', '~', '^')), {
      minLength: 1,
      maxLength: 6,
    })
    .map((xs) => xs.join(''));
  const versions = fc
    .tuple(fc.option(num(3), { nil: undefined }), num(9), part, fc.option(part, { nil: undefined }))
    .map(([e, n, v, r]) => `${e !== undefined ? `${e}:` : ''}${n}${v}${r !== undefined ? `-${r}` : ''}`);
  itObeysOrderLaws(scheme, versions);
});
