// Contracts of the image layer: what a source opens and how a layer is walked.
// Sources (docker-archive, oci-layout, oci-archive, rootfs, registry) all produce an ImageHandle;
// everything downstream (analyzers, scan, checks) sees only this interface.
import type { Artifact } from '../core/model.js';
import type { RegistryClientOptions } from './registry/index.js';

/** Subset of the OCI image config (image-spec config.md) that Bulwark reads. */
export interface ImageConfig {
  architecture?: string;
  os?: string;
  variant?: string;
  created?: string;
  author?: string;
  config?: {
    User?: string;
    Env?: string[];
    Cmd?: string[];
    Entrypoint?: string[];
    WorkingDir?: string;
    Labels?: Record<string, string>;
    ExposedPorts?: Record<string, object>;
    Volumes?: Record<string, object>;
    Healthcheck?: { Test?: string[]; Interval?: number; Timeout?: number; Retries?: number };
    StopSignal?: string;
  };
  rootfs?: { type: string; diff_ids: string[] };
  history?: { created?: string; created_by?: string; comment?: string; empty_layer?: boolean }[];
}

export interface LayerDescriptor {
  index: number;
  /** Digest of the blob as stored (compressed), verified when read. For rootfs: a digest of the walk. */
  digest: string;
  /** Digest of the uncompressed tar (config rootfs.diff_ids[i]); the cache key for layer analysis. */
  diffId: string;
  mediaType: string;
  /** Stored size in bytes (compressed). */
  size: number;
  /** The history step (Dockerfile instruction) that created the layer, when known. */
  createdBy?: string;
}

export type FileType = 'file' | 'dir' | 'symlink' | 'hardlink' | 'char' | 'block' | 'fifo' | 'other';

/** One entry of a layer walk. Paths are normalised: relative to the image root, no leading `/` or `./`. */
export interface FileEntry {
  path: string;
  type: FileType;
  mode: number;
  uid: number;
  gid: number;
  size: number;
  linkname?: string;
  /**
   * Read the entry's content. Valid only while the visitor for this entry runs, because the tar
   * stream moves on. Throws LIMIT_EXCEEDED past `limit` bytes (default: the walk's file limit).
   * Directories, symlinks and devices have no content: an empty buffer. A hard link returns its
   * target's content when a visitor read the target earlier in the same layer; otherwise it fails
   * with INVALID_INPUT (tar stores the data once, under the first name).
   */
  read(limit?: number): Promise<Buffer>;
}

/** What a layer walk reports besides the files it visited. */
export interface LayerWalkResult {
  /** Paths deleted by `.wh.<name>` entries in this layer (normalised, without the `.wh.` prefix). */
  whiteouts: string[];
  /** Directories made opaque by `.wh..wh..opq` in this layer: lower layers' content below is hidden. */
  opaqueDirs: string[];
  /** Number of entries seen, for figures and limits. */
  entries: number;
}

export type LayerVisitor = (entry: FileEntry) => void | Promise<void>;

export interface ImageHandle {
  /** The target as the user gave it (for reports). */
  name: string;
  kind: Artifact['kind'];
  /** Manifest digest when the image has one (OCI, registry, Docker 25+ archives); else the config digest. */
  digest: string;
  configDigest: string;
  config: ImageConfig;
  layers: LayerDescriptor[];
  /** Repo tags / references recorded in the source (docker-archive RepoTags, OCI ref.name). */
  repoTags: string[];
  /**
   * Layer indexes in the order that is cheapest to walk, when it differs from 0..n-1: a gzipped
   * archive is inflated sequentially, so walking its layers in storage order reads it once.
   * Walking in any other order is still correct, only slower. Absent: any order is as cheap.
   */
  layerReadOrder?: number[];
  /**
   * Stream layer `index` once, in tar order, calling `visit` for every non-whiteout entry. The layer's
   * blob digest (and diff id, when checkable) is verified by the end of the walk; a mismatch throws
   * DIGEST_MISMATCH even if the visitor already saw entries, so callers must not commit results early.
   */
  walkLayer(index: number, visit: LayerVisitor): Promise<LayerWalkResult>;
  close(): Promise<void>;
}

export interface OpenImageOptions {
  /** `os/arch[/variant]` to select from an image index; default linux/amd64 (the host platform). */
  platform?: string;
  /** Allow plain HTTP / unverified TLS for registries that are not on loopback. */
  insecure?: boolean;
  /** Limits that make hostile input fail fast instead of exhausting memory or disk. */
  limits?: Partial<ImageLimits>;
  /**
   * Registry client options for registry targets: explicit credentials (`--username/--password`),
   * extra CA certificates, timeouts, `anonymous`. Without them, credentials come from
   * ~/.docker/config.json (and credential helpers), as Docker does. `insecure` above wins.
   */
  registry?: RegistryClientOptions;
}

export interface ImageLimits {
  /** Max bytes of one layer after decompression (decompression-bomb guard). */
  maxLayerBytes: number;
  /** Max ratio uncompressed/compressed before a layer counts as a bomb (applies past 64 MiB). */
  maxCompressionRatio: number;
  /** Max entries in one layer tar. */
  maxEntries: number;
  /** Max bytes a single `read()` returns. */
  maxFileBytes: number;
  /** Max bytes of a manifest, index or config JSON. */
  maxJsonBytes: number;
  /** Max layers in an image. */
  maxLayers: number;
}

export const DEFAULT_LIMITS: ImageLimits = {
  maxLayerBytes: 32 * 1024 ** 3,
  maxCompressionRatio: 200,
  maxEntries: 2_000_000,
  maxFileBytes: 512 * 1024 ** 2,
  maxJsonBytes: 8 * 1024 ** 2,
  maxLayers: 512,
};
