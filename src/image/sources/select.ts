// Choosing one image manifest from an index (an OCI layout's index.json or a registry's manifest
// list): by tag (`org.opencontainers.image.ref.name`), through nested indexes, then by platform.
// ref: OCI image-spec image-layout.md ("index.json"), image-index.md ("platform"),
// annotations.md (ref.name); buildx attestation manifests (vnd.docker.reference.type).
//
// Rules:
//  - `:tag` keeps the top-level entries whose ref.name (or containerd image name) equals it; none
//    → MANIFEST_NOT_FOUND listing the tags there are.
//  - Without a tag, entries with media types that are neither manifests nor indexes are skipped;
//    a tag that names one is an UNSUPPORTED_MEDIA_TYPE.
//  - Several different images left: keep those of the wanted platform (from the descriptor, or
//    else from the image config). One left wins; none → MANIFEST_NOT_FOUND listing platforms;
//    still several → MANIFEST_NOT_FOUND asking for a tag.
//  - A single image is used whatever its platform unless --platform was given explicitly, as
//    `docker run` runs a single-platform image.
import { BulwarkError } from '../../core/errors.js';
import { CONTAINERD_NAME, parseDescriptor, REF_NAME, shortDigest, type Descriptor } from '../descriptor.js';
import { isObject } from '../json.js';
import { isIndex, isManifest, isSchema1 } from '../media-types.js';
import { formatPlatform, platformFrom, platformMatches, type Platform } from '../platform.js';
import { loadJson, type BlobStore } from './blob-store.js';

const MAX_INDEX_DEPTH = 4;
const MAX_CANDIDATES = 4096;
const MAX_NESTED_INDEXES = 256;

export interface SelectOptions {
  /** Tag to match against ref.name annotations (OCI layouts); undefined: any. */
  tag?: string;
  /** Wanted platform. */
  platform: Platform;
  /** True when the user asked for the platform (then a single image must match it too). */
  explicitPlatform: boolean;
  maxJsonBytes: number;
}

export interface Selected {
  descriptor: Descriptor;
  /** ref.name / image name annotations along the way (repo tags for the report). */
  refNames: string[];
}

interface Candidate extends Selected {
  platform?: Platform;
}

export function indexManifests(doc: unknown, what: string): Descriptor[] {
  if (!isObject(doc)) throw new BulwarkError('INVALID_INPUT', `${what} is not a JSON object`);
  if (doc.schemaVersion !== 2) {
    throw new BulwarkError(
      'INVALID_INPUT',
      `${what} has schemaVersion ${JSON.stringify(doc.schemaVersion)}, expected 2`,
    );
  }
  if (doc.manifests === null || doc.manifests === undefined) return [];
  if (!Array.isArray(doc.manifests))
    throw new BulwarkError('INVALID_INPUT', `${what}: manifests is not an array`);
  if (doc.manifests.length > MAX_CANDIDATES) {
    throw new BulwarkError('LIMIT_EXCEEDED', `${what} lists more than ${MAX_CANDIDATES} manifests`);
  }
  return doc.manifests.map((m, i) => parseDescriptor(m, `${what} manifests[${i}]`));
}

function refNamesOf(d: Descriptor): string[] {
  return [d.annotations[REF_NAME], d.annotations[CONTAINERD_NAME]].filter((x): x is string => !!x);
}

function isAttestation(d: Descriptor): boolean {
  return (
    d.annotations['vnd.docker.reference.type'] === 'attestation-manifest' ||
    (d.platform?.os === 'unknown' && d.platform.architecture === 'unknown')
  );
}

function unsupported(d: Descriptor, where: string): BulwarkError {
  if (isSchema1(d.mediaType)) {
    return new BulwarkError(
      'UNSUPPORTED_MEDIA_TYPE',
      `${where}: ${shortDigest(d.digest)} is a Docker schema 1 manifest, which is deprecated and not supported; re-push the image with a current tool`,
    );
  }
  return new BulwarkError(
    'UNSUPPORTED_MEDIA_TYPE',
    `${where}: ${shortDigest(d.digest)} has media type ${JSON.stringify(d.mediaType)}, which is not an image manifest or index`,
  );
}

