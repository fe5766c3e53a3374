// From a chosen manifest descriptor to an ImageHandle: read and verify the manifest and config,
// check media types, and walk layers from the blob store. Shared by OCI layout dirs, oci-archive,
// Docker 25+ (OCI-hybrid) archives and registries.
import { BulwarkError } from '../../core/errors.js';
import type { Artifact } from '../../core/model.js';
import { layerHistory, parseImageConfig } from '../config.js';
import { parseDescriptor, shortDigest, type Descriptor } from '../descriptor.js';
import { isObject } from '../json.js';
import { isImageConfig, isIndex, isLayer, isManifest, isSchema1 } from '../media-types.js';
import { formatPlatform, platformFrom, platformMatches, type Platform } from '../platform.js';
import type { ImageConfig, ImageHandle, ImageLimits, LayerDescriptor, LayerVisitor } from '../types.js';
import { loadJson, type BlobStore } from './blob-store.js';

export interface ParsedManifest {
  config: Descriptor;
  layers: Descriptor[];
}

/** Validate an image manifest document. ref: OCI image-spec manifest.md; Docker manifest v2 schema 2. */
export function parseManifest(
  doc: unknown,
  desc: Descriptor,
  where: string,
  limits: ImageLimits,
): ParsedManifest {
  const what = `manifest ${shortDigest(desc.digest)}`;
  if (!isObject(doc)) throw new BulwarkError('INVALID_INPUT', `${where}: ${what} is not a JSON object`);
  const mt = typeof doc.mediaType === 'string' ? doc.mediaType : undefined;
  if (doc.schemaVersion === 1 || isSchema1(mt)) {
    throw new BulwarkError(
      'UNSUPPORTED_MEDIA_TYPE',
      `${where}: ${what} is a Docker schema 1 manifest, which is not supported; re-push the image with a current tool`,
    );
  }
  if (doc.schemaVersion !== 2) {
    throw new BulwarkError(
      'INVALID_INPUT',
      `${where}: ${what} has schemaVersion ${JSON.stringify(doc.schemaVersion)}`,
    );
  }
  if (mt !== undefined && !isManifest(mt)) {
    throw new BulwarkError(
      isIndex(mt) ? 'INVALID_INPUT' : 'UNSUPPORTED_MEDIA_TYPE',
      `${where}: ${what} declares media type ${JSON.stringify(mt)}, not an image manifest`,
    );
  }
  const config = parseDescriptor(doc.config, `${where}: ${what} config`);
  if (!isImageConfig(config.mediaType)) {
    throw new BulwarkError(
      'UNSUPPORTED_MEDIA_TYPE',
      `${where}: ${what} has config media type ${JSON.stringify(config.mediaType)}: an OCI artifact, not a container image`,
    );
  }
  if (!Array.isArray(doc.layers))
    throw new BulwarkError('INVALID_INPUT', `${where}: ${what} has no layers array`);
  if (doc.layers.length > limits.maxLayers) {
    throw new BulwarkError(
      'LIMIT_EXCEEDED',
      `${where}: ${what} has ${doc.layers.length} layers, more than ${limits.maxLayers}`,
    );
  }
  const layers = doc.layers.map((l, i) => {
    const d = parseDescriptor(l, `${where}: ${what} layers[${i}]`);
    if (!isLayer(d.mediaType)) {
      throw new BulwarkError(
        'UNSUPPORTED_MEDIA_TYPE',
        `${where}: layer ${i} has media type ${JSON.stringify(d.mediaType)}, which is not a filesystem layer Bulwark can read`,
      );
    }
    return d;
  });
  return { config, layers };
}

export interface HandleParts {
  name: string;
  kind: Artifact['kind'];
  digest: string;
  configDigest: string;
  config: ImageConfig;
  layers: LayerDescriptor[];
  repoTags: string[];
  limits: ImageLimits;
  /** Stored bytes of layer i. */
  openLayer(i: number): AsyncIterable<Uint8Array>;
  /** Blob digest to verify for layer i (null: none known, e.g. legacy docker-archive). */
  blobDigest(i: number): string | null;
  /** The source verifies blob digests itself (the registry client does): do not hash them again. */
  sourceVerifies?: boolean;
  layerReadOrder?: number[];
  close(): Promise<void>;
}

