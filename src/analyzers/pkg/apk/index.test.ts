import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isBulwarkError } from '../../../core/errors.js';
import { describeWithFixtures, fixture } from '../../../../test/support/fixtures.js';
import { analyzer, parseInstalled } from './index.js';

const entry = (path: string) => ({ path, type: 'file' as const, mode: 0o644, uid: 0, gid: 0, size: 0 });

describe('apk analyzer', () => {
  it.each([
    ['lib/apk/db/installed', true],
    ['usr/lib/apk/db/installed', true],
    ['lib/apk/db/triggers', false],
    ['etc/apk/world', false],
  ])('required(%s) = %s', (path, want) => expect(analyzer.required(path, entry(path))).toBe(want));

  it('reads name, version, arch, license and origin; a record without a version is not a package', () => {
    const text =
      'P:libcrypto3\nV:3.1.4-r5\nA:aarch64\nL:Apache-2.0\no:openssl\nF:lib\nR:libcrypto.so.3\n\nP:broken\n\nP:musl\nV:1.2.4_git20230717-r4\nA:aarch64\n';
    const pkgs = parseInstalled(text, 'lib/apk/db/installed');
    expect(pkgs).toEqual([
      {
        name: 'libcrypto3',
        version: '3.1.4-r5',
        type: 'apk',
        purl: 'pkg:apk/alpine/libcrypto3@3.1.4-r5?arch=aarch64',
        source: { name: 'openssl', version: '3.1.4-r5' },
        arch: 'aarch64',
        licenses: ['Apache-2.0'],
        path: 'lib/apk/db/installed',
      },
      expect.objectContaining({ name: 'musl', source: { name: 'musl', version: '1.2.4_git20230717-r4' } }),
    ]);
  });

  it('rejects lines that are not K:value with INVALID_INPUT, and nothing else', () => {
    expect(() => parseInstalled('P:x\nthis is not apk\n', 'db')).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT' }),
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (s) => {
        try {
          parseInstalled(s, 'db');
        } catch (err) {
          expect(isBulwarkError(err)).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });
});

describeWithFixtures('apk fixture database', ['pkgdb/apk-installed'], () => {
  it('lists the 15 packages with their origins', async () => {
    const [finding] = await analyzer.analyze({
      path: 'lib/apk/db/installed',
      content: readFileSync(fixture('pkgdb/apk-installed')),
      entry: entry('lib/apk/db/installed'),
    });
    const pkgs = finding!.packages!;
    expect(pkgs.map((p) => p.name)).toEqual([
      'musl',
      'busybox',
      'alpine-baselayout',
      'alpine-keys',
      'zlib',
      'libcrypto1.0',
      'libssl1.0',
      'apk-tools',
      'scanelf',
      'musl-utils',
      'libc-utils',
      'pkgconf',
      'sqlite-libs',
      'test',
      'ada-libs',
    ]);
    expect(pkgs.find((p) => p.name === 'libssl1.0')).toMatchObject({
      version: '1.0.2h-r1',
      source: { name: 'openssl' },
      arch: 'x86_64',
    });
    expect(pkgs.find((p) => p.name === 'test')!.source).toEqual({
      name: 'test-parent',
      version: '2.9.11_pre20061021-r2',
    });
    expect(pkgs.find((p) => p.name === 'ada-libs')!.licenses).toEqual(['( Apache-2.0 OR MIT ) AND MPL-2.0']);
  });
});
