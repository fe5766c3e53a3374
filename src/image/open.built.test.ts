// Images built byte-for-byte in the test (test/support/oci.ts): zstd and uncompressed layers,
// multi-platform indexes, Docker 25+ hybrid archives, gzipped archives.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import {
  buildImage,
  dockerArchive,
  tarOf,
  writeLayout,
  type BuiltImage,
  type TarEntry,
} from '../../test/support/oci.js';
import { missingTools } from '../../test/support/tools.js';
import { openImage } from './open.js';
import type { ImageHandle } from './types.js';

const tmp = mkdtempSync(join(tmpdir(), 'bulwark-built-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let n = 0;
const fresh = (name: string): string => join(tmp, `${n++}-${name}`);

async function files(h: ImageHandle): Promise<string[][]> {
  const out: string[][] = [];
  for (const i of h.layerReadOrder ?? h.layers.map((_, i) => i)) {
    const f: string[] = [];
    await h.walkLayer(i, async (e) => {
      f.push(e.type === 'file' ? `${e.path}=${(await e.read()).toString()}` : e.path);
    });
    out[i] = f;
  }
  return out;
}

const L1: TarEntry[] = [
  { name: 'etc/', type: 'directory' },
  { name: 'etc/os-release', content: 'ID=test' },
];
const L2: TarEntry[] = [{ name: 'usr/bin/app', content: 'v2' }];
const L3: TarEntry[] = [
  { name: 'etc/.wh.os-release', content: '' },
  { name: 'var/.wh..wh..opq', content: '' },
];
const EXPECTED = [['etc', 'etc/os-release=ID=test'], ['usr/bin/app=v2'], []];

async function threeLayers(compression: ('gzip' | 'zstd' | 'none')[]): Promise<BuiltImage> {
  return buildImage({
    layers: [
      { tar: await tarOf(L1), compression: compression[0]! },
      { tar: await tarOf(L2), compression: compression[1]! },
      { tar: await tarOf(L3), compression: compression[2]! },
    ],
  });
}

const noZstd = missingTools(['zstd']);

describe('OCI layouts with zstd, gzip and uncompressed layers', () => {
  it.each<[('gzip' | 'zstd' | 'none')[]]>([
    [['gzip', 'gzip', 'gzip']],
    [['none', 'none', 'none']],
    [['zstd', 'zstd', 'zstd']],
    [['zstd', 'none', 'gzip']],
  ])('layers %j walk to the same files, digests verified', async (comp) => {
    if (comp.includes('zstd') && noZstd) return;
    const image = await threeLayers([...comp]);
    const dir = writeLayout(fresh('layout'), [{ image, tag: 'v1' }]);
    const h = await openImage(`oci:${dir}:v1`);
    expect(h.digest).toBe(image.manifestDigest);
    expect(h.layers.map((l) => l.digest)).toEqual(image.layerDigests);
    expect(h.layers.map((l) => l.createdBy)).toEqual(['step 0', 'step 1', 'step 2']);
    expect(await files(h)).toEqual(EXPECTED);
    const r = await h.walkLayer(2, () => undefined);
    expect(r.whiteouts).toEqual(['etc/os-release']);
    expect(r.opaqueDirs).toEqual(['var']);
    await h.close();
  });

  it('a zstd layer labelled +gzip is read by its magic bytes', async () => {
    if (noZstd) return;
    const image = buildImage({
      layers: [
        {
          tar: await tarOf(L1),
          compression: 'zstd',
          mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip',
        },
      ],
    });
    const h = await openImage(writeLayout(fresh('mislabel'), [{ image }]));
    expect(await files(h)).toEqual([EXPECTED[0]]);
    await h.close();
  });

  it('umoci and skopeo agree: a zstd layer written by skopeo opens', async () => {
    if (missingTools(['skopeo', 'zstd'])) return;
    const image = await threeLayers(['gzip', 'gzip', 'gzip']);
    const src = writeLayout(fresh('src'), [{ image, tag: 'v1' }]);
    const dst = fresh('zstd');
    execFileSync('skopeo', [
      'copy',
      '--quiet',
      '--dest-compress-format',
      'zstd',
      `oci:${src}:v1`,
      `oci:${dst}:v1`,
    ]);
    const h = await openImage(`oci:${dst}:v1`);
    expect(h.layers.every((l) => l.mediaType.endsWith('+zstd'))).toBe(true);
    expect(await files(h)).toEqual(EXPECTED);
    await h.close();
  });
});

describe('oci-archive and docker-archive, plain and gzipped', () => {
  it.each([false, true])('oci-archive (gzipped: %s) of a layout', async (gz) => {
    const image = await threeLayers(['gzip', 'none', 'gzip']);
    const dir = writeLayout(fresh('layout'), [{ image, tag: 'v1' }]);
    const tar = execFileSync('tar', ['-C', dir, '-cf', '-', '.'], { maxBuffer: 1 << 28 });
    const file = fresh('image.tar');
    writeFileSync(file, gz ? gzipSync(tar) : tar);
    const h = await openImage(file);
    expect(h.kind).toBe('oci-archive');
    expect(h.repoTags).toEqual(['v1']);
    expect(await files(h)).toEqual(EXPECTED);
    await h.close();
  });

  it('gzipped docker-archive: layers are read in storage order, and any order works', async () => {
    const image = await threeLayers(['none', 'none', 'none']);
    // Store the layers in reverse order in the archive, as docker save's id-sorted directories may.
    const tarBuf = await dockerArchive(image, { repoTags: ['test/app:1'], storeOrder: [2, 0, 1] });
    const file = fresh('image.tar.gz');
    writeFileSync(file, gzipSync(tarBuf));
    const h = await openImage(file);
    expect(h.kind).toBe('docker-archive');
    expect(h.layerReadOrder).toEqual([2, 0, 1]);
    expect(await files(h)).toEqual(EXPECTED);
    // Backwards: the cursor restarts, results are the same.
    for (const i of [2, 1, 0]) {
      const f: string[] = [];
      await h.walkLayer(i, (e) => {
        f.push(e.path);
      });
      expect(f).toEqual(EXPECTED[i]!.map((x) => x.split('=')[0]));
    }
    await h.close();
  });

  it('Docker 25+ hybrid archive: the manifest in index.json names the image', async () => {
    const image = await threeLayers(['none', 'none', 'none']);
    const dir = writeLayout(fresh('hybrid'), [{ image, tag: 'latest' }]);
    const blobs = (d: string): string => `blobs/sha256/${d.slice(7)}`;
    writeFileSync(
      join(dir, 'manifest.json'),
      JSON.stringify([
        {
          Config: blobs(image.configDigest),
          RepoTags: ['app:latest'],
          Layers: image.layerDigests.map(blobs),
        },
      ]),
    );
    const file = fresh('hybrid.tar');
    execFileSync('tar', ['-C', dir, '-cf', file, '.']);
    const h = await openImage(file);
    expect(h.kind).toBe('docker-archive');
    expect(h.digest).toBe(image.manifestDigest);
    expect(h.repoTags).toEqual(['app:latest']);
    expect(h.layers.map((l) => l.digest)).toEqual(image.layerDigests);
    expect(await files(h)).toEqual(EXPECTED);
    await h.close();
  });
});

describe('platform and tag selection', () => {
  const platforms = [
    { os: 'linux', architecture: 'amd64' },
    { os: 'linux', architecture: 'arm64', variant: 'v8' },
    { os: 'linux', architecture: 'arm', variant: 'v7' },
  ];

  async function multiArch(): Promise<{ dir: string; images: BuiltImage[] }> {
    const images = await Promise.all(
      platforms.map(async (p) =>
        buildImage({
          layers: [{ tar: await tarOf([{ name: 'arch', content: p.architecture }]) }],
          architecture: p.architecture,
          ...(p.variant ? { variant: p.variant } : {}),
        }),
      ),
    );
    // A real multi-arch layout: index.json → one image index → per-platform manifests.
    const dir = fresh('multi');
    const inner = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: 'application/vnd.oci.image.index.v1+json',
        manifests: images.map((im, i) => ({
          mediaType: 'application/vnd.oci.image.manifest.v1+json',
          digest: im.manifestDigest,
          size: im.manifest.length,
          platform: platforms[i],
        })),
      }),
    );
    const { sha256 } = await import('../../test/support/oci.js');
    const innerDigest = sha256(inner);
    writeLayout(
      dir,
      images.map((image) => ({ image })),
      new Map([[innerDigest, inner]]),
    );
    writeFileSync(
      join(dir, 'index.json'),
      JSON.stringify({
        schemaVersion: 2,
        manifests: [
          {
            mediaType: 'application/vnd.oci.image.index.v1+json',
            digest: innerDigest,
            size: inner.length,
            annotations: { 'org.opencontainers.image.ref.name': 'multi' },
          },
        ],
      }),
    );
    return { dir, images };
  }

  it.each([
    [undefined, 0],
    ['linux/amd64', 0],
    ['linux/arm64', 1],
    ['linux/aarch64', 1],
    ['linux/arm64/v8', 1],
    ['linux/arm', 2],
    ['linux/arm/v7', 2],
  ])('--platform %s picks image %i', async (platform, want) => {
    const { dir, images } = await multiArch();
    const h = await openImage(`oci:${dir}:multi`, platform ? { platform } : {});
    expect(h.digest).toBe(images[want]!.manifestDigest);
    expect(h.repoTags).toEqual(['multi']);
    expect(await files(h)).toEqual([[`arch=${platforms[want]!.architecture}`]]);
    await h.close();
  });

  it('an unavailable platform lists the ones there are', async () => {
    const { dir } = await multiArch();
    await expect(openImage(dir, { platform: 'linux/s390x' })).rejects.toMatchObject({
      code: 'MANIFEST_NOT_FOUND',
      message: expect.stringContaining('available: linux/amd64, linux/arm64/v8, linux/arm/v7'),
    });
    await expect(openImage(dir, { platform: 'linux/arm/v6' })).rejects.toMatchObject({
      code: 'MANIFEST_NOT_FOUND',
    });
  });

  it('several tagged images: a tag chooses, no tag asks for one; a single image ignores the default platform', async () => {
    const a = buildImage({ layers: [{ tar: await tarOf([{ name: 'a', content: 'a' }]) }] });
    const b = buildImage({
      layers: [{ tar: await tarOf([{ name: 'b', content: 'b' }]) }],
      architecture: 'arm64',
    });
    const dir = writeLayout(fresh('tags'), [
      { image: a, tag: 'one' },
      { image: b, tag: 'two' },
    ]);
    const one = await openImage(`oci:${dir}:one`);
    expect(one.digest).toBe(a.manifestDigest);
    await one.close();
    // `two` is arm64: chosen by tag it is used (as docker would run it), unless --platform says otherwise.
    const two = await openImage(`oci:${dir}:two`);
    expect(two.digest).toBe(b.manifestDigest);
    await two.close();
    await expect(openImage(`oci:${dir}:two`, { platform: 'linux/amd64' })).rejects.toMatchObject({
      code: 'MANIFEST_NOT_FOUND',
    });
    // No tag: the platform default (linux/amd64) leaves one candidate, `one`.
    const auto = await openImage(dir);
    expect(auto.digest).toBe(a.manifestDigest);
    await auto.close();
    const c = buildImage({ layers: [{ tar: await tarOf([{ name: 'c', content: 'c' }]) }] });
    const dir2 = writeLayout(fresh('tags2'), [
      { image: a, tag: 'one' },
      { image: c, tag: 'three' },
    ]);
    await expect(openImage(dir2)).rejects.toMatchObject({
      code: 'MANIFEST_NOT_FOUND',
      message: expect.stringContaining('choose one with :TAG'),
    });
  });
});

