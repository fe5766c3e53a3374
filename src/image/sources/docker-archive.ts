// docker-archive: what `docker save` (and `skopeo copy … docker-archive:`) writes.
// Legacy layout: `manifest.json` = [{Config, RepoTags, Layers}], with `<id>/layer.tar` members
// (skopeo: `<diffid>.tar`, with `<id>/layer.tar` symlinks to them). Docker 25+ writes an OCI
// layout in the same tar (index.json + blobs/) and a manifest.json whose paths point into blobs/.
// ref: moby image/spec/v1.2.md ("Combined Image JSON + Filesystem Changeset Format"); moby#44598.
//
// What is verified: the config against the digest its file name carries (`<hex>.json`,
// `blobs/sha256/<hex>`); each layer's blob digest when its path names one (`blobs/…`), and always
// its diff id over the uncompressed tar, which the verified config lists. When index.json holds
// the image's manifest, its digest becomes the image digest and its layer digests are checked too.
import { BulwarkError } from '../../core/errors.js';
import { layerHistory, parseImageConfig } from '../config.js';
import { parseDescriptor, shortDigest, type Descriptor } from '../descriptor.js';
import { parseDigest, sha256, verifyBuffer } from '../digest.js';
import { isObject, parseJson } from '../json.js';
import { isIndex, isLayer, isManifest, MT } from '../media-types.js';
import { sameReference } from '../reference.js';
import type { ImageHandle, ImageLimits, LayerDescriptor } from '../types.js';
import { missingMember, type Archive } from './archive.js';
import { archiveOrder, ArchiveStore } from './archive-store.js';
import { loadJson } from './blob-store.js';
import { makeHandle, parseManifest, type ParsedManifest } from './oci-image.js';
import { indexManifests } from './select.js';

interface LegacyEntry {
  Config: string;
  RepoTags: string[];
  Layers: string[];
  LayerSources: Record<string, unknown>;
}

export function parseDockerManifest(doc: unknown, where: string): LegacyEntry[] {
  if (!Array.isArray(doc))
    throw new BulwarkError('INVALID_INPUT', `${where}: manifest.json is not a JSON array`);
  if (doc.length === 0)
    throw new BulwarkError('MANIFEST_NOT_FOUND', `${where}: manifest.json lists no images`);
  return doc.map((e, i) => {
    const what = `${where}: manifest.json[${i}]`;
    if (!isObject(e)) throw new BulwarkError('INVALID_INPUT', `${what} is not an object`);
    if (typeof e.Config !== 'string' || !e.Config)
      throw new BulwarkError('INVALID_INPUT', `${what} has no Config`);
    if (!Array.isArray(e.Layers) || !e.Layers.every((l) => typeof l === 'string')) {
      throw new BulwarkError('INVALID_INPUT', `${what} has no Layers list`);
    }
    const tags = Array.isArray(e.RepoTags)
      ? e.RepoTags.filter((t): t is string => typeof t === 'string')
      : [];
    return {
      Config: e.Config,
      RepoTags: tags,
      Layers: e.Layers as string[],
      LayerSources: isObject(e.LayerSources) ? e.LayerSources : {},
    };
  });
}

/** `ref` is a repo tag (`alpine:3.10`) or `@N`, the N-th image in the archive, as skopeo accepts. */
function chooseEntry(entries: LegacyEntry[], ref: string | undefined, where: string): LegacyEntry {
  const all = entries.flatMap((e) => e.RepoTags);
  if (ref === undefined) {
    if (entries.length === 1) return entries[0]!;
    throw new BulwarkError(
      'MANIFEST_NOT_FOUND',
      `${where} holds ${entries.length} images; choose one with docker-archive:${where}:REPO:TAG or :@N (tags: ${all.join(', ') || 'none'})`,
    );
  }
  if (/^@\d+$/.test(ref)) {
    const e = entries[Number(ref.slice(1))];
    if (e) return e;
    throw new BulwarkError('MANIFEST_NOT_FOUND', `${where} has no image ${ref} (it holds ${entries.length})`);
  }
  const hit = entries.find((e) => e.RepoTags.some((t) => sameReference(t, ref)));
  if (hit) return hit;
  throw new BulwarkError(
    'MANIFEST_NOT_FOUND',
    `${where} has no image tagged ${JSON.stringify(ref)}; tags present: ${all.join(', ') || '(none)'}`,
  );
}

/**
 * The digest a member's path carries: `blobs/<alg>/<hex>` (Docker 25+), `<hex>.json` (config, named
 * by the image id) or `<hex>.tar` (skopeo names layers by the digest of the bytes it stores).
 */
function digestFromPath(path: string): string | null {
  const blob = /(?:^|\/)blobs\/(sha256|sha512)\/([a-f0-9]+)$/.exec(path);
  if (blob) return parseDigest(`${blob[1]}:${blob[2]}`) ? `${blob[1]}:${blob[2]}` : null;
  const legacy = /(?:^|\/)([a-f0-9]{64})(?:\.json|\.tar)?$/.exec(path);
  return legacy ? `sha256:${legacy[1]}` : null;
}

