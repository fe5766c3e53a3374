// Blob reads: existence, streaming with digest and size verification, and bounded reads into memory.
// ref: OCI distribution-spec spec.md "Pulling blobs" (GET/HEAD /v2/<name>/blobs/<digest>, may redirect).
import type { Readable } from 'node:stream';
import { BulwarkError } from '../../core/errors.js';
import { requireDigest, VerifyingStream } from './digest.js';
import { abandon, discard, header, networkError } from './http.js';
import { display, repoPath } from './names.js';
import { repositoryScope } from './auth/scope.js';
import type { RegistryTransport } from './transport.js';
import type { RepoRef } from './types.js';

/** Size of the blob when it exists, null when it does not. */
export async function blobSize(t: RegistryTransport, repo: RepoRef, digest: string): Promise<number | null> {
  requireDigest(digest);
  const res = await t.call({
    registry: repo.registry,
    method: 'HEAD',
    path: repoPath(repo, 'blobs', digest),
    scopes: [repositoryScope(repo.repository, ['pull'])],
    expect: [200, 404],
    what: `check blob ${display(repo)}@${digest}`,
    maxRedirects: 5,
  });
  await discard(res);
  if (res.status === 404) return null;
  const size = Number(header(res.headers, 'content-length'));
  return Number.isSafeInteger(size) ? size : 0;
}

export interface OpenBlobOptions {
  /** Expected size from the descriptor: more or fewer bytes fail the stream with DIGEST_MISMATCH. */
  size?: number;
  /** Fail with LIMIT_EXCEEDED past this many bytes. */
  maxBytes?: number;
}

/**
 * Stream a blob. The returned stream errors with DIGEST_MISMATCH at its end when the bytes do not match
 * the digest, so consumers must treat what they read as provisional until the stream ends cleanly.
 */
export async function openBlob(
  t: RegistryTransport,
  repo: RepoRef,
  digest: string,
  opts: OpenBlobOptions = {},
): Promise<Readable> {
  requireDigest(digest);
  const what = `blob ${display(repo)}@${digest}`;
  if (opts.size !== undefined && opts.maxBytes !== undefined && opts.size > opts.maxBytes) {
    throw new BulwarkError(
      'LIMIT_EXCEEDED',
      `${what}: ${opts.size} bytes exceeds the limit of ${opts.maxBytes} bytes`,
    );
  }
  const res = await t.call({
    registry: repo.registry,
    method: 'GET',
    path: repoPath(repo, 'blobs', digest),
    scopes: [repositoryScope(repo.repository, ['pull'])],
    expect: [200],
    what: `fetch ${what}`,
    notFound: 'NOT_FOUND',
    maxRedirects: 5,
  });
  const declared = Number(header(res.headers, 'content-length'));
  if (opts.maxBytes !== undefined && Number.isFinite(declared) && declared > opts.maxBytes) {
    abandon(res);
    throw new BulwarkError(
      'LIMIT_EXCEEDED',
      `${what}: ${declared} bytes exceeds the limit of ${opts.maxBytes} bytes`,
    );
  }
  const verify = new VerifyingStream(digest, what, opts.size, opts.maxBytes);
  res.body.on('error', (err) => verify.destroy(networkError(res.url, err)));
  verify.on('close', () => {
    if (!res.body.destroyed) abandon(res);
  });
  return res.body.pipe(verify);
}

/** Read a whole blob into memory, verified. For manifests' small blobs (configs, signatures, attestations). */
export async function getBlob(
  t: RegistryTransport,
  repo: RepoRef,
  digest: string,
  opts: OpenBlobOptions = {},
): Promise<Buffer> {
  const maxBytes = Math.min(opts.maxBytes ?? t.limits.maxBlobBytes, t.limits.maxBlobBytes);
  const stream = await openBlob(t, repo, digest, { ...opts, maxBytes });
  const chunks: Buffer[] = [];
  for await (const chunk of stream as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}
