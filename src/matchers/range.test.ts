import { describe, expect, it } from 'vitest';
import { getScheme } from '../versioning/api.js';
import type { RangeEvent } from '../vulndb/model.js';
import { evaluateRange } from './range.js';

const dpkg = getScheme('dpkg');

describe('evaluateRange (OSV schema evaluation, dpkg ordering)', () => {
  const ev = (...e: RangeEvent[]): RangeEvent[] => e;
  it.each([
    [
      '1.0-1',
      ev({ introduced: '0' }, { fixed: '1.0-2' }),
      { affected: true, fixed: '1.0-2', cleared: false },
    ],
    ['1.0-2', ev({ introduced: '0' }, { fixed: '1.0-2' }), { affected: false, cleared: true }],
    ['1.0-3', ev({ introduced: '0' }, { fixed: '1.0-2' }), { affected: false, cleared: true }],
    ['0.9', ev({ introduced: '1.0' }, { fixed: '1.5' }), { affected: false, cleared: false }],
    ['1.2', ev({ introduced: '0' }), { affected: true, cleared: false }],
    ['1.2-3', ev({ introduced: '0' }, { last_affected: '1.2-3' }), { affected: true, cleared: false }],
    ['1.2-4', ev({ introduced: '0' }, { last_affected: '1.2-3' }), { affected: false, cleared: true }],
    // two ranges in one: introduced again after a fix
    [
      '2.1',
      ev({ introduced: '0' }, { fixed: '1.5' }, { introduced: '2.0' }, { fixed: '2.3' }),
      { affected: true, fixed: '2.3', cleared: false },
    ],
    [
      '1.7',
      ev({ introduced: '0' }, { fixed: '1.5' }, { introduced: '2.0' }, { fixed: '2.3' }),
      { affected: false, cleared: true },
    ],
    // events in any order
    ['1.0', ev({ fixed: '2.0' }, { introduced: '0' }), { affected: true, fixed: '2.0', cleared: false }],
    ['3.0', ev({ introduced: '0' }, { limit: '2.0' }), { affected: false, cleared: false }],
    ['1:0.5', ev({ introduced: '0' }, { fixed: '2.0' }), { affected: false, cleared: true }],
    [
      '3.0.11-1~deb12u1',
      ev({ introduced: '0' }, { fixed: '3.0.11-1~deb12u2' }),
      { affected: true, fixed: '3.0.11-1~deb12u2', cleared: false },
    ],
    ['3.0.11-1', ev({ introduced: '0' }, { fixed: '3.0.11-1~deb12u2' }), { affected: false, cleared: true }],
  ])('%s in %j', (v, events, expected) => {
    expect(evaluateRange(v, events, dpkg)).toEqual(expected);
  });
});
