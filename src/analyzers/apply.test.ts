import { describe, expect, it } from 'vitest';
import type { OsInfo, Package } from '../core/model.js';
import { applyLayers, mergeOs } from './apply.js';
import type { AnalyzerFinding, LayerAnalysis } from './types.js';

const STATUS = 'var/lib/dpkg/status';
const SD = 'var/lib/dpkg/status.d';

function deb(spec: string, path = STATUS): Package {
  const [name, version] = spec.split('@') as [string, string];
  return { name, version, type: 'deb', purl: '', arch: 'amd64', source: { name, version }, path };
}
function db(path: string, ...specs: string[]): AnalyzerFinding {
  return { analyzer: 'dpkg', path, packages: specs.map((s) => deb(s, path)) };
}
function osf(path: string, os: Partial<OsInfo>): AnalyzerFinding {
  return { analyzer: 'os', path, os: { ...os, source: path } };
}
function layer(n: number, findings: AnalyzerFinding[], extra: Partial<LayerAnalysis> = {}): LayerAnalysis {
  return { diffId: `sha256:L${n}`, findings, whiteouts: [], opaqueDirs: [], ...extra };
}
/** name@version → origin layer, sorted. */
function summary(layers: LayerAnalysis[]): string[] {
  return applyLayers(layers).packages.map((p) => `${p.name}@${p.version} ${p.layer}`);
}

describe('applyLayers', () => {
  it.each<[string, LayerAnalysis[], string[]]>([
    ['no layers', [], []],
    ['one layer', [layer(0, [db(STATUS, 'a@1', 'b@1')])], ['a@1 sha256:L0', 'b@1 sha256:L0']],
    [
      'a later DB replaces the lower one; unchanged packages keep their origin',
      [layer(0, [db(STATUS, 'a@1', 'b@1')]), layer(1, [db(STATUS, 'a@2', 'b@1', 'c@1')])],
      ['a@2 sha256:L1', 'b@1 sha256:L0', 'c@1 sha256:L1'],
    ],
    [
      'a package removed in a later layer is not in the inventory',
      [layer(0, [db(STATUS, 'a@1', 'b@1')]), layer(1, [db(STATUS, 'a@1')])],
      ['a@1 sha256:L0'],
    ],
    [
      'a layer without the DB leaves the lower one in place',
      [layer(0, [db(STATUS, 'a@1')]), layer(1, [])],
      ['a@1 sha256:L0'],
    ],
    [
      'a whiteout deletes the file and its packages',
      [layer(0, [db(`${SD}/a`, 'a@1'), db(`${SD}/b`, 'b@1')]), layer(1, [], { whiteouts: [`${SD}/a`] })],
      ['b@1 sha256:L0'],
    ],
    [
      'a whiteout of a directory deletes everything below it',
      [layer(0, [db(`${SD}/a`, 'a@1'), db(STATUS, 'c@1')]), layer(1, [], { whiteouts: ['var/lib/dpkg'] })],
      [],
    ],
    [
      'a whiteout of a sibling with a common prefix deletes nothing else',
      [layer(0, [db(`${SD}/a`, 'a@1'), db(`${SD}/ab`, 'ab@1')]), layer(1, [], { whiteouts: [`${SD}/a`] })],
      ['ab@1 sha256:L0'],
    ],
    [
      "an opaque directory hides lower layers' files but not its own layer's",
      [
        layer(0, [db(`${SD}/a`, 'a@1'), db(`${SD}/b`, 'b@1')]),
        layer(1, [db(`${SD}/c`, 'c@1')], { opaqueDirs: [SD] }),
      ],
      ['c@1 sha256:L1'],
    ],
    [
      'an opaque directory leaves files outside it alone',
      [layer(0, [db(STATUS, 'x@1'), db(`${SD}/a`, 'a@1')]), layer(1, [], { opaqueDirs: [SD] })],
      ['x@1 sha256:L0'],
    ],
    [
      'a whiteout followed by a re-add in the same layer keeps the new file',
      [layer(0, [db(`${SD}/a`, 'a@1')]), layer(1, [db(`${SD}/a`, 'a@2')], { whiteouts: [`${SD}/a`] })],
      ['a@2 sha256:L1'],
    ],
    [
      'a package removed and re-added counts from the re-adding layer',
      [
        layer(0, [db(STATUS, 'a@1', 'b@1')]),
        layer(1, [db(STATUS, 'b@1')]),
        layer(2, [db(STATUS, 'a@1', 'b@1')]),
      ],
      ['a@1 sha256:L2', 'b@1 sha256:L0'],
    ],
    [
      'an upgrade reverted later counts from the reverting layer',
      [layer(0, [db(STATUS, 'a@1')]), layer(1, [db(STATUS, 'a@2')]), layer(2, [db(STATUS, 'a@1')])],
      ['a@1 sha256:L2'],
    ],
    [
      'deleted by a whiteout, then re-created: origin is the re-creating layer',
      [layer(0, [db(STATUS, 'a@1')]), layer(1, [], { whiteouts: [STATUS] }), layer(2, [db(STATUS, 'a@1')])],
      ['a@1 sha256:L2'],
    ],
    [
      'an empty finding (file replaced by a symlink or emptied) shadows the lower DB',
      [layer(0, [db(STATUS, 'a@1')]), layer(1, [{ analyzer: 'dpkg', path: STATUS }])],
      [],
    ],
    [
      'a package moving between DB files of the same image keeps its origin',
      [layer(0, [db(STATUS, 'a@1')]), layer(1, [db(STATUS), db(`${SD}/a`, 'a@1')])],
      ['a@1 sha256:L0'],
    ],
  ])('%s', (_name, layers, want) => {
    expect(summary(layers)).toEqual(want);
  });

  it('finalises purls with the merged OS and records the DB path', () => {
    const inv = applyLayers([
      layer(0, [
        osf('etc/os-release', { family: 'debian', version: '12', codename: 'bookworm' }),
        db(STATUS, 'libc6@2.36-9+deb12u4', 'x@1:2.0-1'),
      ]),
    ]);
    expect(inv.os).toEqual({ family: 'debian', version: '12', codename: 'bookworm' });
    expect(inv.packages.map((p) => p.purl)).toEqual([
      'pkg:deb/debian/libc6@2.36-9+deb12u4?arch=amd64&distro=debian-12',
      'pkg:deb/debian/x@2.0-1?arch=amd64&distro=debian-12&epoch=1',
    ]);
    expect(inv.packages[0]!.path).toBe(STATUS);
  });

  it('uses the OS of the top-most files: os-release replaced by a symlink falls back to usr/lib/os-release', () => {
    const inv = applyLayers([
      layer(0, [osf('etc/os-release', { family: 'debian', version: '11' })]),
      layer(1, [
        { analyzer: 'os', path: 'etc/os-release' },
        osf('usr/lib/os-release', { family: 'debian', version: '12' }),
      ]),
    ]);
    expect(inv.os).toEqual({ family: 'debian', version: '12' });
  });

  it('forgets the OS when every release file is whited out', () => {
    const inv = applyLayers([
      layer(0, [osf('etc/os-release', { family: 'alpine', version: '3.19.1' })]),
      layer(1, [], { whiteouts: ['etc'] }),
    ]);
    expect(inv.os).toBeNull();
  });
});

