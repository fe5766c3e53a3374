// Media types Bulwark reads, and the decisions that hang on them.
// ref: OCI image-spec media-types.md; Docker "Image Manifest V2, Schema 2" (distribution/docs/spec/manifest-v2-2.md).
export const MT = {
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  ociConfig: 'application/vnd.oci.image.config.v1+json',
  dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerConfig: 'application/vnd.docker.container.image.v1+json',
  dockerLayer: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
  ociLayer: 'application/vnd.oci.image.layer.v1.tar',
} as const;

/** Docker schema 1 is signed JSON without a config blob; registries stopped serving it in 2020s. */
const SCHEMA1 = new Set([
  'application/vnd.docker.distribution.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v1+prettyjws',
]);

export function isIndex(mt: string | undefined): boolean {
  return mt === MT.ociIndex || mt === MT.dockerList;
}

export function isManifest(mt: string | undefined): boolean {
  return mt === MT.ociManifest || mt === MT.dockerManifest;
}

export function isSchema1(mt: string | undefined): boolean {
  return mt !== undefined && SCHEMA1.has(mt);
}

export function isImageConfig(mt: string | undefined): boolean {
  return mt === MT.ociConfig || mt === MT.dockerConfig;
}

// OCI layers (plain, gzip, zstd; distributable or not) and Docker's rootfs diffs (incl. foreign).
const LAYER_RE =
  /^application\/vnd\.(?:oci\.image\.layer(?:\.nondistributable)?\.v1\.tar(?:\+gzip|\+zstd)?|docker\.image\.rootfs(?:\.foreign)?\.diff\.tar(?:\.gzip|\.zstd)?)$/;

export function isLayer(mt: string | undefined): boolean {
  return mt !== undefined && LAYER_RE.test(mt);
}
