// OCI 1.1 referrers: the API `GET /v2/<name>/referrers/<digest>` and, when a registry answers 404 there,
// the tag schema `<alg>-<hex>` holding an index of referrers. Only a 404 selects the fallback; any other
// failure (auth, 429 after retries, 5xx, unreachable, malformed answer) is an error, never "no referrers".
// Registries' OCI-Subject header is not trusted (Docker Hub sent it without serving the API): support is
// probed. ref: OCI distribution-spec spec.md "Listing Referrers", "Referrers Tag Schema",
// "Pushing Manifests with Subject".
import { BulwarkError } from '../../core/errors.js';
import { convergeTag } from './converge.js';
import { digestOf, digestTag, requireDigest } from './digest.js';
import { discard, header, readLimited } from './http.js';
import { checkDescriptor } from './manifest-parse.js';
import { getManifest, putManifest } from './manifests.js';
import { OCI_INDEX } from './media-types.js';
import { display, repoPath } from './names.js';
import { nextLink } from './tags.js';
import { repositoryScope } from './auth/scope.js';
import type { RegistryTransport } from './transport.js';
import type { Descriptor, FetchedManifest, ImageIndex, RepoRef } from './types.js';

export type ReferrersSource = 'referrers-api' | 'tag-schema';

export interface ReferrersResult {
  source: ReferrersSource;
  /** The fallback tag that was read (tag-schema only). */
  tag?: string;
  /** Whether the fallback tag existed (tag-schema only). */
  tagFound?: boolean;
  referrers: Descriptor[];
}

const MAX_PAGES = 100;

/**
 * Referrers of `digest`, filtered by `artifactType` when given (client-side too, because registries may
 * ignore the filter: they announce applying it in OCI-Filters-Applied).
 */
export async function listReferrers(
  t: RegistryTransport,
  repo: RepoRef,
  digest: string,
  opts: { artifactType?: string } = {},
): Promise<ReferrersResult> {
  requireDigest(digest);
  const what = `list referrers of ${display(repo, digest)}`;
  const filter = (ds: Descriptor[]): Descriptor[] =>
    opts.artifactType ? ds.filter((d) => d.artifactType === opts.artifactType) : ds;
  let path: string | undefined = repoPath(repo, 'referrers', digest);
  let query: Record<string, string | undefined> = { artifactType: opts.artifactType };
  const found: Descriptor[] = [];
  for (let page = 0; path; page++) {
    if (page >= MAX_PAGES) throw new BulwarkError('LIMIT_EXCEEDED', `${what}: more than ${MAX_PAGES} pages`);
    const res = await t.call({
      registry: repo.registry,
      method: 'GET',
      path,
      query,
      headers: { accept: OCI_INDEX },
      scopes: [repositoryScope(repo.repository, ['pull'])],
      expect: [200, 404],
      what,
    });
    if (res.status === 404) {
      await discard(res);
      if (page > 0) throw new BulwarkError('REGISTRY_ERROR', `${what}: next page vanished (404)`);
      return fallback(t, repo, digest, filter);
    }
    const bytes = await readLimited(res, t.limits.maxManifestBytes, what);
    const index = parseReferrersIndex(bytes, what);
    found.push(...index.manifests);
    path = nextLink(header(res.headers, 'link'));
    query = {};
  }
  return { source: 'referrers-api', referrers: filter(found) };
}

function parseReferrersIndex(bytes: Buffer, what: string): ImageIndex {
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new BulwarkError(
      'REGISTRY_ERROR',
      `${what}: the referrers API answered with something that is not JSON`,
    );
  }
  const o = json as { schemaVersion?: unknown; manifests?: unknown };
  if (typeof json !== 'object' || json === null || o.schemaVersion !== 2 || !Array.isArray(o.manifests)) {
    throw new BulwarkError(
      'REGISTRY_ERROR',
      `${what}: the referrers API answered with something that is not an image index`,
    );
  }
  o.manifests.forEach((d, i) => checkDescriptor(d, `${what} manifests[${i}]`));
  return json as ImageIndex;
}

