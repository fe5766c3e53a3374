// Writing signatures and attestations to a registry: cosign's `.sig` / `.att` tags (a shared manifest
// that many signers append to, updated with convergence so concurrent signers lose nothing; see
// image/registry/converge.ts) and sigstore bundles as OCI referrers (tag-index fallback on registries
// without the referrers API).
import { BulwarkError } from '../../core/errors.js';
import type { RegistryClient } from '../../image/registry/client.js';
import { digestOf } from '../../image/registry/digest.js';
import { OCI_MANIFEST } from '../../image/registry/media-types.js';
import type { PushReferrerResult } from '../../image/registry/referrers.js';
import type { Descriptor, RepoRef } from '../../image/registry/types.js';
import {
  bundleReferrerManifest,
  cosignConfig,
  cosignManifest,
  cosignTag,
  sameLayer,
  type CosignKind,
} from './layout.js';

export interface AttachCosignResult {
  tag: string;
  /** Digest of the `.sig`/`.att` manifest that holds the new layer. */
  manifestDigest: string;
  layer: Descriptor;
  /** The identical signature was already there; nothing was written. */
  alreadyPresent: boolean;
  writes: number;
}

/**
 * Append one layer (payload blob + annotations) to the cosign manifest of `imageDigest` in `repo`.
 * Pushes the blob, then converges the tag: read, append if missing, write, re-read until present.
 */
export async function attachCosignLayer(
  client: RegistryClient,
  repo: RepoRef,
  imageDigest: string,
  kind: CosignKind,
  payload: Buffer,
  mediaType: string,
  annotations: Record<string, string>,
  /** An equivalent existing layer (cosign's DupeDetector: same payload, same signer) counts as present. */
  isDuplicate?: (existing: Descriptor) => boolean,
): Promise<AttachCosignResult> {
  const tag = cosignTag(imageDigest, kind);
  await client.pushBlob(repo, payload);
  const layer: Descriptor = { mediaType, size: payload.length, digest: digestOf(payload), annotations };
  const result = await client.convergeTag(repo, tag, {
    contains: (m) =>
      m.kind === 'manifest' &&
      m.manifest.layers.some((l) => sameLayer(l, layer) || (isDuplicate?.(l) ?? false)),
    merge: async (current) => {
      if (current && current.kind !== 'manifest') {
        throw new BulwarkError(
          'REGISTRY_ERROR',
          `${repo.registry}/${repo.repository}:${tag} holds an index, not a cosign ${kind} manifest; refusing to overwrite it`,
        );
      }
      const layers = [...(current?.manifest.layers ?? []).filter((l) => !sameLayer(l, layer)), layer];
      const config = cosignConfig(layers);
      await client.pushBlob(repo, config);
      return {
        bytes: cosignManifest({ mediaType: '', size: config.length, digest: digestOf(config) }, layers),
        mediaType: OCI_MANIFEST,
      };
    },
  });
  return {
    tag,
    manifestDigest: result.digest,
    layer,
    alreadyPresent: result.alreadyPresent,
    writes: result.writes,
  };
}

export interface BundleToAttach {
  bytes: Buffer;
  mediaType: string;
  artifactType: string;
  annotations: Record<string, string>;
}

export interface AttachBundleResult extends PushReferrerResult {
  layer: Descriptor;
}

/** Push a sigstore bundle as a referrer of `subject`, the way cosign v3 does. */
export async function attachBundle(
  client: RegistryClient,
  repo: RepoRef,
  subject: Descriptor,
  bundle: BundleToAttach,
  now = new Date(),
): Promise<AttachBundleResult> {
  await client.pushBlob(repo, Buffer.from('{}'));
  await client.pushBlob(repo, bundle.bytes);
  const layer: Descriptor = {
    mediaType: bundle.mediaType,
    size: bundle.bytes.length,
    digest: digestOf(bundle.bytes),
  };
  const annotations = {
    ...bundle.annotations,
    // RFC 3339 without fractional seconds, as Go's time.RFC3339 formats it.
    'org.opencontainers.image.created': now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
  };
  const manifest = bundleReferrerManifest(subject, layer, bundle.artifactType, annotations);
  const pushed = await client.pushReferrer(repo, manifest, OCI_MANIFEST, subject.digest);
  return { ...pushed, layer };
}
