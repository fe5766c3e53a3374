import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isBulwarkError } from './errors.js';
import { jsonDepth, parseJson } from './json.js';

/** Depth of a parsed value, computed independently of the text scanner. */
function valueDepth(v: unknown): number {
  if (Array.isArray(v)) return 1 + Math.max(0, ...v.map(valueDepth));
  if (v && typeof v === 'object') return 1 + Math.max(0, ...Object.values(v).map(valueDepth));
  return 0;
}

describe('jsonDepth', () => {
  it.each([
    ['1', 0],
    ['"[[[["', 0],
    ['[]', 1],
    ['{"a":[{"b":"]]]"}]}', 3],
    ['["\\"[", [1]]', 2],
    ['["\\\\", [[]]]', 3],
  ])('%s → %d', (text, depth) => expect(jsonDepth(text)).toBe(depth));

  it('property: equals the depth of the parsed value for any JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 12 }), (v) => {
        const text = JSON.stringify(v);
        expect(jsonDepth(text)).toBe(valueDepth(JSON.parse(text)));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('parseJson', () => {
  it('parses ordinary JSON', () => expect(parseJson('{"a":[1,2]}', 'x')).toEqual({ a: [1, 2] }));

  it('refuses 20,000 nested arrays (40 kB) with LIMIT_EXCEEDED, quickly', () => {
    const bomb = '['.repeat(20_000) + ']'.repeat(20_000);
    const t0 = Date.now();
    let err: unknown;
    try {
      parseJson(bomb, 'request body');
    } catch (e) {
      err = e;
    }
    expect(isBulwarkError(err) && err.code).toBe('LIMIT_EXCEEDED');
    expect((err as Error).message).toBe('request body: JSON nested deeper than 256 levels');
    expect(Date.now() - t0).toBeLessThan(1000);
  });

  it('accepts exactly the limit and refuses one more', () => {
    expect(() => parseJson('['.repeat(5) + ']'.repeat(5), 'x', 5)).not.toThrow();
    expect(() => parseJson('['.repeat(6) + ']'.repeat(6), 'x', 5)).toThrow(/deeper than 5/);
  });

  it('property: never throws anything but INVALID_INPUT or LIMIT_EXCEEDED', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (s) => {
        try {
          parseJson(s, 'fuzz', 8);
        } catch (e) {
          expect(isBulwarkError(e) && ['INVALID_INPUT', 'LIMIT_EXCEEDED'].includes(e.code)).toBe(true);
        }
      }),
      { numRuns: 3000 },
    );
  });
});
