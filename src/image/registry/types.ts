// Data shapes of the OCI distribution client. ref: OCI image-spec descriptor.md, manifest.md, image-index.md.

/** Where a repository lives: `registry` is host[:port] as the user wrote it (docker.io is normalised). */
export interface RepoRef {
  registry: string;
  repository: string;
}

/** A reference to one manifest: a tag, a digest, or both (digest wins, tag is kept for messages). */
export interface ManifestRef extends RepoRef {
  tag?: string;
  digest?: string;
}

export interface Platform {
  architecture: string;
  os: string;
  variant?: string;
  'os.version'?: string;
  'os.features'?: string[];
}

export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  urls?: string[];
  annotations?: Record<string, string>;
  data?: string;
  platform?: Platform;
  artifactType?: string;
}

export interface ImageManifest {
  schemaVersion: 2;
  mediaType?: string;
  artifactType?: string;
  config: Descriptor;
  layers: Descriptor[];
  subject?: Descriptor;
  annotations?: Record<string, string>;
}

export interface ImageIndex {
  schemaVersion: 2;
  mediaType?: string;
  artifactType?: string;
  manifests: Descriptor[];
  subject?: Descriptor;
  annotations?: Record<string, string>;
}

/** A manifest as fetched: the exact bytes (digests are over bytes, never over re-serialised JSON). */
export type FetchedManifest =
  | { kind: 'manifest'; digest: string; mediaType: string; bytes: Buffer; manifest: ImageManifest }
  | { kind: 'index'; digest: string; mediaType: string; bytes: Buffer; manifest: ImageIndex };

/** Limits that keep hostile registries from exhausting memory. */
export interface RegistryLimits {
  /** Max bytes of a manifest or index (the spec says registries should accept at least 4 MiB). */
  maxManifestBytes: number;
  /** Max bytes of a blob read into memory with getBlob (streams use their own limit). */
  maxBlobBytes: number;
  /** Max bytes of a token-service or error response. */
  maxSmallBytes: number;
  /** Max pages followed when listing tags. */
  maxTagPages: number;
}

export const DEFAULT_REGISTRY_LIMITS: RegistryLimits = {
  maxManifestBytes: 8 * 1024 * 1024,
  maxBlobBytes: 64 * 1024 * 1024,
  maxSmallBytes: 1024 * 1024,
  maxTagPages: 10_000,
};
