// Blob uploads: monolithic (POST + PUT), chunked (POST + PATCH… + PUT with Content-Range), streaming of
// unknown size, and cross-repository mount. Blobs the registry already has are skipped.
// ref: OCI distribution-spec spec.md "Pushing blobs", "Pushing a blob in chunks", "Mounting a blob from another repository".
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { BulwarkError } from '../../core/errors.js';
import { blobSize } from './blobs.js';
import { digestOf, requireDigest } from './digest.js';
import { discard, header } from './http.js';
import { display, repoPath } from './names.js';
import { repositoryScope } from './auth/scope.js';
import type { RegistryTransport } from './transport.js';
import type { RepoRef } from './types.js';

export interface PushBlobOptions {
  /** Upload in PATCH chunks of this many bytes (the registry's OCI-Chunk-Min-Length wins if larger). */
  chunkSize?: number;
  /** Try a cross-repository mount from this repository (same registry) first. */
  mountFrom?: string;
  /** Upload even when the registry already has the blob. */
  force?: boolean;
}

export interface PushBlobResult {
  digest: string;
  size: number;
  /** How the blob got there: it existed, was mounted, or was uploaded. */
  via: 'exists' | 'mounted' | 'monolithic' | 'chunked';
}

interface Session {
  location: string;
  minChunk: number;
}

function sessionFrom(res: { headers: Record<string, string | string[] | undefined> }, what: string): Session {
  const location = header(res.headers, 'location');
  if (!location) throw new BulwarkError('REGISTRY_ERROR', `${what}: registry sent no upload Location`);
  const min = Number(header(res.headers, 'oci-chunk-min-length'));
  return { location, minChunk: Number.isSafeInteger(min) && min > 0 ? min : 0 };
}

function withDigest(location: string, digest: string): string {
  // Location may be relative and already carry state in its query (`?_state=…`): keep it.
  const u = new URL(location, 'http://placeholder');
  u.searchParams.set('digest', digest);
  return /^https?:\/\//.test(location) ? u.toString() : `${u.pathname}${u.search}`;
}

async function startUpload(
  t: RegistryTransport,
  repo: RepoRef,
  what: string,
  mount?: { digest: string; from: string },
): Promise<{ mounted: true } | { mounted: false; session: Session }> {
  const scopes = [repositoryScope(repo.repository, ['pull', 'push'])];
  if (mount) scopes.push(repositoryScope(mount.from, ['pull']));
  const res = await t.call({
    registry: repo.registry,
    method: 'POST',
    path: repoPath(repo, 'blobs', 'uploads/'),
    query: mount ? { mount: mount.digest, from: mount.from } : {},
    headers: { 'content-length': '0' },
    scopes,
    expect: [201, 202],
    what,
  });
  await discard(res);
  if (res.status === 201) return { mounted: true };
  return { mounted: false, session: sessionFrom(res, what) };
}

async function finish(
  t: RegistryTransport,
  repo: RepoRef,
  session: Session,
  digest: string,
  body: Buffer | undefined,
  what: string,
): Promise<void> {
  const res = await t.call({
    registry: repo.registry,
    method: 'PUT',
    path: withDigest(session.location, digest),
    headers: {
      'content-type': 'application/octet-stream',
      'content-length': String(body?.length ?? 0),
    },
    body: body ?? Buffer.alloc(0),
    scopes: [repositoryScope(repo.repository, ['pull', 'push'])],
    expect: [201, 204],
    what,
  });
  await discard(res);
  const claimed = header(res.headers, 'docker-content-digest');
  if (claimed && claimed !== digest && claimed.split(':')[0] === digest.split(':')[0]) {
    throw new BulwarkError('DIGEST_MISMATCH', `${what}: registry stored ${claimed}, expected ${digest}`);
  }
}

async function patchChunk(
  t: RegistryTransport,
  repo: RepoRef,
  session: Session,
  chunk: Buffer,
  offset: number,
  what: string,
): Promise<Session> {
  const end = offset + chunk.length - 1;
  const res = await t.call({
    registry: repo.registry,
    method: 'PATCH',
    path: session.location,
    headers: {
      'content-type': 'application/octet-stream',
      'content-length': String(chunk.length),
      'content-range': `${offset}-${end}`,
    },
    body: chunk,
    scopes: [repositoryScope(repo.repository, ['pull', 'push'])],
    expect: [202],
    what: `${what} (bytes ${offset}-${end})`,
  });
  await discard(res);
  const range = header(res.headers, 'range');
  // The registry reports what it holds as `0-<last byte>`; anything else means a lost or duplicated chunk.
  if (range && range.replace(/^bytes=/, '') !== `0-${end}`) {
    throw new BulwarkError(
      'REGISTRY_ERROR',
      `${what}: registry holds range ${range} after sending bytes 0-${end}; retry the push`,
    );
  }
  return { ...sessionFrom(res, what), minChunk: session.minChunk };
}

