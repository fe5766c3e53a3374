import { Readable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BulwarkError } from '../../core/errors.js';
import { jsonEntries, type JsonEntry } from './json-entries.js';

const LIMITS = { maxEntryBytes: 1 << 20, maxStreamBytes: 1 << 24 };

async function collect(chunks: string[], limits = LIMITS): Promise<JsonEntry[]> {
  const out: JsonEntry[] = [];
  for await (const e of jsonEntries(Readable.from(chunks.map((c) => Buffer.from(c))), 'test.json', limits))
    out.push(e);
  return out;
}

function split(text: string, cuts: number[]): string[] {
  const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
  const parts: string[] = [];
  let last = 0;
  for (const p of points) {
    parts.push(text.slice(last, p));
    last = p;
  }
  parts.push(text.slice(last));
  return parts;
}

describe('jsonEntries', () => {
  it.each([
    ['{}', []],
    ['[]', []],
    [
      '{"a":1,"b":{"c":[1,2,"}]"]},"d":"x\\"y"}',
      [
        ['a', 1],
        ['b', { c: [1, 2, '}]'] }],
        ['d', 'x"y'],
      ],
    ],
    [
      ' [ {"id":"A"} , 2 , null ] \n',
      [
        ['0', { id: 'A' }],
        ['1', 2],
        ['2', null],
      ],
    ],
    ['{"\\u00e9":true}', [['é', true]]],
  ])('%s', async (text, expected) => {
    expect((await collect([text])).map((e) => [e.key, e.value])).toEqual(expected);
  });

  it.each([
    ['"scalar"', 'INVALID_INPUT'],
    ['{"a":1,}', 'INVALID_INPUT'],
    ['[1,]', 'INVALID_INPUT'],
    ['{"a" 1}', 'INVALID_INPUT'],
    ['{"a":1]', 'INVALID_INPUT'],
    ['{"a":1} x', 'INVALID_INPUT'],
    ['{"a":tru}', 'INVALID_INPUT'],
    ['{"a":{"b":1}', 'TRUNCATED'],
    ['', 'TRUNCATED'],
  ])('rejects %s with %s', async (text, code) => {
    await expect(collect([text])).rejects.toMatchObject({ code });
  });

  it('limits one entry and the whole stream', async () => {
    const big = `{"a":"${'x'.repeat(5000)}"}`;
    await expect(collect([big], { maxEntryBytes: 1000, maxStreamBytes: 1 << 20 })).rejects.toMatchObject({
      code: 'LIMIT_EXCEEDED',
    });
    await expect(collect([big], { maxEntryBytes: 1 << 20, maxStreamBytes: 1000 })).rejects.toMatchObject({
      code: 'LIMIT_EXCEEDED',
    });
  });

  it('property: agrees with JSON.parse for any object or array, however it is chunked', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.dictionary(fc.string(), fc.jsonValue()), fc.array(fc.jsonValue())),
        fc.array(fc.nat(), { maxLength: 8 }),
        fc.constantFrom(undefined, 2, '\t'),
        async (value, cuts, indent) => {
          const text = JSON.stringify(value, null, indent);
          const entries = await collect(split(text, cuts));
          const parsed = JSON.parse(text) as Record<string, unknown>;
          expect(entries.map((e) => [e.key, e.value])).toEqual(Object.entries(parsed));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('fuzz: arbitrary input yields or fails with a BulwarkError, never anything else', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string(),
          fc.json().map((j) => j.slice(0, Math.max(0, j.length - 1))),
        ),
        async (text) => {
          try {
            await collect([text]);
          } catch (err) {
            expect(err).toBeInstanceOf(BulwarkError);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
