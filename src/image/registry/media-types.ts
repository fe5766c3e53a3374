// Media types the registry client understands.
// ref: OCI image-spec media-types.md; Docker "Image Manifest V2, Schema 2" (distribution/docs/spec/manifest-v2-2.md).

export const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
export const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
export const OCI_CONFIG = 'application/vnd.oci.image.config.v1+json';
export const OCI_EMPTY = 'application/vnd.oci.empty.v1+json';
export const OCI_LAYER_GZIP = 'application/vnd.oci.image.layer.v1.tar+gzip';
export const OCI_LAYER_TAR = 'application/vnd.oci.image.layer.v1.tar';
export const OCI_LAYER_ZSTD = 'application/vnd.oci.image.layer.v1.tar+zstd';

export const DOCKER_MANIFEST = 'application/vnd.docker.distribution.manifest.v2+json';
export const DOCKER_MANIFEST_LIST = 'application/vnd.docker.distribution.manifest.list.v2+json';
export const DOCKER_CONFIG = 'application/vnd.docker.container.image.v1+json';
export const DOCKER_LAYER_GZIP = 'application/vnd.docker.image.rootfs.diff.tar.gzip';
/** Schema 1 is deprecated and signed with JWS over a rewritten body; Bulwark refuses it. */
export const DOCKER_MANIFEST_V1 = 'application/vnd.docker.distribution.manifest.v1+json';
export const DOCKER_MANIFEST_V1_SIGNED = 'application/vnd.docker.distribution.manifest.v1+prettyjws';

/** The empty JSON blob `{}` (OCI image-spec manifest.md "Guidance for an Empty Descriptor"). */
export const EMPTY_JSON_DIGEST = 'sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a';

export const INDEX_TYPES: readonly string[] = [OCI_INDEX, DOCKER_MANIFEST_LIST];
export const IMAGE_MANIFEST_TYPES: readonly string[] = [OCI_MANIFEST, DOCKER_MANIFEST];
export const MANIFEST_TYPES: readonly string[] = [...IMAGE_MANIFEST_TYPES, ...INDEX_TYPES];

/** Accept header for manifest requests: every type we can parse, so the registry never converts to schema 1. */
export const MANIFEST_ACCEPT = MANIFEST_TYPES.join(', ');

export function isIndexType(mediaType: string | undefined): boolean {
  return mediaType !== undefined && INDEX_TYPES.includes(mediaType);
}
