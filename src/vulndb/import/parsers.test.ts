// Unit and fuzz tests of the record parsers: any input either parses or fails with a BulwarkError
// (a one-line message naming the document), never with a crash.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BulwarkError } from '../../core/errors.js';
import { parseAdvisoryList } from './debian-dsa.js';
import { trackerPackage } from './debian-tracker.js';
import { parseOsv } from './osv.js';
import { parseSecdb } from './secdb.js';

function total(fn: () => unknown): void {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(BulwarkError);
    expect((err as Error).message).toMatch(/^doc/);
    expect((err as Error).message).not.toMatch(/\n/);
  }
}

// Values shaped like the real formats, with random holes and wrong types, reach deeper than pure noise.
const anyValue = fc.anything({ maxDepth: 3 });
const event = fc.dictionary(
  fc.constantFrom('introduced', 'fixed', 'last_affected', 'limit', 'x'),
  fc.oneof(fc.string(), anyValue),
  { maxKeys: 2 },
);
const osvLike = fc.record(
  {
    id: fc.oneof(fc.string(), anyValue),
    modified: fc.oneof(fc.constant('2024-01-01T00:00:00Z'), anyValue),
    aliases: fc.oneof(fc.array(fc.string()), anyValue),
    severity: fc.oneof(
      fc.array(fc.record({ type: fc.constantFrom('CVSS_V3', 'CVSS_V4', 'Ubuntu'), score: fc.string() })),
      anyValue,
    ),
    affected: fc.oneof(
      fc.array(
        fc.record(
          {
            package: fc.oneof(fc.record({ ecosystem: fc.string(), name: fc.string() }), anyValue),
            ranges: fc.oneof(
              fc.array(fc.record({ type: fc.string(), events: fc.oneof(fc.array(event), anyValue) })),
              anyValue,
            ),
            versions: fc.oneof(fc.array(fc.string()), anyValue),
            ecosystem_specific: anyValue,
          },
          { requiredKeys: [] },
        ),
      ),
      anyValue,
    ),
  },
  { requiredKeys: [] },
);

describe('parseOsv', () => {
  it('normalises a record', () => {
    const a = parseOsv(
      {
        id: 'DEBIAN-CVE-2024-1',
        modified: '2024-05-01T00:00:00Z',
        upstream: ['CVE-2024-1'],
        details: 'First line.\nMore.',
        severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' }],
        affected: [
          {
            package: { ecosystem: 'Debian:12', name: 'openssl' },
            ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '3.0.13-1~deb12u1' }] }],
            ecosystem_specific: { urgency: 'low**' },
          },
          { ranges: [{ type: 'GIT', repo: 'x', events: [{ introduced: 'abc' }] }] },
        ],
      },
      'doc.json',
    );
    expect(a).toEqual({
      id: 'DEBIAN-CVE-2024-1',
      aliases: [],
      upstream: ['CVE-2024-1'],
      summary: 'First line.',
      severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', value: 9.8 }],
      modified: '2024-05-01T00:00:00Z',
      references: [],
      affected: [
        {
          ecosystem: 'Debian:12',
          distro: 'debian:12',
          package: 'openssl',
          ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '3.0.13-1~deb12u1' }] }],
          versions: [],
          status: 'affected',
          severity: [{ type: 'Debian', score: 'low**' }],
        },
      ],
    });
  });

  it.each([
    [{ modified: 'x' }, /doc\.json: id: expected a string/],
    [{ id: 'A' }, /doc\.json: modified: expected a string/],
    [{ id: 'A', modified: 'x', affected: {} }, /affected: expected an array, got an object/],
    [
      {
        id: 'A',
        modified: 'x',
        affected: [
          {
            package: { ecosystem: 'Go', name: 'x' },
            ranges: [{ type: 'SEMVER', events: [{ introduced: '0', fixed: '1' }] }],
          },
        ],
      },
      /events\[0\]: expected exactly one of/,
    ],
  ])('rejects %j', (doc, message) => {
    expect(() => parseOsv(doc, 'doc.json')).toThrow(message);
  });

  it('fuzz: never crashes', () => {
    fc.assert(
      fc.property(fc.oneof(osvLike, anyValue), (doc) => total(() => parseOsv(doc, 'doc.json'))),
      { numRuns: 2000 },
    );
  });
});

describe('other formats', () => {
  it('fuzz: secdb, tracker and DSA parsers never crash', () => {
    const secdb = fc.record(
      {
        distroversion: fc.oneof(fc.constant('v3.15'), fc.string(), anyValue),
        reponame: fc.oneof(fc.string(), anyValue),
        packages: fc.oneof(
          fc.array(
            fc.record({
              pkg: fc.oneof(
                fc.record({
                  name: fc.string(),
                  secfixes: fc.oneof(fc.dictionary(fc.string(), fc.array(fc.string())), anyValue),
                }),
                anyValue,
              ),
            }),
          ),
          anyValue,
        ),
      },
      { requiredKeys: ['packages'] },
    );
    fc.assert(
      fc.property(secdb, (doc) => total(() => parseSecdb(doc, 'doc.yaml', '2024-01-01T00:00:00Z'))),
      { numRuns: 1000 },
    );
    const tracker = fc.dictionary(
      fc.oneof(fc.constant('CVE-2024-1'), fc.string()),
      fc.oneof(
        fc.record({
          releases: fc.oneof(fc.dictionary(fc.constantFrom('bookworm', 'sid', 'x'), anyValue), anyValue),
        }),
        anyValue,
      ),
    );
    fc.assert(
      fc.property(fc.oneof(tracker, anyValue), (v) => total(() => trackerPackage('pkg', v, 'doc.json', 'x'))),
      { numRuns: 1000 },
    );
    const listLine = fc.oneof(
      fc.constant('[01 Aug 2002] DSA-141 mpack - buffer overflow'),
      fc.constant('\t{CVE-2002-1425 CVE-x}'),
      fc.constant('\t[woody] - mpack 1.5-7woody2'),
      fc.constant('\t[bookworm] - mpack <not-affected> (x)'),
      fc.string(),
    );
    fc.assert(
      fc.property(fc.array(listLine, { maxLength: 20 }), (lines) =>
        total(() => parseAdvisoryList(lines.join('\n'), 'doc')),
      ),
      { numRuns: 1000 },
    );
  });

  it('parses the DSA list format', () => {
    const r = parseAdvisoryList(
      '[31 Jul 2025] DSA-5970-1 sope - security update\n\t{CVE-2025-53603}\n\t[bookworm] - sope 5.8.0-1+deb12u1\n\t[bullseye] - sope <not-affected> (vulnerable code not present)\n\tNOTE: x\n',
      'doc',
    );
    expect(r.namespace).toBe('debian-dsa');
    expect(r.records).toEqual([
      expect.objectContaining({
        key: 'DSA-5970-1',
        advisory: expect.objectContaining({
          aliases: ['CVE-2025-53603'],
          published: '2025-07-31T00:00:00Z',
          affected: [
            expect.objectContaining({
              ecosystem: 'Debian:12',
              package: 'sope',
              status: 'affected',
              ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '5.8.0-1+deb12u1' }] }],
            }),
            expect.objectContaining({ ecosystem: 'Debian:11', status: 'not_affected', ranges: [] }),
          ],
        }),
      }),
    ]);
  });
});