/** Docker 25+: the OCI manifest in index.json (or one index deep) whose config is `configDigest`. */
async function findOciManifest(
  archive: Archive,
  where: string,
  configDigest: string,
  limits: ImageLimits,
): Promise<{ desc: Descriptor; manifest: ParsedManifest } | null> {
  if (!archive.resolve('index.json')) return null;
  const index = parseJson(
    await archive.readFile('index.json', limits.maxJsonBytes),
    `${where}: index.json`,
    limits.maxJsonBytes,
  );
  const store = new ArchiveStore(archive, where);
  const queue = indexManifests(index, `${where}: index.json`).map((d) => ({ d, depth: 0 }));
  for (let i = 0; i < queue.length && i < 256; i++) {
    const { d, depth } = queue[i]!;
    if (!archive.resolve(`blobs/${d.parsed.algorithm}/${d.parsed.hex}`)) continue;
    if (isIndex(d.mediaType) && depth === 0) {
      const { doc } = await loadJson(store, d, 'manifest', `${where}: index`, limits.maxJsonBytes);
      for (const c of indexManifests(doc, `${where}: index ${shortDigest(d.digest)}`))
        queue.push({ d: c, depth: 1 });
    } else if (isManifest(d.mediaType)) {
      const { doc } = await loadJson(store, d, 'manifest', `${where}: manifest`, limits.maxJsonBytes);
      if (isObject(doc) && isObject(doc.config) && doc.config.digest === configDigest) {
        return { desc: d, manifest: parseManifest(doc, d, where, limits) };
      }
    }
  }
  return null;
}

export interface DockerArchiveOptions {
  name: string;
  ref?: string;
  limits: ImageLimits;
}

export async function openDockerArchive(archive: Archive, opts: DockerArchiveOptions): Promise<ImageHandle> {
  const where = archive.path;
  const { limits } = opts;
  if (!archive.resolve('manifest.json')) {
    throw new BulwarkError(
      'MANIFEST_NOT_FOUND',
      `${where}: no manifest.json; not a docker-archive (docker save) file${archive.resolve('index.json') ? ' — it looks like an oci-archive, use oci-archive:' : ''}`,
    );
  }
  const entries = parseDockerManifest(
    parseJson(
      await archive.readFile('manifest.json', limits.maxJsonBytes),
      `${where}: manifest.json`,
      limits.maxJsonBytes,
    ),
    where,
  );
  const entry = chooseEntry(entries, opts.ref, where);
  if (entry.Layers.length > limits.maxLayers) {
    throw new BulwarkError(
      'LIMIT_EXCEEDED',
      `${where}: image has ${entry.Layers.length} layers, more than ${limits.maxLayers}`,
    );
  }

  // Config: verified when its name is its digest (always so for docker save and skopeo).
  if (!archive.resolve(entry.Config)) throw missingMember(where, entry.Config);
  const configBytes = await archive.readFile(entry.Config, limits.maxJsonBytes);
  const named = digestFromPath(entry.Config);
  const namedParsed = named ? parseDigest(named) : null;
  if (namedParsed) verifyBuffer(configBytes, namedParsed, `${where}: config ${entry.Config}`);
  const configDigest = named ?? sha256(configBytes);
  const config = parseImageConfig(
    parseJson(configBytes, `${where}: config ${entry.Config}`, limits.maxJsonBytes),
    `${where}: config ${entry.Config}`,
    entry.Layers.length,
  );
  for (const l of entry.Layers) if (!archive.resolve(l)) throw missingMember(where, l);

  const oci = await findOciManifest(archive, where, configDigest, limits);
  if (oci && oci.manifest.layers.length !== entry.Layers.length) {
    throw new BulwarkError(
      'INVALID_INPUT',
      `${where}: index.json manifest and manifest.json disagree on the layer count`,
    );
  }
  const history = layerHistory(config, entry.Layers.length);
  const blobDigests: (string | null)[] = [];
  const layers: LayerDescriptor[] = entry.Layers.map((path, index) => {
    const diffId = config.rootfs!.diff_ids[index]!;
    const fromOci = oci?.manifest.layers[index];
    const source = entry.LayerSources[diffId];
    let mediaType = fromOci?.mediaType ?? MT.ociLayer;
    if (!fromOci && isObject(source)) {
      const d = parseDescriptor(source, `${where}: LayerSources ${diffId}`);
      if (!isLayer(d.mediaType)) {
        throw new BulwarkError(
          'UNSUPPORTED_MEDIA_TYPE',
          `${where}: layer ${index} has media type ${JSON.stringify(d.mediaType)}`,
        );
      }
      mediaType = d.mediaType;
    }
    const blob = fromOci?.digest ?? digestFromPath(path);
    blobDigests.push(blob);
    return {
      index,
      digest: blobDigests[index] ?? diffId,
      diffId,
      mediaType,
      size: archive.resolve(path)!.size,
      ...(history[index] !== undefined ? { createdBy: history[index] } : {}),
    };
  });
  const order = archiveOrder(archive, entry.Layers);
  return makeHandle({
    name: opts.name,
    kind: 'docker-archive',
    digest: oci?.desc.digest ?? configDigest,
    configDigest,
    config,
    layers,
    repoTags: entry.RepoTags,
    limits,
    openLayer: (i) => archive.open(entry.Layers[i]!),
    blobDigest: (i) => blobDigests[i] ?? null,
    ...(archive.compressed ? { layerReadOrder: order } : {}),
    close: () => archive.close(),
  });
}
