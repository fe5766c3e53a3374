import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { isBulwarkError } from '../../../core/errors.js';
import { describeWithFixtures, fixture } from '../../../../test/support/fixtures.js';
import { unpackTxtar } from '../../../../test/support/txtar.js';
import { dpkgQuery } from '../../../../test/support/native-pkg.js';
import { analyzer, isPresent, parseSource, parseStatus } from './index.js';
import { parseControl } from './control.js';

const entry = (path: string) => ({ path, type: 'file' as const, mode: 0o644, uid: 0, gid: 0, size: 0 });

describe('dpkg analyzer', () => {
  it.each([
    ['var/lib/dpkg/status', true],
    ['var/lib/dpkg/status.d/libc6', true],
    ['var/lib/dpkg/status.d/libc6.md5sums', false],
    ['var/lib/dpkg/status.d/sub/x', false],
    ['var/lib/dpkg/status-old', false],
    ['var/lib/dpkg/available', false],
  ])('required(%s) = %s', (path, want) => {
    expect(analyzer.required(path, entry(path))).toBe(want);
  });

  // dpkg-query(1) package states: everything with files on disk counts; config-files does not.
  it.each([
    ['install ok installed', true],
    ['deinstall ok installed', true],
    ['hold ok installed', true],
    ['install reinstreq half-installed', true],
    ['install ok unpacked', true],
    ['install ok half-configured', true],
    ['install ok triggers-awaited', true],
    ['install ok triggers-pending', true],
    ['deinstall ok config-files', false],
    ['purge ok not-installed', false],
    ['garbage', false],
  ])('status "%s" present = %s', (status, want) => {
    expect(isPresent(status, false)).toBe(want);
  });

  it('treats a missing Status as installed only in distroless status.d', () => {
    expect(isPresent(undefined, true)).toBe(true);
    expect(isPresent(undefined, false)).toBe(false);
  });

  it.each([
    [undefined, { name: 'bash', version: '5.2.15-2+b2' }],
    ['util-linux', { name: 'util-linux', version: '5.2.15-2+b2' }],
    ['glibc (2.36-9+deb12u4)', { name: 'glibc', version: '2.36-9+deb12u4' }],
    ['gcc-12 (12.2.0-14)', { name: 'gcc-12', version: '12.2.0-14' }],
  ])('Source %j', (field, want) => {
    expect(parseSource(field, 'bash', '5.2.15-2+b2')).toEqual(want);
  });

  it('reads a status file: binary and source names, epochs, arch, provisional purl', () => {
    const text = [
      'Package: libgcrypt20',
      'Status: install ok installed',
      'Architecture: amd64',
      'Source: libgcrypt20',
      'Version: 1.10.1-3',
      'Description: LGPL Crypto library',
      ' multi-line description',
      '',
      'Package: libpam0g',
      'Status: install ok installed',
      'Architecture: amd64',
      'Source: pam',
      'Version: 1.5.2-6+deb12u1',
      '',
      'Package: git',
      'Status: deinstall ok config-files',
      'Version: 1:2.39.2-1.1',
      '',
      'Package: perl-base',
      'Status: install ok installed',
      'Architecture: amd64',
      'Source: perl (5.36.0-7+deb12u1)',
      'Version: 5.36.0-7+deb12u1',
      '',
      'Package: libx',
      'Status: install ok installed',
      'Architecture: amd64',
      'Version: 2:1.0-1',
    ].join('\n');
    const pkgs = parseStatus(text, 'var/lib/dpkg/status');
    expect(pkgs.map((p) => p.name)).toEqual(['libgcrypt20', 'libpam0g', 'perl-base', 'libx']);
    expect(pkgs[1]!.source).toEqual({ name: 'pam', version: '1.5.2-6+deb12u1' });
    expect(pkgs[3]!).toMatchObject({
      version: '2:1.0-1',
      arch: 'amd64',
      source: { name: 'libx', version: '2:1.0-1' },
    });
    expect(pkgs[3]!.purl).toBe('pkg:deb/debian/libx@1.0-1?arch=amd64&epoch=2');
  });

  it('reads a distroless status.d file and ignores non-files at the path', async () => {
    const text = 'Package: libssl3\nVersion: 3.0.11-1~deb12u2\nArchitecture: amd64\nSource: openssl\n';
    const [f] = await analyzer.analyze({
      path: 'var/lib/dpkg/status.d/libssl3',
      content: Buffer.from(text),
      entry: entry('var/lib/dpkg/status.d/libssl3'),
    });
    expect(f!.packages).toMatchObject([
      { name: 'libssl3', source: { name: 'openssl', version: '3.0.11-1~deb12u2' } },
    ]);
    const [l] = await analyzer.analyze({
      path: 'var/lib/dpkg/status',
      content: Buffer.alloc(0),
      entry: { ...entry('var/lib/dpkg/status'), type: 'symlink', linkname: 'x' },
    });
    expect(l).toEqual({ analyzer: 'dpkg', path: 'var/lib/dpkg/status' });
  });

  it('rejects malformed input with INVALID_INPUT and never anything else', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        try {
          parseControl(text, 'status');
        } catch (err) {
          expect(isBulwarkError(err)).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
    expect(() => parseControl(' continuation first\n', 'status')).toThrow(
      /continuation line outside a field/,
    );
    expect(() => parseControl('no colon here\n', 'status')).toThrow(/expected "Field: value"/);
  });
});

describeWithFixtures('dpkg parity with dpkg-query', ['pkgdb/dpkg-status.txtar'], () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('lists what dpkg-query -W lists, minus config-files packages', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bulwark-dpkg-'));
    dirs.push(dir);
    unpackTxtar(readFileSync(fixture('pkgdb/dpkg-status.txtar'), 'utf8'), dir);
    const admindir = join(dir, 'var/lib/dpkg');
    const native = dpkgQuery(admindir);
    const ours = parseStatus(readFileSync(join(admindir, 'status'), 'utf8'), 'var/lib/dpkg/status');
    expect(ours.length).toBeGreaterThan(80);
    expect(ours.map((p) => `${p.name} ${p.version} ${p.arch}`).sort()).toEqual(
      native
        .filter((n) => n.state !== 'config-files')
        .map((n) => `${n.name} ${n.version} ${n.arch}`)
        .sort(),
    );
    // The one removed-but-configured package is the only difference, and dpkg-query does list it.
    expect(native.filter((n) => n.state === 'config-files').map((n) => n.name)).toEqual(['git']);
  });
});