describe('rootfs', () => {
  it('walks a directory without following symlinks, with a stable digest', async () => {
    const root = fresh('rootfs');
    mkdirSync(join(root, 'etc'), { recursive: true });
    mkdirSync(join(root, 'usr/lib'), { recursive: true });
    writeFileSync(join(root, 'usr/lib/os-release'), 'ID=debian\n');
    execFileSync('ln', ['-s', '../usr/lib/os-release', join(root, 'etc/os-release')]);
    execFileSync('ln', ['-s', '/', join(root, 'escape')]);
    execFileSync('ln', ['-s', 'loop', join(root, 'loop')]);
    execFileSync('ln', [join(root, 'usr/lib/os-release'), join(root, 'etc/hard')]);
    const h = await openImage(`rootfs:${root}`);
    expect(h.kind).toBe('rootfs');
    expect(h.layers).toHaveLength(1);
    expect(h.layers[0]!.diffId).toBe(h.digest);
    const seen: string[] = [];
    await h.walkLayer(0, async (e) => {
      seen.push(
        `${e.path}:${e.type}${e.linkname ? `>${e.linkname}` : ''}${e.type === 'file' || e.type === 'hardlink' ? `=${(await e.read()).toString().trim()}` : ''}`,
      );
    });
    expect(seen).toEqual([
      'escape:symlink>/',
      'etc:dir',
      'etc/hard:file=ID=debian',
      'etc/os-release:symlink>../usr/lib/os-release',
      'loop:symlink>loop',
      'usr:dir',
      'usr/lib:dir',
      'usr/lib/os-release:hardlink>etc/hard=ID=debian',
    ]);
    const again = await openImage(`rootfs:${root}`);
    expect(again.digest).toBe(h.digest);
    writeFileSync(join(root, 'usr/lib/new'), 'x');
    const changed = await openImage(`rootfs:${root}`);
    expect(changed.digest).not.toBe(h.digest);
    await Promise.all([h.close(), again.close(), changed.close()]);
  });
});
