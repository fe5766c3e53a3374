import { describe, expect, it } from 'vitest';
import { licenseTerms, spdxId } from './licenses.js';

describe('licence strings', () => {
  it.each([
    ['MIT', 'MIT'],
    ['mit', 'MIT'],
    ['GPL2+', 'GPL-2.0-or-later'],
    ['GPLv2+', 'GPL-2.0-or-later'],
    ['ASL 2.0', 'Apache-2.0'],
    ['__proto__', undefined],
    ['constructor', undefined],
    ['toString', undefined],
    ['BSD', undefined],
  ])('spdxId(%j) = %j', (text, want) => {
    expect(spdxId(text)).toBe(want);
  });

  it.each<[string[], ReturnType<typeof licenseTerms>]>([
    [['MIT'], [{ kind: 'id', id: 'MIT' }]],
    [
      ['MIT BSD GPL2+'],
      [
        { kind: 'id', id: 'MIT' },
        { kind: 'name', name: 'BSD' },
        { kind: 'id', id: 'GPL-2.0-or-later' },
      ],
    ],
    [['Zlib OR MIT'], [{ kind: 'expression', expression: 'Zlib OR MIT' }]],
    [
      ['GPL-2.0-only WITH Classpath-exception-2.0'],
      [{ kind: 'expression', expression: 'GPL-2.0-only WITH Classpath-exception-2.0' }],
    ],
    // Fedora-style prose with lower-case operators is not an SPDX expression: kept as a name.
    [['GPLv2+ and LGPLv2+'], [{ kind: 'name', name: 'GPLv2+ and LGPLv2+' }]],
    [['Public Domain'], [{ kind: 'name', name: 'Public Domain' }]],
    [['MIT', 'mit', ' '], [{ kind: 'id', id: 'MIT' }]],
    [[], []],
  ])('licenseTerms(%j)', (input, want) => {
    expect(licenseTerms(input)).toEqual(want);
  });
});
