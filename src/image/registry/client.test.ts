// The registry client against a real Debian docker-registry on loopback: pull of a real debootstrap image
// pushed with skopeo, push (monolithic, chunked, streamed, mount), manifests and indexes with subject and
// artifactType, tag pagination, and content tampered on the registry's disk.
import { execFileSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BulwarkError } from '../../core/errors.js';
import { bookwormOciLayout } from '../../../test/support/images.js';
import { startRegistry, type TestRegistry } from '../../../test/support/registry.js';
import { startRegistryProxy } from '../../../test/support/registry-proxy.js';
import { tinyImage } from '../../../test/support/tiny-image.js';
import { missingTools } from '../../../test/support/tools.js';
import { RegistryClient } from './client.js';
import { digestOf } from './digest.js';
import { OCI_INDEX, OCI_MANIFEST } from './media-types.js';

const skip = missingTools(['docker-registry', 'skopeo', 'umoci', 'debootstrap'], { root: true });

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'resolved';
  } catch (err) {
    if (err instanceof BulwarkError) return err.code;
    throw err;
  }
}

/** Path of a blob's data file in Distribution's filesystem storage. */
function blobFile(reg: TestRegistry, digest: string): string {
  const hex = digest.slice('sha256:'.length);
  return join(reg.dir, 'data/docker/registry/v2/blobs/sha256', hex.slice(0, 2), hex, 'data');
}

