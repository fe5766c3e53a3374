import { describe, expect, it } from 'vitest';
import { analyzer, osFromOsRelease } from './index.js';
import { parseOsRelease } from './os-release.js';
import { parseAlpineRelease, parseDebianVersion, parseRedhatRelease } from './release-files.js';

const entry = (path: string) => ({ path, type: 'file' as const, mode: 0o644, uid: 0, gid: 0, size: 0 });

describe('os-release', () => {
  it('parses quotes, escapes and comments', () => {
    const kv = parseOsRelease(
      '# c\nNAME="Debian GNU/Linux"\nID=debian\nX=\'single\'\nY="a \\"q\\" b"\nbad line\n',
    );
    expect(Object.fromEntries(kv)).toEqual({
      NAME: 'Debian GNU/Linux',
      ID: 'debian',
      X: 'single',
      Y: 'a "q" b',
    });
  });

  it.each([
    [
      'debian 12',
      'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\nVERSION="12 (bookworm)"\nVERSION_CODENAME=bookworm\nID=debian\n',
      { family: 'debian', version: '12', name: 'Debian GNU/Linux 12 (bookworm)', codename: 'bookworm' },
    ],
    [
      'ubuntu 22.04',
      'PRETTY_NAME="Ubuntu 22.04.4 LTS"\nNAME="Ubuntu"\nVERSION_ID="22.04"\nVERSION_CODENAME=jammy\nID=ubuntu\nID_LIKE=debian\nUBUNTU_CODENAME=jammy\n',
      { family: 'ubuntu', version: '22.04', name: 'Ubuntu 22.04.4 LTS', codename: 'jammy' },
    ],
    [
      'alpine',
      'NAME="Alpine Linux"\nID=alpine\nVERSION_ID=3.19.1\nPRETTY_NAME="Alpine Linux v3.19"\n',
      { family: 'alpine', version: '3.19.1', name: 'Alpine Linux v3.19' },
    ],
    [
      'distroless (says debian)',
      'PRETTY_NAME="Distroless"\nNAME="Debian GNU/Linux"\nID="debian"\nVERSION_ID="12"\nVERSION="Debian GNU/Linux 12 (bookworm)"\nHOME_URL="https://github.com/GoogleContainerTools/distroless"\n',
      { family: 'debian', version: '12', name: 'Distroless' },
    ],
    [
      'rhel',
      'NAME="Red Hat Enterprise Linux"\nVERSION_ID="9.3"\nID="rhel"\nPRETTY_NAME="Red Hat Enterprise Linux 9.3 (Plow)"\n',
      { family: 'rhel', version: '9.3' },
    ],
    [
      'debian testing (no VERSION_ID)',
      'PRETTY_NAME="Debian GNU/Linux trixie/sid"\nID=debian\nVERSION_CODENAME=trixie\n',
      { family: 'debian', version: '', codename: 'trixie' },
    ],
    [
      'mariner',
      'NAME="Common Base Linux Mariner"\nVERSION="2.0.20231130"\nID=mariner\nVERSION_ID="2.0"\n',
      { family: 'mariner', version: '2.0' },
    ],
  ])('%s', (_name, text, want) => {
    expect(osFromOsRelease(text)).toMatchObject(want);
  });

  it('returns nothing without an ID', () => expect(osFromOsRelease('NAME=x\n')).toBeNull());
});

describe('release files', () => {
  it.each([
    ['Red Hat Enterprise Linux release 8.9 (Ootpa)', { family: 'rhel', version: '8.9', codename: 'Ootpa' }],
    ['CentOS Linux release 7.9.2009 (Core)', { family: 'centos', version: '7.9.2009' }],
    ['CentOS Stream release 9', { family: 'centos', version: '9' }],
    ['Rocky Linux release 9.3 (Blue Onyx)', { family: 'rocky', version: '9.3' }],
    ['AlmaLinux release 9.3 (Shamrock Pink Serval)', { family: 'almalinux', version: '9.3' }],
    ['Fedora release 39 (Thirty Nine)', { family: 'fedora', version: '39' }],
    ['Amazon Linux release 2 (Karoo)', { family: 'amzn', version: '2' }],
    ['Something else entirely', null],
  ])('redhat-release %j', (text, want) => {
    const got = parseRedhatRelease(`${text}\n`);
    if (want === null) expect(got).toBeNull();
    else expect(got).toMatchObject(want);
  });

  it.each([
    ['12.5\n', { family: 'debian', version: '12' }],
    ['11.9\n', { family: 'debian', version: '11' }],
    ['trixie/sid\n', { family: 'debian', version: 'trixie/sid', codename: 'trixie' }],
    ['\n', null],
  ])('debian_version %j', (text, want) => {
    const got = parseDebianVersion(text);
    if (want === null) expect(got).toBeNull();
    else expect(got).toMatchObject(want);
  });

  it.each([
    ['3.10.2\n', { family: 'alpine', version: '3.10.2' }],
    ['3.20.0_alpha20240329\n', { family: 'alpine', version: '3.20.0_alpha20240329' }],
    ['garbage\n', null],
  ])('alpine-release %j', (text, want) => {
    expect(parseAlpineRelease(text)).toEqual(want);
  });
});

describe('os analyzer', () => {
  it.each([
    ['etc/os-release', true],
    ['usr/lib/os-release', true],
    ['etc/alpine-release', true],
    ['etc/debian_version', true],
    ['etc/redhat-release', true],
    ['etc/rocky-release', true],
    ['etc/issue', false],
    ['etc/lsb-release', false],
  ])('required(%s) = %s', (path, want) => expect(analyzer.required(path, entry(path))).toBe(want));

  it('records the source file, and a symlink at the path shadows lower layers with an empty finding', async () => {
    const [f] = await analyzer.analyze({
      path: 'etc/alpine-release',
      content: Buffer.from('3.10.2\n'),
      entry: entry('etc/alpine-release'),
    });
    expect(f).toEqual({
      analyzer: 'os',
      path: 'etc/alpine-release',
      os: { family: 'alpine', version: '3.10.2', source: 'etc/alpine-release' },
    });
    const [l] = await analyzer.analyze({
      path: 'etc/os-release',
      content: Buffer.alloc(0),
      entry: { ...entry('etc/os-release'), type: 'symlink', linkname: '../usr/lib/os-release' },
    });
    expect(l).toEqual({ analyzer: 'os', path: 'etc/os-release' });
  });
});