/** Push a blob held in memory. Skips blobs the registry has, tries a mount when asked. */
export async function pushBlob(
  t: RegistryTransport,
  repo: RepoRef,
  data: Buffer,
  opts: PushBlobOptions = {},
): Promise<PushBlobResult> {
  const digest = digestOf(data);
  const size = data.length;
  const what = `push blob ${display(repo)}@${digest}`;
  if (!opts.force && (await blobSize(t, repo, digest)) !== null) return { digest, size, via: 'exists' };
  const start = await startUpload(
    t,
    repo,
    what,
    opts.mountFrom ? { digest, from: opts.mountFrom } : undefined,
  );
  if (start.mounted) return { digest, size, via: 'mounted' };
  let session = start.session;
  const chunkSize = opts.chunkSize ? Math.max(opts.chunkSize, session.minChunk) : 0;
  if (!chunkSize || size <= chunkSize) {
    await finish(t, repo, session, digest, data, what);
    return { digest, size, via: 'monolithic' };
  }
  for (let offset = 0; offset < size; offset += chunkSize) {
    session = await patchChunk(
      t,
      repo,
      session,
      data.subarray(offset, Math.min(offset + chunkSize, size)),
      offset,
      what,
    );
  }
  await finish(t, repo, session, digest, undefined, what);
  return { digest, size, via: 'chunked' };
}

/**
 * Push a blob from a stream of unknown size in chunks, hashing as it goes. When `expectedDigest` is given,
 * a mismatch aborts before the upload is committed (DIGEST_MISMATCH) and the registry drops the session.
 */
export async function pushBlobStream(
  t: RegistryTransport,
  repo: RepoRef,
  stream: Readable,
  opts: { chunkSize?: number; expectedDigest?: string } = {},
): Promise<PushBlobResult> {
  if (opts.expectedDigest) requireDigest(opts.expectedDigest);
  const what = `push blob stream to ${display(repo)}`;
  const start = await startUpload(t, repo, what);
  if (start.mounted) throw new BulwarkError('REGISTRY_ERROR', `${what}: unexpected mount`);
  let session = start.session;
  const chunkSize = Math.max(opts.chunkSize ?? 8 * 1024 * 1024, session.minChunk, 1);
  const hash = createHash('sha256');
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let offset = 0;
  const flush = async (all: boolean): Promise<void> => {
    while (pendingBytes >= chunkSize || (all && pendingBytes > 0)) {
      const joined = Buffer.concat(pending, pendingBytes);
      const take = all && pendingBytes < chunkSize ? pendingBytes : chunkSize;
      const chunk = joined.subarray(0, take);
      session = await patchChunk(t, repo, session, chunk, offset, what);
      offset += take;
      pending = [joined.subarray(take)];
      pendingBytes -= take;
    }
  };
  for await (const data of stream as AsyncIterable<Buffer>) {
    hash.update(data);
    pending.push(data);
    pendingBytes += data.length;
    if (pendingBytes >= chunkSize) await flush(false);
  }
  await flush(true);
  const digest = `sha256:${hash.digest('hex')}`;
  if (opts.expectedDigest && opts.expectedDigest !== digest) {
    await t
      .call({
        registry: repo.registry,
        method: 'DELETE',
        path: session.location,
        scopes: [repositoryScope(repo.repository, ['pull', 'push'])],
        expect: [204, 404],
        what,
      })
      .then(discard)
      .catch(() => undefined);
    throw new BulwarkError(
      'DIGEST_MISMATCH',
      `${what}: stream hashes to ${digest}, expected ${opts.expectedDigest}`,
    );
  }
  await finish(t, repo, session, digest, undefined, what);
  return { digest, size: offset, via: 'chunked' };
}

/** Cross-repository mount only: true when the registry mounted it, false when it declined (nothing uploaded). */
export async function mountBlob(
  t: RegistryTransport,
  repo: RepoRef,
  digest: string,
  from: string,
): Promise<boolean> {
  requireDigest(digest);
  const what = `mount blob ${digest} from ${from} into ${display(repo)}`;
  const start = await startUpload(t, repo, what, { digest, from });
  if (start.mounted) return true;
  // The registry opened an upload session instead; cancel it so it does not linger.
  await t
    .call({
      registry: repo.registry,
      method: 'DELETE',
      path: start.session.location,
      scopes: [repositoryScope(repo.repository, ['pull', 'push'])],
      expect: [204, 404],
      what,
    })
    .then(discard)
    .catch(() => undefined);
  return false;
}
