// RegistryClient: the OCI distribution client other areas use. One instance holds connections, tokens
// and per-registry knowledge (scheme, referrers support); close() releases the connections.
import type { Readable } from 'node:stream';
import { BulwarkError } from '../../core/errors.js';
import { getBlob, openBlob, blobSize, type OpenBlobOptions } from './blobs.js';
import { convergeTag, type ConvergeOptions, type ConvergeResult } from './converge.js';
import { isDigest } from './digest.js';
import {
  deleteManifest,
  getManifest,
  headManifest,
  putManifest,
  type ManifestGetOptions,
} from './manifests.js';
import { checkRepo, display } from './names.js';
import { selectPlatform } from './platform.js';
import {
  addToReferrersTag,
  listReferrers,
  probeReferrersApi,
  pushReferrer,
  type PushReferrerResult,
  type ReferrersResult,
} from './referrers.js';
import {
  listCatalogPage,
  listRepositories,
  listTags,
  listTagsPage,
  type ListPage,
  type TagPage,
} from './tags.js';
import { RegistryTransport, type TransportOptions } from './transport.js';
import { mountBlob, pushBlob, pushBlobStream, type PushBlobOptions, type PushBlobResult } from './upload.js';
import type { Descriptor, FetchedManifest, ImageManifest, ManifestRef, Platform, RepoRef } from './types.js';

export type RegistryClientOptions = TransportOptions;

export interface ResolvedImage {
  /** Digest of what the reference names (an index or a manifest). */
  digest: string;
  /** The index, when the reference named one. */
  index?: FetchedManifest & { kind: 'index' };
  /** The platform manifest that was selected (or the only one). */
  manifest: FetchedManifest & { kind: 'manifest' };
  config: Buffer;
}

export class RegistryClient {
  readonly transport: RegistryTransport;
  private readonly referrersSupport = new Map<string, boolean>();

  constructor(opts: RegistryClientOptions = {}) {
    this.transport = new RegistryTransport(opts);
  }

  close(): Promise<void> {
    return this.transport.close();
  }

  /** GET /v2/: reachable and authorised? Throws REGISTRY_UNREACHABLE / REGISTRY_AUTH otherwise. */
  async ping(registry: string): Promise<void> {
    const res = await this.transport.call({
      registry,
      method: 'GET',
      path: '/v2/',
      scopes: [],
      expect: [200],
      what: `ping ${registry}`,
    });
    await res.body.dump();
  }

  /** Resolve a tag (or digest) to the descriptor of the manifest it names. MANIFEST_NOT_FOUND when absent. */
  async resolve(ref: ManifestRef): Promise<Descriptor> {
    checkRepo(ref);
    const reference = ref.digest ?? ref.tag ?? 'latest';
    const d = await headManifest(this.transport, ref, reference);
    if (!d) {
      throw new BulwarkError(
        'MANIFEST_NOT_FOUND',
        `${display(ref, reference)} not found; check the tag or digest (list tags with the registry API)`,
      );
    }
    return d;
  }

  /** Fetch a manifest or index by tag or digest; its digest is verified over the exact bytes. */
  async getManifest(
    repo: RepoRef,
    reference: string,
    opts: ManifestGetOptions = {},
  ): Promise<FetchedManifest> {
    return (await getManifest(this.transport, repo, reference, opts)).manifest;
  }

  /** Same, with the registry's ETag for conditional updates. */
  getManifestWithEtag(repo: RepoRef, reference: string, opts: ManifestGetOptions = {}) {
    return getManifest(this.transport, repo, reference, opts);
  }

  /** HEAD: the descriptor or null. */
  headManifest(repo: RepoRef, reference: string): Promise<Descriptor | null> {
    return headManifest(this.transport, repo, reference);
  }

  /**
   * Push manifest bytes (any media type, with `subject`/`artifactType` as the caller wrote them) under a
   * tag or its digest. Returns the digest. For manifests with a subject prefer pushReferrer().
   */
  async putManifest(repo: RepoRef, reference: string, bytes: Buffer, mediaType: string): Promise<string> {
    const r = await putManifest(this.transport, repo, reference, bytes, mediaType);
    return r.digest;
  }

  deleteManifest(repo: RepoRef, digest: string): Promise<void> {
    return deleteManifest(this.transport, repo, digest);
  }

  /** Blob size, or null when the registry does not have it. */
  blobSize(repo: RepoRef, digest: string): Promise<number | null> {
    return blobSize(this.transport, repo, digest);
  }

  /** Stream a blob; the stream fails with DIGEST_MISMATCH at its end if the bytes are not what the digest names. */
  openBlob(repo: RepoRef, digest: string, opts: OpenBlobOptions = {}): Promise<Readable> {
    return openBlob(this.transport, repo, digest, opts);
  }

