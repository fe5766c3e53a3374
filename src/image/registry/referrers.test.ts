// Referrers against docker-registry 2.8, which answers 404 on /referrers: discovery through the
// `sha256-<hex>` tag index, the artifactType filter, errors that must never read as "no referrers", and
// 10 concurrent writers that all end up in the index (convergence without If-Match support).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BulwarkError } from '../../core/errors.js';
import { startRegistry, type TestRegistry } from '../../../test/support/registry.js';
import { startRegistryProxy } from '../../../test/support/registry-proxy.js';
import { tinyImage } from '../../../test/support/tiny-image.js';
import { missingTools } from '../../../test/support/tools.js';
import { RegistryClient } from './client.js';
import { digestOf, digestTag } from './digest.js';
import { OCI_EMPTY, OCI_MANIFEST } from './media-types.js';
import type { RepoRef } from './types.js';

function artifact(subject: { digest: string; size: number }, artifactType: string, note: string): Buffer {
  return Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: OCI_MANIFEST,
      artifactType,
      config: { mediaType: OCI_EMPTY, digest: digestOf('{}'), size: 2 },
      layers: [{ mediaType: OCI_EMPTY, digest: digestOf('{}'), size: 2 }],
      subject: { mediaType: OCI_MANIFEST, ...subject },
      annotations: { note },
    }),
  );
}

describe.skipIf(missingTools(['docker-registry']))('referrers on docker-registry 2.8', () => {
  let reg: TestRegistry;
  let client: RegistryClient;
  let repo: RepoRef;
  let subject: { digest: string; size: number };

  beforeAll(async () => {
    reg = await startRegistry();
    client = new RegistryClient({ anonymous: true });
    repo = { registry: reg.host, repository: 'ref/app' };
    const img = await tinyImage('referrers');
    await client.pushBlob(repo, img.config);
    await client.pushBlob(repo, img.layer);
    await client.pushBlob(repo, Buffer.from('{}'));
    await client.putManifest(repo, 'v1', img.manifest, img.mediaType);
    subject = { digest: img.manifestDigest, size: img.manifest.length };
  });
  afterAll(async () => {
    await client?.close();
    await reg?.stop();
  });

  it('reports the tag-schema path and an absent tag when nothing refers to the image', async () => {
    expect(await client.supportsReferrersApi(repo, subject.digest)).toBe(false);
    const r = await client.listReferrers(repo, subject.digest);
    expect(r).toEqual({
      source: 'tag-schema',
      tag: digestTag(subject.digest),
      tagFound: false,
      referrers: [],
    });
  });

  it('pushes referrers into the fallback index and filters by artifactType', async () => {
    const sbom = artifact(subject, 'application/vnd.example.sbom', 'sbom');
    const sig = artifact(subject, 'application/vnd.example.sig', 'sig');
    const a = await client.pushReferrer(repo, sbom, OCI_MANIFEST, subject.digest);
    const b = await client.pushReferrer(repo, sig, OCI_MANIFEST, subject.digest);
    expect(a.via).toBe('tag-schema');
    expect(b.tag).toBe(digestTag(subject.digest));
    const all = await client.listReferrers(repo, subject.digest);
    expect(all.source).toBe('tag-schema');
    expect(all.referrers.map((d) => d.digest).sort()).toEqual([a.digest, b.digest].sort());
    const only = await client.listReferrers(repo, subject.digest, {
      artifactType: 'application/vnd.example.sig',
    });
    expect(only.referrers).toEqual([
      {
        mediaType: OCI_MANIFEST,
        digest: b.digest,
        size: sig.length,
        artifactType: 'application/vnd.example.sig',
        annotations: { note: 'sig' },
      },
    ]);
    // Pushing the same referrer again is idempotent.
    await client.pushReferrer(repo, sig, OCI_MANIFEST, subject.digest);
    expect((await client.listReferrers(repo, subject.digest)).referrers.length).toBe(2);
  });

  it('10 concurrent writers with separate clients all end up in the index', async () => {
    const img = await tinyImage('concurrent');
    await client.pushBlob(repo, img.config);
    await client.pushBlob(repo, img.layer);
    await client.putManifest(repo, 'concurrent', img.manifest, img.mediaType);
    const subj = { digest: img.manifestDigest, size: img.manifest.length };
    const pushed = await Promise.all(
      Array.from({ length: 10 }, async (_, i) => {
        const c = new RegistryClient({ anonymous: true });
        try {
          return (
            await c.pushReferrer(
              repo,
              artifact(subj, 'application/vnd.example.sig', `writer-${i}`),
              OCI_MANIFEST,
              subj.digest,
            )
          ).digest;
        } finally {
          await c.close();
        }
      }),
    );
    const listed = (await client.listReferrers(repo, subj.digest)).referrers.map((d) => d.digest);
    expect(listed.sort()).toEqual([...pushed].sort());
  });

  it('a failing referrers call is an error, never an empty result', async () => {
    const proxy = await startRegistryProxy({
      upstream: reg.host,
      inject: (req) => (req.url?.includes('/referrers/') ? { status: 429 } : undefined),
    });
    const c = new RegistryClient({ anonymous: true, retries: 1, retryBaseMs: 1 });
    try {
      const err = await c
        .listReferrers({ registry: proxy.host, repository: 'ref/app' }, subject.digest)
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(BulwarkError);
      expect((err as BulwarkError).code).toBe('REGISTRY_ERROR');
    } finally {
      await c.close();
      await proxy.stop();
    }
  });

  it('refuses a fallback tag that holds an image manifest instead of an index', async () => {
    const img = await tinyImage('clobbered');
    await client.pushBlob(repo, img.config);
    await client.pushBlob(repo, img.layer);
    const victim = digestOf('some other subject');
    await client.putManifest(repo, digestTag(victim), img.manifest, img.mediaType);
    const err = await client.listReferrers(repo, victim).catch((e: unknown) => e);
    expect((err as BulwarkError).code).toBe('REGISTRY_ERROR');
    expect((err as BulwarkError).message).toMatch(/not an index/);
  });
});