/** Pick one image manifest from an index document. */
export async function selectManifest(
  store: BlobStore,
  rootIndex: unknown,
  rootWhat: string,
  opts: SelectOptions,
): Promise<Selected> {
  let top = indexManifests(rootIndex, rootWhat);
  if (opts.tag !== undefined) {
    const tag = opts.tag;
    const tags = [...new Set(top.flatMap(refNamesOf))];
    top = top.filter((d) => refNamesOf(d).includes(tag));
    if (top.length === 0) {
      throw new BulwarkError(
        'MANIFEST_NOT_FOUND',
        `${store.where}: no image tagged ${JSON.stringify(tag)}; tags present: ${tags.length ? tags.join(', ') : '(none)'}`,
      );
    }
    for (const d of top)
      if (!isIndex(d.mediaType) && !isManifest(d.mediaType)) throw unsupported(d, store.where);
  }
  if (top.length === 0) {
    throw new BulwarkError('MANIFEST_NOT_FOUND', `${store.where}: the index lists no image manifests`);
  }

  const found: Candidate[] = [];
  const skipped: Descriptor[] = [];
  // Each nested index is expanded once, and only so many in all: a hostile index pointing at
  // itself or fanning out to the same child thousands of times must not explode.
  const expanded = new Set<string>();
  const expand = async (d: Descriptor, refs: string[], depth: number): Promise<void> => {
    const names = [...new Set([...refs, ...refNamesOf(d)])];
    if (isManifest(d.mediaType)) {
      if (!isAttestation(d))
        found.push({ descriptor: d, refNames: names, ...(d.platform ? { platform: d.platform } : {}) });
      return;
    }
    if (!isIndex(d.mediaType)) {
      skipped.push(d);
      return;
    }
    if (expanded.has(d.digest)) return;
    expanded.add(d.digest);
    if (expanded.size > MAX_NESTED_INDEXES) {
      throw new BulwarkError(
        'LIMIT_EXCEEDED',
        `${store.where}: more than ${MAX_NESTED_INDEXES} nested image indexes`,
      );
    }
    if (depth >= MAX_INDEX_DEPTH) {
      throw new BulwarkError(
        'LIMIT_EXCEEDED',
        `${store.where}: image indexes nested more than ${MAX_INDEX_DEPTH} deep`,
      );
    }
    const { doc } = await loadJson(store, d, 'manifest', 'image index', opts.maxJsonBytes);
    for (const child of indexManifests(doc, `image index ${d.digest}`)) {
      await expand(child, names, depth + 1);
      if (found.length > MAX_CANDIDATES)
        throw new BulwarkError('LIMIT_EXCEEDED', `${store.where}: too many manifests`);
    }
  };
  for (const d of top) await expand(d, [], 0);

  // The same manifest reached twice (several tags, nested indexes) is one image.
  const byDigest = new Map<string, Candidate>();
  for (const c of found) {
    const prev = byDigest.get(c.descriptor.digest);
    if (prev) prev.refNames = [...new Set([...prev.refNames, ...c.refNames])];
    else byDigest.set(c.descriptor.digest, { ...c });
  }
  const candidates = [...byDigest.values()];
  if (candidates.length === 0) {
    if (skipped.length) throw unsupported(skipped[0]!, store.where);
    throw new BulwarkError('MANIFEST_NOT_FOUND', `${store.where}: the index lists no image manifests`);
  }
  if (candidates.length === 1 && !opts.explicitPlatform) return candidates[0]!;

  for (const c of candidates) c.platform ??= await platformFromConfig(store, c.descriptor, opts.maxJsonBytes);
  const want = opts.platform;
  const matching = candidates.filter((c) => c.platform && platformMatches(want, c.platform));
  if (matching.length === 1) return matching[0]!;
  if (matching.length === 0) {
    const have = [...new Set(candidates.map((c) => (c.platform ? formatPlatform(c.platform) : 'unknown')))];
    throw new BulwarkError(
      'MANIFEST_NOT_FOUND',
      `${store.where}: no image for platform ${formatPlatform(want)}; available: ${have.join(', ')} (choose with --platform)`,
    );
  }
  // Prefer the exact variant when the request named none (arm64 → v8 over others).
  const exact = matching.filter((c) => !c.platform!.variant || c.platform!.variant === want.variant);
  if (exact.length === 1) return exact[0]!;
  const names = matching.map((c) => c.refNames[0] ?? shortDigest(c.descriptor.digest));
  throw new BulwarkError(
    'MANIFEST_NOT_FOUND',
    `${store.where}: ${matching.length} images match platform ${formatPlatform(want)} (${names.join(', ')}); choose one with :TAG`,
  );
}

/** An image's platform from its config, for indexes whose entries carry no platform. */
async function platformFromConfig(
  store: BlobStore,
  d: Descriptor,
  maxJsonBytes: number,
): Promise<Platform | undefined> {
  const { doc } = await loadJson(store, d, 'manifest', 'manifest', maxJsonBytes);
  if (!isObject(doc) || !isObject(doc.config)) return undefined;
  const configDesc = parseDescriptor(doc.config, `manifest ${d.digest} config`);
  const { doc: config } = await loadJson(store, configDesc, 'blob', 'config', maxJsonBytes);
  return platformFrom(config);
}
