import { describe, expect, it } from 'vitest';
import { cvssBaseScore, ratingSeverity, resolveSeverity, scoreEntries } from './severity.js';

describe('CVSS scoring', () => {
  // Scores cross-checked with the FIRST calculators (first.org/cvss/calculator/3.1 and /4.0).
  it.each([
    ['CVSS_V3', 'CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:N/A:N', 5.5],
    ['CVSS_V3', 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 9.8],
    ['CVSS_V3', 'CVSS:3.0/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N', 6.1],
    ['CVSS_V4', 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N', 9.3],
    ['CVSS_V2', 'AV:N/AC:L/Au:N/C:P/I:P/A:P', 7.5],
  ])('%s %s = %s', (type, vector, score) => {
    expect(cvssBaseScore(type, vector)).toBe(score);
  });

  it.each([
    ['CVSS_V3', 'garbage'],
    ['CVSS_V3', 'CVSS:3.1/AV:X'],
    ['CVSS_V4', 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H'],
    ['Ubuntu', 'high'],
  ])('invalid %s %s → undefined', (type, vector) => {
    expect(cvssBaseScore(type, vector)).toBeUndefined();
  });

  it('scores entries and leaves ratings alone', () => {
    expect(
      scoreEntries([
        { type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' },
        { type: 'Ubuntu', score: 'low' },
      ]),
    ).toEqual([
      { type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', value: 9.8 },
      { type: 'Ubuntu', score: 'low' },
    ]);
  });
});

describe('resolveSeverity', () => {
  const critical = { type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', value: 9.8 };
  it.each([
    ['distribution rating beats CVSS', [{ type: 'Debian', score: 'low**' }], [critical], 'LOW'],
    [
      'package rating beats advisory rating',
      [{ type: 'Debian', score: 'high' }],
      [{ type: 'Ubuntu', score: 'low' }],
      'HIGH',
    ],
    [
      'unassigned urgency falls back to CVSS',
      [{ type: 'Debian', score: 'not yet assigned' }],
      [critical],
      'CRITICAL',
    ],
    [
      'v4 before v3',
      [],
      [
        critical,
        { type: 'CVSS_V4', score: 'CVSS:4.0/AV:L/AC:L/AT:N/PR:L/UI:N/VC:L/VI:N/VA:N/SC:N/SI:N/SA:N' },
      ],
      'MEDIUM',
    ],
    ['nothing → UNKNOWN', [], [], 'UNKNOWN'],
    ['unimportant is LOW', [{ type: 'Debian', score: 'unimportant' }], [], 'LOW'],
    ['Red Hat words', [], [{ type: 'Red Hat', score: 'Important' }], 'HIGH'],
  ] as const)('%s', (_name, pkg, adv, expected) => {
    expect(resolveSeverity([...pkg], [...adv])).toBe(expected);
  });

  it('maps rating words', () => {
    expect(ratingSeverity('medium*')).toBe('MEDIUM');
    expect(ratingSeverity('end-of-life')).toBeUndefined();
  });
});
