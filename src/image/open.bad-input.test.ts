// Acceptance item 5 (image side): each kind of bad input gives its own error code, as a one-line
// message, from openImage or from walking a layer. Registry cases (unreachable, 401) live with the
// registry source.
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fixture, hasFixtures } from '../../test/support/fixtures.js';
import { buildImage, dockerArchive, gzipBomb, sha256, tarOf, writeLayout } from '../../test/support/oci.js';
import { EXIT_CODES, isBulwarkError, oneLine } from '../core/errors.js';
import { openImage } from './open.js';

const tmp = mkdtempSync(join(tmpdir(), 'bulwark-bad-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let n = 0;
const fresh = (name: string): string => join(tmp, `${n++}-${name}`);

/** Open the target and walk every layer; return the error code (and check the message is one line). */
async function outcome(target: string): Promise<string> {
  try {
    const h = await openImage(target);
    try {
      for (let i = 0; i < h.layers.length; i++) await h.walkLayer(i, () => undefined);
    } finally {
      await h.close();
    }
    return 'ok';
  } catch (err) {
    if (!isBulwarkError(err)) return `not a BulwarkError: ${String(err)}`;
    expect(oneLine(err)).toBe(err.message);
    expect(err.message.length).toBeLessThan(600);
    return err.code;
  }
}

async function simpleImage(): Promise<ReturnType<typeof buildImage>> {
  return buildImage({
    layers: [{ tar: await tarOf([{ name: 'etc/os-release', content: 'ID=x' }]), compression: 'none' }],
  });
}

async function writeDockerArchive(opts: Parameters<typeof dockerArchive>[1] = {}): Promise<string> {
  const file = fresh('docker.tar');
  writeFileSync(file, await dockerArchive(await simpleImage(), opts));
  return file;
}

describe('bad input: one distinct code each', () => {
  it('a truncated tar → TRUNCATED (5)', async () => {
    const file = await writeDockerArchive();
    const size = readFileSync(file).length;
    truncateSync(file, size - 1500);
    expect(await outcome(file)).toBe('TRUNCATED');
    if (hasFixtures('images/test_image_1.tar')) {
      const copy = fresh('t1.tar');
      copyFileSync(fixture('images/test_image_1.tar'), copy);
      truncateSync(copy, 5000);
      expect(await outcome(copy)).toBe('TRUNCATED');
    }
    // A layer tar cut short inside a valid image (its digest computed over the cut bytes).
    const full = await tarOf([{ name: 'big', content: 'x'.repeat(4000) }]);
    const image = buildImage({ layers: [{ tar: full.subarray(0, 2048), compression: 'gzip' }] });
    expect(await outcome(writeLayout(fresh('cut'), [{ image }]))).toBe('TRUNCATED');
    expect(EXIT_CODES.TRUNCATED).toBe(5);
  });

  it('a digest mismatch → DIGEST_MISMATCH (9): layer blob, config blob, diff id', async () => {
    const image = buildImage({
      layers: [{ tar: await tarOf([{ name: 'a', content: 'hello' }]), compression: 'gzip' }],
    });
    const dir = writeLayout(fresh('layout'), [{ image }]);
    const blob = join(dir, 'blobs/sha256', image.layerDigests[0]!.slice(7));
    const bytes = readFileSync(blob);
    bytes[bytes.length - 5]! ^= 0xff; // same size, different content
    writeFileSync(blob, bytes);
    expect(await outcome(dir)).toBe('DIGEST_MISMATCH');

    const dir2 = writeLayout(fresh('layout'), [{ image }]);
    const config = join(dir2, 'blobs/sha256', image.configDigest.slice(7));
    writeFileSync(config, readFileSync(config).toString().replace('amd64', 'arm64'));
    expect(await outcome(dir2)).toBe('DIGEST_MISMATCH');

    const liar = buildImage({
      layers: [{ tar: await tarOf([{ name: 'a', content: 'x' }]), compression: 'gzip' }],
      diffIds: [sha256('something else')],
    });
    expect(await outcome(writeLayout(fresh('liar'), [{ image: liar }]))).toBe('DIGEST_MISMATCH');

    // docker-archive config whose name is not its digest.
    const file = fresh('docker.tar');
    const img = await simpleImage();
    writeFileSync(
      file,
      await dockerArchive(img, {
        manifest: [{ Config: `${'0'.repeat(64)}.json`, Layers: ['layer0/layer.tar'] }],
        extra: [{ name: `${'0'.repeat(64)}.json`, content: img.config }],
      }),
    );
    expect(await outcome(file)).toBe('DIGEST_MISMATCH');
  });

  it('`../` paths → UNSAFE_PATH (6): in a layer, a hard link, the archive, the manifest', async () => {
    const layer = buildImage({
      layers: [{ tar: await tarOf([{ name: '../../etc/cron.d/x', content: 'pwn' }]) }],
    });
    expect(await outcome(writeLayout(fresh('dotdot'), [{ image: layer }]))).toBe('UNSAFE_PATH');
    const link = buildImage({
      layers: [{ tar: await tarOf([{ name: 'x', type: 'link', linkname: '../../../etc/shadow' }]) }],
    });
    expect(await outcome(writeLayout(fresh('hardlink'), [{ image: link }]))).toBe('UNSAFE_PATH');
    expect(await outcome(await writeDockerArchive({ extra: [{ name: '../../evil', content: 'x' }] }))).toBe(
      'UNSAFE_PATH',
    );
    const img = await simpleImage();
    const configName = `${img.configDigest.slice(7)}.json`;
    expect(
      await outcome(
        await writeDockerArchive({ manifest: [{ Config: configName, Layers: ['../../../etc/passwd'] }] }),
      ),
    ).toBe('UNSAFE_PATH');
  });

  it('absolute paths → UNSAFE_PATH (6) in a manifest; inside layers they stay under the root', async () => {
    const img = await simpleImage();
    const configName = `${img.configDigest.slice(7)}.json`;
    expect(
      await outcome(
        await writeDockerArchive({ manifest: [{ Config: configName, Layers: ['/etc/passwd'] }] }),
      ),
    ).toBe('UNSAFE_PATH');
    expect(
      await outcome(await writeDockerArchive({ manifest: [{ Config: '/etc/passwd', Layers: [] }] })),
    ).toBe('UNSAFE_PATH');
    // kaniko and distroless layers name files `/usr/...`: normalised, not refused.
    const abs = buildImage({ layers: [{ tar: await tarOf([{ name: '/usr/bin/app', content: 'x' }]) }] });
    expect(await outcome(writeLayout(fresh('abs'), [{ image: abs }]))).toBe('ok');
  });

  it('symlink loops → SYMLINK_LOOP (7): in an archive, in a layout dir', async () => {
    const img = await simpleImage();
    const configName = `${img.configDigest.slice(7)}.json`;
    expect(
      await outcome(
        await writeDockerArchive({
          manifest: [{ Config: configName, Layers: ['loop/layer.tar'] }],
          extra: [
            { name: 'loop/layer.tar', type: 'symlink', linkname: '../loop2/layer.tar' },
            { name: 'loop2/layer.tar', type: 'symlink', linkname: '../loop/layer.tar' },
          ],
        }),
      ),
    ).toBe('SYMLINK_LOOP');
    const dir = writeLayout(fresh('layout'), [{ image: img }]);
    const blob = join(dir, 'blobs/sha256', img.layerDigests[0]!.slice(7));
    rmSync(blob);
    symlinkSync(`${blob}.b`, blob);
    symlinkSync(blob, `${blob}.b`);
    expect(await outcome(dir)).toBe('SYMLINK_LOOP');
    const dir2 = writeLayout(fresh('layout'), [{ image: img }]);
    rmSync(join(dir2, 'index.json'));
    symlinkSync(join(dir2, 'index.json'), join(dir2, 'index.json'));
    expect(await outcome(dir2)).toBe('SYMLINK_LOOP');
  });

  it('blobs and index.json linked to /dev/zero neither hang nor fill memory', async () => {
    const img = await simpleImage();
    const dir = writeLayout(fresh('zero'), [{ image: img }]);
    const layer = join(dir, 'blobs/sha256', img.layerDigests[0]!.slice(7));
    rmSync(layer);
    symlinkSync('/dev/zero', layer);
    expect(await outcome(dir)).toBe('DIGEST_MISMATCH');
    const manifest = join(dir, 'blobs/sha256', img.manifestDigest.slice(7));
    rmSync(manifest);
    symlinkSync('/dev/zero', manifest);
    expect(await outcome(dir)).toBe('INVALID_INPUT');
    rmSync(join(dir, 'index.json'));
    symlinkSync('/dev/zero', join(dir, 'index.json'));
    expect(await outcome(dir)).toBe('INVALID_INPUT');
    expect(await outcome(`docker-archive:/dev/zero`)).toBe('INVALID_INPUT');
  });

  it('a gzip bomb → LIMIT_EXCEEDED (8)', async () => {
    const bomb = await gzipBomb(100);
    const dir = fresh('bomb');
    writeLayout(dir, []);
    // The bomb is a real gzip layer; its descriptor and digest are honest.
    const image = buildImage({
      layers: [{ tar: Buffer.alloc(0), compression: 'none' }],
      diffIds: [sha256('unknown')],
    });
    const manifest = JSON.parse(image.manifest.toString());
    manifest.layers[0] = {
      mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip',
      digest: sha256(bomb),
      size: bomb.length,
    };
    const m = Buffer.from(JSON.stringify(manifest));
    writeFileSync(join(dir, 'blobs/sha256', sha256(bomb).slice(7)), bomb);
    writeFileSync(join(dir, 'blobs/sha256', image.configDigest.slice(7)), image.config);
    writeFileSync(join(dir, 'blobs/sha256', sha256(m).slice(7)), m);
    writeFileSync(
      join(dir, 'index.json'),
      JSON.stringify({
        schemaVersion: 2,
        manifests: [
          { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: sha256(m), size: m.length },
        ],
      }),
    );
    expect(bomb.length).toBeLessThan(200 * 1024);
    expect(await outcome(dir)).toBe('LIMIT_EXCEEDED');
  });

  it('a missing manifest → MANIFEST_NOT_FOUND (10)', async () => {
    expect(await outcome(await writeDockerArchive({ omit: ['manifest.json'] }))).toBe('MANIFEST_NOT_FOUND');
    const dir = writeLayout(fresh('layout'), [{ image: await simpleImage() }]);
    rmSync(join(dir, 'index.json'));
    expect(await outcome(dir)).toBe('MANIFEST_NOT_FOUND');
    expect(await outcome(`oci:${dir}`)).toBe('MANIFEST_NOT_FOUND');
    const plain = fresh('plain-dir');
    mkdirSync(plain);
    expect(await outcome(plain)).toBe('MANIFEST_NOT_FOUND');
    const notImage = fresh('other.tar');
    writeFileSync(notImage, await tarOf([{ name: 'README', content: 'hi' }]));
    expect(await outcome(notImage)).toBe('MANIFEST_NOT_FOUND');
    // The manifest blob itself missing from a layout.
    const img = await simpleImage();
    const dir3 = writeLayout(fresh('layout'), [{ image: img }]);
    rmSync(join(dir3, 'blobs/sha256', img.manifestDigest.slice(7)));
    expect(await outcome(dir3)).toBe('NOT_FOUND');
  });

  it('an unknown media type → UNSUPPORTED_MEDIA_TYPE (11): layer, config, index entry', async () => {
    const layer = buildImage({
      layers: [
        { tar: await tarOf([{ name: 'a', content: 'x' }]), mediaType: 'application/vnd.example.wasm.v1+tar' },
      ],
    });
    expect(await outcome(writeLayout(fresh('mt'), [{ image: layer }]))).toBe('UNSUPPORTED_MEDIA_TYPE');
    const helm = buildImage({
      layers: [{ tar: await tarOf([{ name: 'a', content: 'x' }]) }],
      configMediaType: 'application/vnd.cncf.helm.config.v1+json',
    });
    expect(await outcome(writeLayout(fresh('helm'), [{ image: helm }]))).toBe('UNSUPPORTED_MEDIA_TYPE');
    if (hasFixtures('images/oci-index-layout')) {
      expect(await outcome(`oci:${fixture('images/oci-index-layout')}:2`)).toBe('UNSUPPORTED_MEDIA_TYPE');
    }
  });

  it('index loops and fan-out bombs terminate quickly', async () => {
    const img = await simpleImage();
    const dir = writeLayout(fresh('fan'), [{ image: img }]);
    // A nested index that lists the image 1000 times and itself (it cannot contain its own digest,
    // so the loop goes through a second index that points back).
    const entry = {
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      digest: img.manifestDigest,
      size: img.manifest.length,
    };
    const b = Buffer.from(JSON.stringify({ schemaVersion: 2, manifests: [entry] }));
    const a = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        manifests: [
          ...Array.from({ length: 1000 }, () => entry),
          ...Array.from({ length: 1000 }, () => ({
            mediaType: 'application/vnd.oci.image.index.v1+json',
            digest: sha256(b),
            size: b.length,
          })),
        ],
      }),
    );
    writeFileSync(join(dir, 'blobs/sha256', sha256(a).slice(7)), a);
    writeFileSync(join(dir, 'blobs/sha256', sha256(b).slice(7)), b);
    const idx = { mediaType: 'application/vnd.oci.image.index.v1+json', digest: sha256(a), size: a.length };
    writeFileSync(
      join(dir, 'index.json'),
      JSON.stringify({ schemaVersion: 2, manifests: Array.from({ length: 1000 }, () => idx) }),
    );
    const started = Date.now();
    expect(await outcome(dir)).toBe('ok');
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('malformed JSON → INVALID_INPUT (4); a missing path → NOT_FOUND (3)', async () => {
    const dir = writeLayout(fresh('layout'), [{ image: await simpleImage() }]);
    writeFileSync(join(dir, 'index.json'), '{"schemaVersion": 2, "manifests": [');
    expect(await outcome(dir)).toBe('INVALID_INPUT');
    expect(await outcome(await writeDockerArchive({ manifest: { not: 'an array' } }))).toBe('INVALID_INPUT');
    expect(await outcome(join(tmp, 'does-not-exist.tar'))).toBe('NOT_FOUND');
    expect(await outcome(`oci:${join(tmp, 'nope')}`)).toBe('NOT_FOUND');
  });

  it('the codes are distinct exit codes', () => {
    const codes = [
      'TRUNCATED',
      'DIGEST_MISMATCH',
      'UNSAFE_PATH',
      'SYMLINK_LOOP',
      'LIMIT_EXCEEDED',
      'MANIFEST_NOT_FOUND',
      'UNSUPPORTED_MEDIA_TYPE',
      'INVALID_INPUT',
      'NOT_FOUND',
    ] as const;
    expect(new Set(codes.map((c) => EXIT_CODES[c])).size).toBe(codes.length);
  });
});