/** The ImageHandle every source returns: walking a layer is streaming and verifying its blob. */
export function makeHandle(p: HandleParts): ImageHandle {
  let closed = false;
  return {
    name: p.name,
    kind: p.kind,
    digest: p.digest,
    configDigest: p.configDigest,
    config: p.config,
    layers: p.layers,
    repoTags: p.repoTags,
    ...(p.layerReadOrder ? { layerReadOrder: p.layerReadOrder } : {}),
    async walkLayer(index: number, visit: LayerVisitor) {
      const layer = p.layers[index];
      if (!layer)
        throw new BulwarkError('INTERNAL', `${p.name}: no layer ${index} (image has ${p.layers.length})`);
      if (closed) throw new BulwarkError('INTERNAL', `${p.name}: image handle used after close()`);
      const what = `${p.name}: layer ${index} (${shortDigest(layer.digest)})`;
      // Loaded on first walk: a fully cached rescan never needs the tar and decompression code.
      const { walkLayerStream } = await import('../walk/walker.js');
      const r = await walkLayerStream(p.openLayer(index), visit, {
        what,
        digest: p.blobDigest(index),
        sourceVerifies: p.sourceVerifies === true,
        size: layer.size >= 0 ? layer.size : null,
        diffId: layer.diffId,
        limits: p.limits,
      });
      return { whiteouts: r.whiteouts, opaqueDirs: r.opaqueDirs, entries: r.entries };
    },
    async close() {
      if (closed) return;
      closed = true;
      await p.close();
    },
  };
}

export interface OciImageOptions {
  name: string;
  kind: Artifact['kind'];
  repoTags: string[];
  limits: ImageLimits;
  closeStore?: boolean;
  sourceVerifies?: boolean;
  /** Fail with MANIFEST_NOT_FOUND unless the image's config is for this platform (explicit --platform). */
  requirePlatform?: Platform;
}

/** Read manifest and config of `desc` from `store` and return the handle. */
export async function openOciImage(
  store: BlobStore,
  desc: Descriptor,
  opts: OciImageOptions,
): Promise<ImageHandle> {
  if (!isManifest(desc.mediaType)) {
    throw new BulwarkError(
      'UNSUPPORTED_MEDIA_TYPE',
      `${store.where}: ${shortDigest(desc.digest)} has media type ${JSON.stringify(desc.mediaType)}, not an image manifest`,
    );
  }
  const { limits } = opts;
  const { doc } = await loadJson(store, desc, 'manifest', `${store.where}: manifest`, limits.maxJsonBytes);
  const manifest = parseManifest(doc, desc, store.where, limits);
  const { doc: configDoc } = await loadJson(
    store,
    manifest.config,
    'blob',
    `${store.where}: config`,
    limits.maxJsonBytes,
  );
  const config = parseImageConfig(
    configDoc,
    `${store.where}: config ${shortDigest(manifest.config.digest)}`,
    manifest.layers.length,
  );
  if (opts.requirePlatform) {
    const have = platformFrom(config);
    if (!have || !platformMatches(opts.requirePlatform, have)) {
      throw new BulwarkError(
        'MANIFEST_NOT_FOUND',
        `${store.where}: the image is for ${have ? formatPlatform(have) : 'an unknown platform'}, not ${formatPlatform(opts.requirePlatform)}`,
      );
    }
  }
  const history = layerHistory(config, manifest.layers.length);
  const layers: LayerDescriptor[] = manifest.layers.map((l, index) => ({
    index,
    digest: l.digest,
    diffId: config.rootfs!.diff_ids[index]!,
    mediaType: l.mediaType,
    size: l.size,
    ...(history[index] !== undefined ? { createdBy: history[index] } : {}),
  }));
  const order = store.readOrder?.(manifest.layers);
  return makeHandle({
    name: opts.name,
    kind: opts.kind,
    digest: desc.digest,
    configDigest: manifest.config.digest,
    config,
    layers,
    repoTags: opts.repoTags,
    limits,
    openLayer: (i) => store.open(manifest.layers[i]!),
    blobDigest: (i) => manifest.layers[i]!.digest,
    ...(opts.sourceVerifies ? { sourceVerifies: true } : {}),
    ...(order ? { layerReadOrder: order } : {}),
    close: () => (opts.closeStore === false ? Promise.resolve() : store.close()),
  });
}