async function fallback(
  t: RegistryTransport,
  repo: RepoRef,
  digest: string,
  filter: (ds: Descriptor[]) => Descriptor[],
): Promise<ReferrersResult> {
  const tag = digestTag(digest);
  let manifest: FetchedManifest;
  try {
    manifest = (await getManifest(t, repo, tag)).manifest;
  } catch (err) {
    if (err instanceof BulwarkError && err.code === 'MANIFEST_NOT_FOUND') {
      return { source: 'tag-schema', tag, tagFound: false, referrers: [] };
    }
    throw err;
  }
  if (manifest.kind !== 'index') {
    throw new BulwarkError(
      'REGISTRY_ERROR',
      `referrers fallback tag ${display(repo, tag)} holds an image manifest, not an index; it was overwritten by something else`,
    );
  }
  return { source: 'tag-schema', tag, tagFound: true, referrers: filter(manifest.manifest.manifests) };
}

/** Does the registry serve the referrers API? Probed with a real request, cached per registry. */
export async function probeReferrersApi(
  t: RegistryTransport,
  repo: RepoRef,
  digest: string,
): Promise<boolean> {
  requireDigest(digest);
  const res = await t.call({
    registry: repo.registry,
    method: 'GET',
    path: repoPath(repo, 'referrers', digest),
    headers: { accept: OCI_INDEX },
    scopes: [repositoryScope(repo.repository, ['pull'])],
    expect: [200, 404],
    what: `probe referrers API of ${repo.registry}`,
  });
  if (res.status === 200) {
    parseReferrersIndex(
      await readLimited(res, t.limits.maxManifestBytes, 'referrers probe'),
      `probe referrers API of ${repo.registry}`,
    );
    return true;
  }
  await discard(res);
  return false;
}

export interface PushReferrerResult {
  digest: string;
  /** How the referrer is discoverable: the registry indexed it, or we added it to the fallback tag index. */
  via: ReferrersSource;
  tag?: string;
}

/** Descriptor of a referrer manifest for a referrers index (artifactType and annotations copied per spec). */
export function referrerDescriptor(bytes: Buffer, digest: string, mediaType: string): Descriptor {
  const m = JSON.parse(bytes.toString('utf8')) as {
    artifactType?: string;
    config?: { mediaType?: string };
    annotations?: Record<string, string>;
  };
  // spec: artifactType is the manifest's artifactType, else its config mediaType.
  const artifactType = m.artifactType ?? m.config?.mediaType;
  return {
    mediaType,
    digest,
    size: bytes.length,
    ...(artifactType ? { artifactType } : {}),
    ...(m.annotations ? { annotations: m.annotations } : {}),
  };
}

/**
 * Push a manifest whose `subject` is `subjectDigest`, by digest, and make it discoverable: if the registry
 * serves the referrers API nothing else is needed; otherwise the fallback tag index is updated with
 * convergence (see converge.ts).
 */
export async function pushReferrer(
  t: RegistryTransport,
  repo: RepoRef,
  bytes: Buffer,
  mediaType: string,
  subjectDigest: string,
  supportCache?: Map<string, boolean>,
): Promise<PushReferrerResult> {
  const put = await putManifest(t, repo, digestOf(bytes), bytes, mediaType);
  const cacheKey = repo.registry;
  let api = supportCache?.get(cacheKey);
  if (api === undefined) {
    api = await probeReferrersApi(t, repo, subjectDigest);
    supportCache?.set(cacheKey, api);
  }
  if (api) return { digest: put.digest, via: 'referrers-api' };
  const descriptor = referrerDescriptor(bytes, put.digest, mediaType);
  const tag = await addToReferrersTag(t, repo, subjectDigest, descriptor);
  return { digest: put.digest, via: 'tag-schema', tag };
}

/** Add `descriptor` to the fallback index `<alg>-<hex>` of `subjectDigest`, converging under concurrency. */
export async function addToReferrersTag(
  t: RegistryTransport,
  repo: RepoRef,
  subjectDigest: string,
  descriptor: Descriptor,
): Promise<string> {
  const tag = digestTag(subjectDigest);
  await convergeTag(t, repo, tag, {
    contains: (m) => m.kind === 'index' && m.manifest.manifests.some((d) => d.digest === descriptor.digest),
    merge: (current) => {
      if (current && current.kind !== 'index') {
        throw new BulwarkError(
          'REGISTRY_ERROR',
          `referrers fallback tag ${display(repo, tag)} holds an image manifest, not an index; refusing to overwrite it`,
        );
      }
      const existing = current?.kind === 'index' ? current.manifest.manifests : [];
      const index: ImageIndex = {
        schemaVersion: 2,
        mediaType: OCI_INDEX,
        manifests: [...existing.filter((d) => d.digest !== descriptor.digest), descriptor],
      };
      return { bytes: Buffer.from(JSON.stringify(index)), mediaType: OCI_INDEX };
    },
  });
  return tag;
}