  /** Read a (small) blob into memory, verified; bounded by limits.maxBlobBytes. */
  getBlob(repo: RepoRef, digest: string, opts: OpenBlobOptions = {}): Promise<Buffer> {
    return getBlob(this.transport, repo, digest, opts);
  }

  pushBlob(repo: RepoRef, data: Buffer, opts: PushBlobOptions = {}): Promise<PushBlobResult> {
    return pushBlob(this.transport, repo, data, opts);
  }

  pushBlobStream(
    repo: RepoRef,
    stream: Readable,
    opts: { chunkSize?: number; expectedDigest?: string } = {},
  ) {
    return pushBlobStream(this.transport, repo, stream, opts);
  }

  mountBlob(repo: RepoRef, digest: string, fromRepository: string): Promise<boolean> {
    return mountBlob(this.transport, repo, digest, fromRepository);
  }

  listTagsPage(repo: RepoRef, opts: { n?: number; last?: string } = {}): Promise<TagPage> {
    return listTagsPage(this.transport, repo, opts);
  }

  listTags(repo: RepoRef, opts: { pageSize?: number } = {}): AsyncGenerator<string> {
    return listTags(this.transport, repo, opts);
  }

  async allTags(repo: RepoRef, opts: { pageSize?: number } = {}): Promise<string[]> {
    const out: string[] = [];
    for await (const tag of this.listTags(repo, opts)) out.push(tag);
    return out;
  }

  listCatalogPage(registry: string, opts: { n?: number; last?: string } = {}): Promise<ListPage> {
    return listCatalogPage(this.transport, registry, opts);
  }

  listRepositories(registry: string, opts: { pageSize?: number } = {}): AsyncGenerator<string> {
    return listRepositories(this.transport, registry, opts);
  }

  /** Referrers of a digest: API first; the `sha256-<hex>` tag index only when the API answers 404. */
  listReferrers(
    repo: RepoRef,
    digest: string,
    opts: { artifactType?: string } = {},
  ): Promise<ReferrersResult> {
    return listReferrers(this.transport, repo, digest, opts);
  }

  async supportsReferrersApi(repo: RepoRef, digest: string): Promise<boolean> {
    let v = this.referrersSupport.get(repo.registry);
    if (v === undefined) {
      v = await probeReferrersApi(this.transport, repo, digest);
      this.referrersSupport.set(repo.registry, v);
    }
    return v;
  }

  /** Push a manifest with `subject` and make it discoverable (API or converged fallback tag index). */
  pushReferrer(
    repo: RepoRef,
    bytes: Buffer,
    mediaType: string,
    subjectDigest: string,
  ): Promise<PushReferrerResult> {
    return pushReferrer(this.transport, repo, bytes, mediaType, subjectDigest, this.referrersSupport);
  }

  addToReferrersTag(repo: RepoRef, subjectDigest: string, descriptor: Descriptor): Promise<string> {
    return addToReferrersTag(this.transport, repo, subjectDigest, descriptor);
  }

  /** Add an entry to a manifest shared under a tag by concurrent writers (see converge.ts). */
  convergeTag(repo: RepoRef, tag: string, opts: ConvergeOptions): Promise<ConvergeResult> {
    return convergeTag(this.transport, repo, tag, opts);
  }

  /**
   * Resolve an image for reading: index → platform manifest → config (all verified by digest).
   * Platform defaults to linux/amd64.
   */
  async resolveImage(ref: ManifestRef, opts: { platform?: Platform | string } = {}): Promise<ResolvedImage> {
    checkRepo(ref);
    const reference = ref.digest ?? ref.tag ?? 'latest';
    const top = await this.getManifest(ref, reference);
    let index: (FetchedManifest & { kind: 'index' }) | undefined;
    let manifest: FetchedManifest;
    if (top.kind === 'index') {
      index = top;
      const chosen = selectPlatform(
        top.manifest,
        opts.platform ?? 'linux/amd64',
        `index ${display(ref, reference)}`,
      );
      manifest = await this.getManifest(ref, chosen.digest);
      if (manifest.kind !== 'manifest') {
        throw new BulwarkError(
          'UNSUPPORTED_MEDIA_TYPE',
          `${display(ref, chosen.digest)}: nested indexes are not supported`,
        );
      }
    } else {
      manifest = top;
    }
    const m: ImageManifest = manifest.manifest;
    const config = await this.getBlob(ref, m.config.digest, { size: m.config.size });
    return { digest: top.digest, ...(index ? { index } : {}), manifest, config };
  }
}

export { isDigest };
