// Cosign's registry layout for signatures and attestations, byte for byte as cosign (go-containerregistry)
// writes it, so cosign reads what Bulwark writes and vice versa.
// ref: sigstore/cosign pkg/oci/remote/options.go (tag `sha256-<hex>.sig|.att|.sbom`), pkg/oci/static/
// signature.go (layer annotations), pkg/oci/empty (the image config: empty image + one history entry and
// diff_id per layer — reproduces the config digests of the connaisseur fixtures exactly),
// pkg/oci/remote/write.go WriteReferrer (bundle referrers: empty `{}` config, one layer, subject).
import { digestTag } from '../../image/registry/digest.js';
import { EMPTY_JSON_DIGEST, OCI_CONFIG, OCI_EMPTY, OCI_MANIFEST } from '../../image/registry/media-types.js';
import type { Descriptor } from '../../image/registry/types.js';

export type CosignKind = 'sig' | 'att' | 'sbom';

/** `sha256:abc…` → `sha256-abc….sig` */
export function cosignTag(imageDigest: string, kind: CosignKind): string {
  return `${digestTag(imageDigest)}.${kind}`;
}

/** Go's encoding/json: maps marshal with sorted keys; `<>&` and U+2028/9 are escaped. */
function goJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

function sortedMap(m: Record<string, string> | undefined): Record<string, string> | undefined {
  if (!m) return undefined;
  return Object.fromEntries(
    Object.keys(m)
      .sort()
      .map((k) => [k, m[k]!]),
  );
}

/** A descriptor in go-containerregistry's field order (mediaType, size, digest, …, annotations, …, artifactType). */
export function ggcrDescriptor(d: Descriptor): Record<string, unknown> {
  return {
    mediaType: d.mediaType,
    size: d.size,
    digest: d.digest,
    ...(d.data !== undefined ? { data: d.data } : {}),
    ...(d.urls ? { urls: d.urls } : {}),
    ...(d.annotations && Object.keys(d.annotations).length ? { annotations: sortedMap(d.annotations) } : {}),
    ...(d.platform ? { platform: d.platform } : {}),
    ...(d.artifactType ? { artifactType: d.artifactType } : {}),
  };
}

/** The config cosign writes for a signature/attestation image with these layers. */
export function cosignConfig(layers: readonly Descriptor[]): Buffer {
  return Buffer.from(
    goJson({
      architecture: '',
      created: '0001-01-01T00:00:00Z',
      history: layers.map(() => ({ created: '0001-01-01T00:00:00Z' })),
      os: '',
      rootfs: { type: 'layers', diff_ids: layers.map((l) => l.digest) },
      config: {},
    }),
  );
}

/** The `.sig` / `.att` manifest: OCI image manifest, cosign config, one layer per signature. */
export function cosignManifest(config: Descriptor, layers: readonly Descriptor[]): Buffer {
  return Buffer.from(
    goJson({
      schemaVersion: 2,
      mediaType: OCI_MANIFEST,
      config: ggcrDescriptor({ ...config, mediaType: OCI_CONFIG }),
      layers: layers.map(ggcrDescriptor),
    }),
  );
}

/** Same signature? Same blob and the same annotations (signature, certificate, bundle …). */
export function sameLayer(a: Descriptor, b: Descriptor): boolean {
  if (a.digest !== b.digest || a.mediaType !== b.mediaType) return false;
  const ka = Object.keys(a.annotations ?? {}).sort();
  const kb = Object.keys(b.annotations ?? {}).sort();
  return (
    ka.length === kb.length && ka.every((k, i) => k === kb[i] && a.annotations![k] === b.annotations![k])
  );
}

/** The referrer manifest cosign v3 writes for a sigstore bundle about `subject`. */
export function bundleReferrerManifest(
  subject: Descriptor,
  layer: Descriptor,
  artifactType: string,
  annotations: Record<string, string>,
): Buffer {
  return Buffer.from(
    goJson({
      schemaVersion: 2,
      mediaType: OCI_MANIFEST,
      // cosign also sets artifactType on the config descriptor; kept for parity.
      config: ggcrDescriptor({ mediaType: OCI_EMPTY, size: 2, digest: EMPTY_JSON_DIGEST, artifactType }),
      layers: [ggcrDescriptor(layer)],
      annotations: sortedMap(annotations),
      subject: ggcrDescriptor({ mediaType: subject.mediaType, size: subject.size, digest: subject.digest }),
      artifactType,
    }),
  );
}
