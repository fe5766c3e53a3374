// Every image in the shared fixtures opens and walks, with facts checked against the files
// themselves (see ../shared/fixtures/README.md for where each comes from).
import { expect, it } from 'vitest';
import { describeWithFixtures, fixture } from '../../test/support/fixtures.js';
import { isBulwarkError } from '../core/errors.js';
import { openImage } from './open.js';
import type { ImageHandle, OpenImageOptions } from './types.js';

interface Walked {
  files: string[][];
  whiteouts: string[][];
  opaque: string[][];
  content: Map<string, string>;
}

async function walkAll(h: ImageHandle, read: string[] = []): Promise<Walked> {
  const out: Walked = { files: [], whiteouts: [], opaque: [], content: new Map() };
  for (const i of h.layerReadOrder ?? h.layers.map((_, i) => i)) {
    const files: string[] = [];
    const r = await h.walkLayer(i, async (e) => {
      files.push(e.path);
      if (read.includes(e.path)) out.content.set(e.path, (await e.read()).toString());
    });
    out.files[i] = files;
    out.whiteouts[i] = r.whiteouts;
    out.opaque[i] = r.opaqueDirs;
  }
  return out;
}

async function open(target: string, opts?: OpenImageOptions): Promise<ImageHandle> {
  return openImage(target, opts);
}

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'ok';
  } catch (err) {
    return isBulwarkError(err) ? err.code : `non-Bulwark: ${String(err)}`;
  }
}

const img = (name: string): string => fixture('images', name);

