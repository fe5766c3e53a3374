// Registry source: an image pulled over the OCI distribution API, read through the registry
// client in ../registry (auth: anonymous, Basic, Bearer, ~/.docker/config.json and helpers; plain
// HTTP for loopback registries by default, --insecure for others). The client is used as a blob
// store, so index → platform selection, manifest/config checks and layer walking are the same code
// as for OCI layouts (select.ts, oci-image.ts). Nothing is written to disk: layers stream from the
// HTTP response into the walker.
import { BulwarkError, isBulwarkError, wrapError } from '../../core/errors.js';
import type { Descriptor } from '../descriptor.js';
import { parseDescriptor } from '../descriptor.js';
import { isManifest, MT } from '../media-types.js';
import { formatReference, type ImageReference } from '../reference.js';
import { RegistryClient, type RegistryClientOptions } from '../registry/index.js';
import type { ImageHandle, ImageLimits } from '../types.js';
import type { BlobKind, BlobStore } from './blob-store.js';
import { openOciImage } from './oci-image.js';
import { selectManifest, type SelectOptions } from './select.js';

export interface RegistryOpenOptions {
  name: string;
  select: Omit<SelectOptions, 'tag' | 'maxJsonBytes'>;
  limits: ImageLimits;
  insecure: boolean;
  /** Extra client options (credentials, CA, timeouts); tests and the CLI's registry flags. */
  client?: RegistryClientOptions;
}

/** The registry as a BlobStore. Manifests come from /manifests/, everything else from /blobs/. */
class RegistryStore implements BlobStore {
  /** Manifests already fetched (by digest), so selection and opening do not fetch twice. */
  readonly seen = new Map<string, Buffer>();

  constructor(
    readonly client: RegistryClient,
    readonly repo: { registry: string; repository: string },
    readonly where: string,
  ) {}

  async fetch(desc: Descriptor, kind: BlobKind, maxBytes: number): Promise<Buffer> {
    const cached = this.seen.get(desc.digest);
    if (cached) return cached;
    if (kind === 'manifest') {
      const m = await this.client.getManifest(this.repo, desc.digest);
      this.seen.set(desc.digest, m.bytes);
      return m.bytes;
    }
    return this.client.getBlob(this.repo, desc.digest, { size: desc.size, maxBytes });
  }

  open(desc: Descriptor): AsyncIterable<Uint8Array> {
    const { client, repo } = this;
    return (async function* () {
      // The client verifies size and digest as the bytes stream (DIGEST_MISMATCH at the end).
      const stream = await client.openBlob(repo, desc.digest, { size: desc.size });
      yield* stream as AsyncIterable<Buffer>;
    })();
  }

  close(): Promise<void> {
    return this.client.close();
  }
}

export async function openRegistryImage(
  ref: ImageReference,
  opts: RegistryOpenOptions,
): Promise<ImageHandle> {
  const where = formatReference(ref);
  const client = new RegistryClient({ ...opts.client, ...(opts.insecure ? { insecure: true } : {}) });
  const repo = { registry: ref.registry, repository: ref.repository };
  const store = new RegistryStore(client, repo, where);
  try {
    const top = await client.getManifest(repo, ref.digest ?? ref.tag ?? 'latest');
    if (ref.digest && top.digest !== ref.digest) {
      throw new BulwarkError('DIGEST_MISMATCH', `${where}: the registry returned ${top.digest}`);
    }
    store.seen.set(top.digest, top.bytes);
    let desc: Descriptor;
    if (top.kind === 'index') {
      const selected = await selectManifest(store, top.manifest, `${where} (index)`, {
        ...opts.select,
        maxJsonBytes: opts.limits.maxJsonBytes,
      });
      desc = selected.descriptor;
    } else {
      const mediaType = isManifest(top.mediaType)
        ? top.mediaType
        : (top.manifest.mediaType ?? MT.ociManifest);
      desc = parseDescriptor({ mediaType, digest: top.digest, size: top.bytes.length }, where);
    }
    return await openOciImage(store, desc, {
      name: opts.name,
      kind: 'registry',
      repoTags: ref.tag ? [where.replace(/@.*$/, '')] : [],
      limits: opts.limits,
      sourceVerifies: true,
      ...(top.kind === 'manifest' && opts.select.explicitPlatform
        ? { requirePlatform: opts.select.platform }
        : {}),
    });
  } catch (err) {
    await client.close().catch(() => undefined);
    if (isBulwarkError(err)) throw err;
    throw wrapError(`cannot read ${where}`, err, 'REGISTRY_ERROR');
  }
}