describe('mergeOs', () => {
  it.each<[string, (Partial<OsInfo> & { source: string })[], OsInfo | null]>([
    ['nothing', [], null],
    [
      'os-release beats debian_version',
      [
        { family: 'debian', version: '12', source: 'etc/debian_version' },
        { family: 'ubuntu', version: '22.04', codename: 'jammy', source: 'etc/os-release' },
      ],
      { family: 'ubuntu', version: '22.04', codename: 'jammy' },
    ],
    [
      'debian_version alone gives the major',
      [{ family: 'debian', version: '12', name: 'Debian 12.5', source: 'etc/debian_version' }],
      { family: 'debian', version: '12', name: 'Debian 12.5' },
    ],
    [
      'debian testing: os-release without VERSION_ID is filled from debian_version',
      [
        { family: 'debian', version: '', codename: 'trixie', source: 'etc/os-release' },
        { family: 'debian', version: 'trixie/sid', codename: 'trixie', source: 'etc/debian_version' },
      ],
      { family: 'debian', version: 'trixie/sid', codename: 'trixie' },
    ],
    [
      'alpine-release gives the full Alpine version',
      [
        { family: 'alpine', version: '3.10', name: 'Alpine Linux v3.10', source: 'etc/os-release' },
        { family: 'alpine', version: '3.10.2', source: 'etc/alpine-release' },
      ],
      { family: 'alpine', version: '3.10.2', name: 'Alpine Linux v3.10' },
    ],
    [
      'etc/os-release beats usr/lib/os-release',
      [
        { family: 'debian', version: '11', source: 'usr/lib/os-release' },
        { family: 'debian', version: '12', source: 'etc/os-release' },
      ],
      { family: 'debian', version: '12' },
    ],
    [
      'os-release beats redhat-release; the release file fills the codename',
      [
        { family: 'rocky', version: '9.3', codename: 'Blue Onyx', source: 'etc/rocky-release' },
        { family: 'rocky', version: '9.3', name: 'Rocky Linux 9.3 (Blue Onyx)', source: 'etc/os-release' },
      ],
      { family: 'rocky', version: '9.3', name: 'Rocky Linux 9.3 (Blue Onyx)', codename: 'Blue Onyx' },
    ],
    [
      'redhat-release alone',
      [{ family: 'centos', version: '7.9.2009', codename: 'Core', source: 'etc/centos-release' }],
      { family: 'centos', version: '7.9.2009', codename: 'Core' },
    ],
  ])('%s', (_name, facts, want) => {
    expect(mergeOs(facts)).toEqual(want);
  });
});