describeWithFixtures('fixture images open and walk', ['images'], () => {
  it.each([
    // file, kind, layers, repoTags, a file in the last layer, os/arch
    ['alpine-310.tar.gz', 'docker-archive', 1, ['alpine:3.10'], 'lib/apk/db/installed', 'linux/amd64'],
    ['trivy-test.oci', 'oci-layout', 1, [], 'hello', 'linux/amd64'],
    ['hello-world-v25.tar', 'docker-archive', 1, [], 'hello', 'linux/arm64'],
    ['test_image_1.tar', 'docker-archive', 1, ['bazel/v1/tarball:test_image_1'], 'foo', 'linux/amd64'],
    ['whiteout_image.tar', 'docker-archive', 3, ['bazel/pkg/v1/mutate:whiteout_image'], null, 'linux/amd64'],
    ['oci-index-layout', 'oci-layout', 1, ['1', '3', '4'], 'foo', 'linux/amd64'],
    ['valid-oci.tar', 'oci-archive', 1, ['sample:latest'], 'README.md', 'linux/amd64'],
  ])('%s: %s with %i layer(s)', async (name, kind, layers, tags, file, platform) => {
    const h = await open(img(name));
    try {
      expect(h.kind).toBe(kind);
      expect(h.layers).toHaveLength(layers);
      expect(h.repoTags).toEqual(tags);
      expect(`${h.config.os}/${h.config.architecture}`).toBe(platform);
      expect(h.digest).toMatch(/^sha256:[a-f0-9]{64}$/);
      expect(h.configDigest).toMatch(/^sha256:[a-f0-9]{64}$/);
      h.layers.forEach((l, i) => {
        expect(l.index).toBe(i);
        expect(l.diffId).toBe(h.config.rootfs!.diff_ids[i]);
      });
      const w = await walkAll(h);
      if (file) expect(w.files[layers - 1]).toContain(file);
    } finally {
      await h.close();
    }
  });

  it('alpine-310.tar.gz (gzipped legacy docker save): the apk database and release files', async () => {
    const h = await open(img('alpine-310.tar.gz'));
    const w = await walkAll(h, ['etc/alpine-release', 'lib/apk/db/installed']);
    await h.close();
    expect(h.digest).toBe('sha256:af341ccd2df8b0e2d67cf8dd32e087bfda4e5756ebd1c76bbf3efa0dc246590e');
    expect(h.layerReadOrder).toEqual([0]);
    expect(w.content.get('etc/alpine-release')).toBe('3.10.4\n'); // the fixture README says 3.10.2; the file says 3.10.4
    expect(w.content.get('lib/apk/db/installed')).toMatch(/^P:musl$/m);
    expect(w.files[0]).toHaveLength(482); // = tar t | wc -l
  });

  it('whiteout_image.tar: layer 1 deletes foo.txt, layer 2 is empty', async () => {
    const h = await open(img('whiteout_image.tar'));
    const w = await walkAll(h);
    await h.close();
    expect(w.files).toEqual([['bar.txt', 'foo.txt'], [], []]);
    expect(w.whiteouts).toEqual([[], ['foo.txt'], []]);
    expect(w.opaque).toEqual([[], [], []]);
  });

  it('hello-world-v25.tar (Docker 25+ hybrid): config and blob paths from manifest.json are verified', async () => {
    const h = await open(img('hello-world-v25.tar'));
    await walkAll(h);
    await h.close();
    // index.json lists no manifests here, so the image is named by its config digest.
    expect(h.digest).toBe('sha256:ee301c921b8aadc002973b2e0c3da17d701dcd994b606769a7e6eaa100b81d44');
    expect(h.layers[0]!.digest).toBe(
      'sha256:12660636fe55438cc3ae7424da7ac56e845cdb52493ff9cf949c47a7f57f8b43',
    );
    expect(h.layers[0]!.createdBy).toBe('COPY hello / # buildkit');
  });

  it('oci-index-layout: tags select images, through nested indexes and Docker manifest lists', async () => {
    const root = img('oci-index-layout');
    const eebff = 'sha256:eebff607b1628d67459b0596643fc07de70d702eccf030f0bc7bb6fc2b278650';
    for (const tag of ['1', '3', '4']) {
      const h = await open(`oci:${root}:${tag}`);
      expect(h.digest).toBe(eebff);
      expect(h.repoTags).toContain(tag);
      expect((await walkAll(h)).files[0]).toEqual(['bar', 'foo']);
      await h.close();
    }
    // Tag 2's descriptor has media type application/vnd.oci.descriptor.v1+json: not a manifest.
    expect(await codeOf(open(`oci:${root}:2`))).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(await codeOf(open(`oci:${root}:5`))).toBe('MANIFEST_NOT_FOUND');
    await expect(open(`oci:${root}:5`)).rejects.toThrow(/tags present: 1, 2, 3, 4/);
  });

  it('oci-index-layout: the platform comes from the config when the index has none', async () => {
    const root = img('oci-index-layout');
    const h = await open(root, { platform: 'linux/amd64' });
    expect(h.digest).toBe('sha256:eebff607b1628d67459b0596643fc07de70d702eccf030f0bc7bb6fc2b278650');
    await h.close();
    await expect(open(root, { platform: 'linux/arm64' })).rejects.toMatchObject({
      code: 'MANIFEST_NOT_FOUND',
      message: expect.stringMatching(/no image for platform linux\/arm64; available: linux\/amd64/),
    });
  });

  it('valid-oci.tar (oci-archive): selects by its ref.name tag', async () => {
    const h = await open(`oci-archive:${img('valid-oci.tar')}:sample:latest`);
    expect(h.repoTags).toEqual(['sample:latest']);
    await h.close();
    expect(await codeOf(open(`oci-archive:${img('valid-oci.tar')}:other`))).toBe('MANIFEST_NOT_FOUND');
  });

  it('docker-archive: REF selects by repo tag (normalised), @N by position', async () => {
    for (const t of [
      `docker-archive:${img('alpine-310.tar.gz')}:alpine:3.10`,
      `docker-archive:${img('alpine-310.tar.gz')}:docker.io/library/alpine:3.10`,
      `docker-archive:${img('alpine-310.tar.gz')}:@0`,
    ]) {
      const h = await open(t);
      expect(h.repoTags).toEqual(['alpine:3.10']);
      await h.close();
    }
    expect(await codeOf(open(`docker-archive:${img('alpine-310.tar.gz')}:alpine:3.11`))).toBe(
      'MANIFEST_NOT_FOUND',
    );
    expect(await codeOf(open(`docker-archive:${img('alpine-310.tar.gz')}:@1`))).toBe('MANIFEST_NOT_FOUND');
    // An OCI archive is not a docker-archive.
    expect(await codeOf(open(`docker-archive:${img('valid-oci.tar')}`))).toBe('MANIFEST_NOT_FOUND');
  });

  it('a walk can be repeated and in any order', async () => {
    const h = await open(img('whiteout_image.tar'));
    const a = await walkAll(h);
    const again: string[] = [];
    await h.walkLayer(0, (e) => {
      again.push(e.path);
    });
    expect(again).toEqual(a.files[0]);
    await h.close();
    await expect(h.walkLayer(0, () => undefined)).rejects.toMatchObject({ code: 'INTERNAL' });
  });
});