describe.skipIf(skip)('RegistryClient against docker-registry', () => {
  let reg: TestRegistry;
  let client: RegistryClient;
  let bookwormDigest: string;

  beforeAll(async () => {
    reg = await startRegistry();
    client = new RegistryClient({ anonymous: true });
    const { dir, tag } = await bookwormOciLayout();
    execFileSync('skopeo', [
      'copy',
      '--quiet',
      '--dest-tls-verify=false',
      `oci:${dir}:${tag}`,
      `docker://${reg.host}/debian:bookworm`,
    ]);
    bookwormDigest = execFileSync(
      'skopeo',
      ['inspect', '--tls-verify=false', '--format', '{{.Digest}}', `docker://${reg.host}/debian:bookworm`],
      {
        encoding: 'utf8',
      },
    ).trim();
  });

  afterAll(async () => {
    await client?.close();
    await reg?.stop();
  });

  it('resolves a tag to the digest skopeo reports and pulls the real image with verified layers', async () => {
    const desc = await client.resolve({ registry: reg.host, repository: 'debian', tag: 'bookworm' });
    expect(desc.digest).toBe(bookwormDigest);
    expect(desc.mediaType).toBe(OCI_MANIFEST);
    const img = await client.resolveImage({ registry: reg.host, repository: 'debian', tag: 'bookworm' });
    expect(img.digest).toBe(bookwormDigest);
    expect(JSON.parse(img.config.toString()).architecture).toBe('amd64');
    const layer = img.manifest.manifest.layers[0]!;
    const stream = await client.openBlob({ registry: reg.host, repository: 'debian' }, layer.digest, {
      size: layer.size,
    });
    let bytes = 0;
    for await (const c of stream as AsyncIterable<Buffer>) bytes += c.length;
    expect(bytes).toBe(layer.size);
    expect(bytes).toBeGreaterThan(10 * 1024 * 1024);
  });

  it.each([
    ['missing tag', { tag: 'nope' }, 'MANIFEST_NOT_FOUND'],
    ['missing repository', { repository: 'absent/repo', tag: 'x' }, 'MANIFEST_NOT_FOUND'],
    ['invalid repository', { repository: '../etc', tag: 'x' }, 'USAGE'],
  ])('%s → %s', async (_name, over, code) => {
    expect(await codeOf(client.resolve({ registry: reg.host, repository: 'debian', ...over }))).toBe(code);
  });

  it.each([
    ['monolithic', undefined, 'monolithic'],
    ['chunked', 1000, 'chunked'],
  ] as const)('pushes a blob %s and reads it back verified', async (_n, chunkSize, via) => {
    const repo = { registry: reg.host, repository: `push/${via}` };
    const data = Buffer.from(`${via} `.repeat(1500));
    const r = await client.pushBlob(repo, data, chunkSize ? { chunkSize } : {});
    expect(r).toEqual({ digest: digestOf(data), size: data.length, via });
    expect(await client.blobSize(repo, r.digest)).toBe(data.length);
    expect((await client.getBlob(repo, r.digest)).equals(data)).toBe(true);
    expect((await client.pushBlob(repo, data)).via).toBe('exists');
  });

  it('streams a blob of unknown size in chunks and refuses a wrong expected digest', async () => {
    const repo = { registry: reg.host, repository: 'push/stream' };
    const parts = Array.from({ length: 7 }, (_, i) => Buffer.alloc(3000, i));
    const all = Buffer.concat(parts);
    const r = await client.pushBlobStream(repo, Readable.from(parts), { chunkSize: 4096 });
    expect(r.digest).toBe(digestOf(all));
    expect((await client.getBlob(repo, r.digest)).equals(all)).toBe(true);
    const bad = client.pushBlobStream(repo, Readable.from([Buffer.from('x')]), {
      expectedDigest: digestOf('y'),
    });
    expect(await codeOf(bad)).toBe('DIGEST_MISMATCH');
    expect(await client.blobSize(repo, digestOf('x'))).toBeNull();
  });

  it('mounts a blob across repositories', async () => {
    const data = Buffer.from('mount me please');
    await client.pushBlob({ registry: reg.host, repository: 'mount/src' }, data);
    const target = { registry: reg.host, repository: 'mount/dst' };
    expect((await client.pushBlob(target, data, { mountFrom: 'mount/src' })).via).toBe('mounted');
    expect((await client.getBlob(target, digestOf(data))).equals(data)).toBe(true);
    expect(
      await client.mountBlob(
        { registry: reg.host, repository: 'mount/other' },
        digestOf('never pushed'),
        'mount/src',
      ),
    ).toBe(false);
  });

  it('pushes an image, an index and an artifact with subject/artifactType, byte-exact', async () => {
    const repo = { registry: reg.host, repository: 'push/image' };
    const img = await tinyImage('push-image');
    await client.pushBlob(repo, img.config);
    await client.pushBlob(repo, img.layer);
    expect(await client.putManifest(repo, 'v1', img.manifest, img.mediaType)).toBe(img.manifestDigest);
    const index = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: OCI_INDEX,
        manifests: [
          {
            mediaType: img.mediaType,
            digest: img.manifestDigest,
            size: img.manifest.length,
            platform: { os: 'linux', architecture: 'amd64' },
          },
        ],
      }),
    );
    const indexDigest = await client.putManifest(repo, 'multi', index, OCI_INDEX);
    const gotIndex = await client.getManifest(repo, 'multi');
    expect(gotIndex.kind).toBe('index');
    expect(gotIndex.bytes.equals(index)).toBe(true);
    const resolved = await client.resolveImage({ ...repo, tag: 'multi' }, { platform: 'linux/amd64' });
    expect(resolved.digest).toBe(indexDigest);
    expect(resolved.manifest.digest).toBe(img.manifestDigest);
    expect(await codeOf(client.resolveImage({ ...repo, tag: 'multi' }, { platform: 'linux/arm64' }))).toBe(
      'MANIFEST_NOT_FOUND',
    );

    await client.pushBlob(repo, Buffer.from('{}'));
    const artifact = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: OCI_MANIFEST,
        artifactType: 'application/vnd.example.sbom',
        config: { mediaType: 'application/vnd.oci.empty.v1+json', digest: digestOf('{}'), size: 2 },
        layers: [{ mediaType: 'application/vnd.oci.empty.v1+json', digest: digestOf('{}'), size: 2 }],
        subject: { mediaType: img.mediaType, digest: img.manifestDigest, size: img.manifest.length },
        annotations: { 'org.example': 'yes' },
      }),
    );
    const artDigest = await client.putManifest(repo, digestOf(artifact), artifact, OCI_MANIFEST);
    const back = await client.getManifest(repo, artDigest);
    expect(back.bytes.equals(artifact)).toBe(true);
    expect(back.kind === 'manifest' && back.manifest.subject?.digest).toBe(img.manifestDigest);
  });

  it('lists every tag when the registry ignores n (docker-registry 2.8) and follows Link pages', async () => {
    const repo = { registry: reg.host, repository: 'tags/many' };
    const img = await tinyImage('tags');
    await client.pushBlob(repo, img.config);
    await client.pushBlob(repo, img.layer);
    const tags = Array.from({ length: 23 }, (_, i) => `t${String(i).padStart(2, '0')}`);
    for (const t of tags) await client.putManifest(repo, t, img.manifest, img.mediaType);
    expect((await client.allTags(repo, { pageSize: 5 })).sort()).toEqual(tags);
    // Spec pagination on top of the real registry's answer (2.8 has it only for the catalog).
    const proxy = await startRegistryProxy({ upstream: reg.host, paginateTags: true });
    try {
      const viaProxy = { registry: proxy.host, repository: 'tags/many' };
      const first = await client.listTagsPage(viaProxy, { n: 5 });
      expect(first.tags).toEqual(tags.slice(0, 5));
      expect(first.next).toMatch(/last=t04/);
      expect((await client.listTagsPage(viaProxy, { n: 5, last: 't04' })).tags).toEqual(tags.slice(5, 10));
      expect(await client.allTags(viaProxy, { pageSize: 7 })).toEqual(tags);
      expect(proxy.requests.filter((r) => r.url.includes('/tags/list')).length).toBe(2 + 4);
    } finally {
      await proxy.stop();
    }
  });

  it('pages through the catalog with n/last and Link (served by docker-registry 2.8 itself)', async () => {
    const first = await client.listCatalogPage(reg.host, { n: 2 });
    expect(first.items.length).toBe(2);
    expect(first.next).toMatch(/n=2/);
    const all: string[] = [];
    for await (const r of client.listRepositories(reg.host, { pageSize: 2 })) all.push(r);
    expect(all).toContain('debian');
    expect(all).toContain('tags/many');
    expect(new Set(all).size).toBe(all.length);
    expect([...all].sort()).toEqual(all);
  });

  it('detects a registry serving a different blob than its digest (tampered storage)', async () => {
    const repo = { registry: reg.host, repository: 'tamper/blob' };
    const data = Buffer.from('the original content');
    const { digest } = await client.pushBlob(repo, data);
    writeFileSync(blobFile(reg, digest), Buffer.from('the evil content!!!!'));
    expect(await codeOf(client.getBlob(repo, digest))).toBe('DIGEST_MISMATCH');
    writeFileSync(blobFile(reg, digest), Buffer.from('short'));
    expect(await codeOf(client.getBlob(repo, digest, { size: data.length }))).toBe('DIGEST_MISMATCH');
  });

  it('detects a tampered manifest when fetched by digest', async () => {
    const repo = { registry: reg.host, repository: 'tamper/manifest' };
    const img = await tinyImage('tamper-manifest');
    await client.pushBlob(repo, img.config);
    await client.pushBlob(repo, img.layer);
    await client.putManifest(repo, 'v1', img.manifest, img.mediaType);
    const evil = Buffer.from(img.manifest.toString().replace('"schemaVersion":2', '"schemaVersion":2 '));
    writeFileSync(blobFile(reg, img.manifestDigest), evil);
    expect(await codeOf(client.getManifest(repo, img.manifestDigest))).toBe('DIGEST_MISMATCH');
  });

  it('refuses a blob larger than the limit before reading it', async () => {
    const repo = { registry: reg.host, repository: 'limit/blob' };
    const data = Buffer.alloc(5000, 1);
    const { digest } = await client.pushBlob(repo, data);
    expect(await codeOf(client.getBlob(repo, digest, { maxBytes: 4000 }))).toBe('LIMIT_EXCEEDED');
    expect(readdirSync(reg.dir).length).toBeGreaterThan(0);
  });
});
