// Shared tests for version schemes: the upstream vectors in fixtures/versions (`a<TAB>b<TAB>expected`)
// and the laws every scheme must obey (never throws, antisymmetric, transitive, reflexive).
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import type { Scheme } from '../../src/versioning/define.js';
import { describeWithFixtures, fixture } from './fixtures.js';

export type Vector = [a: string, b: string, expected: -1 | 0 | 1];

export function readVectors(file: string): Vector[] {
  return readFileSync(fixture('versions', file), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '' && !l.startsWith('#'))
    .map((l) => {
      const [a, b, e] = l.split('\t');
      return [a!, b!, Number(e) as -1 | 0 | 1];
    });
}

/** Every vector of fixtures/versions/<file> must agree, both ways round. */
export function describeVectors(scheme: Scheme, file: string): void {
  describeWithFixtures(`${scheme.id} upstream vectors (${file})`, [`versions/${file}`], () => {
    const vectors = readVectors(file);
    it('has vectors', () => expect(vectors.length).toBeGreaterThan(10));
    it.each(vectors)('%s vs %s → %i', (a, b, expected) => {
      expect(scheme.compare(a, b)).toBe(expected);
      expect(scheme.compare(b, a)).toBe(-expected || 0);
    });
  });
}

/** Order laws on generated versions, and totality on arbitrary strings. */
export function itObeysOrderLaws(scheme: Scheme, versions: fc.Arbitrary<string>, runs = 300): void {
  it('generated versions are valid', () => {
    fc.assert(
      fc.property(versions, (v) => scheme.isValid(v)),
      { numRuns: runs },
    );
  });
  it('is reflexive and antisymmetric', () => {
    fc.assert(
      fc.property(versions, versions, (a, b) => {
        expect(scheme.compare(a, a)).toBe(0);
        expect(scheme.compare(a, b)).toBe(-scheme.compare(b, a) || 0);
      }),
      { numRuns: runs },
    );
  });
  it('is transitive', () => {
    fc.assert(
      fc.property(versions, versions, versions, (a, b, c) => {
        // Every ordering of the triple: x ≤ y and y ≤ z imply x ≤ z (and likewise for equality).
        for (const [x, y, z] of [
          [a, b, c],
          [a, c, b],
          [b, a, c],
          [b, c, a],
          [c, a, b],
          [c, b, a],
        ] as const) {
          const xy = scheme.compare(x, y);
          const yz = scheme.compare(y, z);
          if (xy <= 0 && yz <= 0) expect(scheme.compare(x, z)).toBeLessThanOrEqual(0);
          if (xy === 0 && yz === 0) expect(scheme.compare(x, z)).toBe(0);
        }
      }),
      { numRuns: runs },
    );
  });
  it('never throws on arbitrary strings and stays antisymmetric', () => {
    const anything = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.string({ unit: 'grapheme-ascii', maxLength: 40 }),
      versions,
    );
    fc.assert(
      fc.property(anything, anything, (a, b) => {
        const r = scheme.compare(a, b);
        expect([-1, 0, 1]).toContain(r);
        expect(scheme.compare(b, a)).toBe(-r || 0);
        expect(typeof scheme.isValid(a)).toBe('boolean');
        const p = scheme.parse(a);
        expect(p === null).toBe(!scheme.isValid(a));
      }),
      { numRuns: runs * 3 },
    );
  });
  it('rejects oversized input cheaply', () => {
    const huge = '1.'.repeat(100_000) + '1';
    const t = Date.now();
    expect(scheme.isValid(huge)).toBe(false);
    expect([-1, 0, 1]).toContain(scheme.compare(huge, '1.0'));
    expect(Date.now() - t).toBeLessThan(500);
  });
}

/** Arbitrary helpers for building version strings. */
export const num = (max = 30): fc.Arbitrary<string> => fc.integer({ min: 0, max }).map(String);
export const word = (chars: string, maxLength = 4): fc.Arbitrary<string> =>
  fc.string({ unit: fc.constantFrom(...chars.split('')), minLength: 1, maxLength });
