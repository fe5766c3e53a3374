// Manifest endpoints: GET/HEAD (resolve), PUT, DELETE. Digests are computed over the exact bytes and
// checked against what was asked for and what the registry claims (Docker-Content-Digest).
// ref: OCI distribution-spec spec.md "Pulling manifests", "Pushing Manifests", "Deleting Manifests".
import { BulwarkError } from '../../core/errors.js';
import { digestOf, isDigest, parseDigest, verifyBytes } from './digest.js';
import { discard, header, readLimited } from './http.js';
import { parseManifest } from './manifest-parse.js';
import { MANIFEST_ACCEPT } from './media-types.js';
import { checkReference, display, repoPath } from './names.js';
import { repositoryScope } from './auth/scope.js';
import type { RegistryTransport } from './transport.js';
import type { Descriptor, FetchedManifest, RepoRef } from './types.js';

export interface ManifestGetOptions {
  /** Accept header; default every manifest and index type Bulwark parses. */
  accept?: string;
}

export interface ManifestWithEtag {
  manifest: FetchedManifest;
  /** The ETag the registry sent, for conditional updates with If-Match. */
  etag?: string;
}

/** Check the registry's Docker-Content-Digest against the digest computed over the body. */
function checkClaimedDigest(claimed: string | undefined, bytes: Buffer, what: string): void {
  const parsed = parseDigest(claimed);
  if (!parsed) return;
  verifyBytes(bytes, claimed!, what);
}

export async function getManifest(
  t: RegistryTransport,
  repo: RepoRef,
  reference: string,
  opts: ManifestGetOptions = {},
): Promise<ManifestWithEtag> {
  checkReference(reference);
  const what = `fetch manifest ${display(repo, reference)}`;
  const res = await t.call({
    registry: repo.registry,
    method: 'GET',
    path: repoPath(repo, 'manifests', reference),
    headers: { accept: opts.accept ?? MANIFEST_ACCEPT },
    scopes: [repositoryScope(repo.repository, ['pull'])],
    expect: [200],
    what,
    notFound: 'MANIFEST_NOT_FOUND',
  });
  const bytes = await readLimited(res, t.limits.maxManifestBytes, what);
  let digest: string;
  if (isDigest(reference)) {
    verifyBytes(bytes, reference, what);
    digest = reference;
  } else {
    digest = digestOf(bytes);
    checkClaimedDigest(header(res.headers, 'docker-content-digest'), bytes, what);
  }
  const manifest = parseManifest(bytes, digest, header(res.headers, 'content-type'), what);
  const etag = header(res.headers, 'etag');
  return { manifest, ...(etag ? { etag } : {}) };
}

/** HEAD a manifest: its descriptor, or null when it does not exist. Falls back to GET when HEAD omits the digest. */
export async function headManifest(
  t: RegistryTransport,
  repo: RepoRef,
  reference: string,
): Promise<Descriptor | null> {
  checkReference(reference);
  const what = `resolve ${display(repo, reference)}`;
  const res = await t.call({
    registry: repo.registry,
    method: 'HEAD',
    path: repoPath(repo, 'manifests', reference),
    headers: { accept: MANIFEST_ACCEPT },
    scopes: [repositoryScope(repo.repository, ['pull'])],
    expect: [200, 404],
    what,
  });
  await discard(res);
  if (res.status === 404) return null;
  const claimed = header(res.headers, 'docker-content-digest');
  const mediaType = header(res.headers, 'content-type')?.split(';')[0]?.trim();
  const size = Number(header(res.headers, 'content-length'));
  if (!isDigest(claimed) || !mediaType || !Number.isSafeInteger(size)) {
    // Some registries omit Docker-Content-Digest on HEAD; GET computes it from the bytes.
    const { manifest } = await getManifest(t, repo, reference);
    return { mediaType: manifest.mediaType, digest: manifest.digest, size: manifest.bytes.length };
  }
  if (isDigest(reference) && claimed !== reference) {
    throw new BulwarkError('DIGEST_MISMATCH', `${what}: registry claims ${claimed} for ${reference}`);
  }
  return { mediaType, digest: claimed, size };
}

export interface PutManifestResult {
  digest: string;
  /** The OCI-Subject header, when the registry says it indexed the subject (not trusted for referrers). */
  ociSubject?: string;
}

export async function putManifest(
  t: RegistryTransport,
  repo: RepoRef,
  reference: string,
  bytes: Buffer,
  mediaType: string,
  opts: { ifMatch?: string } = {},
): Promise<PutManifestResult & { status: number }> {
  checkReference(reference);
  if (bytes.length > t.limits.maxManifestBytes) {
    throw new BulwarkError(
      'LIMIT_EXCEEDED',
      `manifest of ${bytes.length} bytes exceeds ${t.limits.maxManifestBytes} bytes`,
    );
  }
  const digest = isDigest(reference) ? reference : digestOf(bytes);
  if (isDigest(reference)) verifyBytes(bytes, reference, `push manifest ${display(repo, reference)}`);
  const what = `push manifest ${display(repo, reference)}`;
  const res = await t.call({
    registry: repo.registry,
    method: 'PUT',
    path: repoPath(repo, 'manifests', reference),
    headers: {
      'content-type': mediaType,
      ...(opts.ifMatch ? { 'if-match': opts.ifMatch } : {}),
    },
    body: bytes,
    scopes: [repositoryScope(repo.repository, ['pull', 'push'])],
    expect: [200, 201, 202, 204, 412],
    what,
    notFound: 'REGISTRY_ERROR',
  });
  await discard(res);
  if (res.status === 412) return { digest, status: 412 };
  const claimed = header(res.headers, 'docker-content-digest');
  if (
    isDigest(claimed) &&
    parseDigest(claimed)!.algorithm === parseDigest(digest)!.algorithm &&
    claimed !== digest
  ) {
    throw new BulwarkError('DIGEST_MISMATCH', `${what}: registry stored ${claimed}, expected ${digest}`);
  }
  const ociSubject = header(res.headers, 'oci-subject');
  return { digest, status: res.status, ...(ociSubject ? { ociSubject } : {}) };
}

export async function deleteManifest(t: RegistryTransport, repo: RepoRef, digest: string): Promise<void> {
  if (!isDigest(digest)) throw new BulwarkError('USAGE', `delete needs a digest, got "${digest}"`);
  const res = await t.call({
    registry: repo.registry,
    method: 'DELETE',
    path: repoPath(repo, 'manifests', digest),
    scopes: [repositoryScope(repo.repository, ['delete'])],
    expect: [200, 202],
    what: `delete manifest ${display(repo, digest)}`,
    notFound: 'MANIFEST_NOT_FOUND',
  });
  await discard(res);
}
