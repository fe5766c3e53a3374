// Adding an entry to a manifest that many writers share under one tag (the referrers fallback index
// `sha256-<hex>`, cosign's `sha256-<hex>.sig` / `.att`). The update is a read-modify-write, so two writers
// can overwrite each other (cosign#2432). Strategy:
//  1. Read the tag (and its ETag). If our entry is there, we are done.
//  2. Merge our entry into what we read and PUT it with `If-Match: <etag>`. A 412 means another writer won
//     (registries that honour If-Match): re-read and merge again.
//  3. Registries that ignore If-Match (Debian docker-registry 2.8) give last-writer-wins. A writer B whose
//     read predates our write can still overwrite us, but only within B's own read→write window. So after
//     writing we wait a settle time longer than the read→write windows we observe (×3, at least
//     `minSettleMs`, plus jitter), re-read, and re-merge if our entry vanished. We return only after our
//     entry was present in `confirmations` consecutive reads spaced by that settle time.
// Every writer does the same, so each one re-adds what a stale write removed; the union converges.
//  4. Writers that merge the same entries push identical blobs (the config listing the layers). Debian's
//     docker-registry rewrites a blob's link file in place when a second upload of it commits, so a
//     manifest PUT racing that rewrite is refused with MANIFEST_BLOB_UNKNOWN although the blob exists.
//     That answer is a conflict too: back off, merge again (which pushes the blobs again) and retry.
// The tag's earlier manifests stay in the registry untagged; nothing is deleted.
import { setTimeout as sleep } from 'node:timers/promises';
import { BulwarkError } from '../../core/errors.js';
import { RegistryCallError } from './errors.js';
import { getManifest, putManifest } from './manifests.js';
import { display } from './names.js';
import type { RegistryTransport } from './transport.js';
import type { FetchedManifest, RepoRef } from './types.js';

export interface ConvergeOptions {
  /** Is our entry present in this manifest? */
  contains(current: FetchedManifest): boolean;
  /**
   * The manifest to write: `current` (null when the tag does not exist yet) plus our entry. May push
   * blobs the new manifest needs (e.g. a config that depends on the layers) before returning.
   */
  merge(
    current: FetchedManifest | null,
  ): { bytes: Buffer; mediaType: string } | Promise<{ bytes: Buffer; mediaType: string }>;
  maxAttempts?: number;
  minSettleMs?: number;
  confirmations?: number;
}

export interface ConvergeResult {
  /** Digest of the tagged manifest that holds our entry (as last read). */
  digest: string;
  writes: number;
  conflicts: number;
  /** True when the entry was already present and nothing was written. */
  alreadyPresent: boolean;
}

async function readTag(
  t: RegistryTransport,
  repo: RepoRef,
  tag: string,
): Promise<{ manifest: FetchedManifest | null; etag?: string }> {
  try {
    const r = await getManifest(t, repo, tag);
    return r.etag ? { manifest: r.manifest, etag: r.etag } : { manifest: r.manifest };
  } catch (err) {
    if (err instanceof BulwarkError && err.code === 'MANIFEST_NOT_FOUND') return { manifest: null };
    throw err;
  }
}

export async function convergeTag(
  t: RegistryTransport,
  repo: RepoRef,
  tag: string,
  opts: ConvergeOptions,
): Promise<ConvergeResult> {
  const maxAttempts = opts.maxAttempts ?? 30;
  const minSettle = opts.minSettleMs ?? 150;
  const needed = opts.confirmations ?? 2;
  let writes = 0;
  let conflicts = 0;
  let confirmed = 0;
  let window = 0; // longest read→write time observed, ms
  for (let attempt = 0; attempt < maxAttempts; attempt++) {
    const started = Date.now();
    const { manifest, etag } = await readTag(t, repo, tag);
    if (manifest && opts.contains(manifest)) {
      if (writes === 0) return { digest: manifest.digest, writes, conflicts, alreadyPresent: true };
      confirmed++;
      if (confirmed >= needed) return { digest: manifest.digest, writes, conflicts, alreadyPresent: false };
      await sleep(settle(minSettle, window));
      continue;
    }
    confirmed = 0;
    const next = await opts.merge(manifest);
    const put = await putManifest(
      t,
      repo,
      tag,
      next.bytes,
      next.mediaType,
      etag ? { ifMatch: etag } : {},
    ).catch((err: unknown) => {
      if (err instanceof RegistryCallError && err.registryCodes.includes('MANIFEST_BLOB_UNKNOWN'))
        return { status: 412 };
      throw err;
    });
    window = Math.max(window, Date.now() - started);
    if (put.status === 412) {
      conflicts++;
      await sleep(Math.random() * Math.min(1000, 20 * 2 ** Math.min(attempt, 6)));
      continue;
    }
    writes++;
    await sleep(settle(minSettle, window));
  }
  throw new BulwarkError(
    'REGISTRY_ERROR',
    `update ${display(repo, tag)}: entry still missing after ${maxAttempts} attempts (${writes} writes, ${conflicts} conflicts) with concurrent writers; try again`,
  );
}

function settle(minMs: number, windowMs: number): number {
  const base = Math.max(minMs, 3 * windowMs);
  return base + Math.random() * base * 0.5;
}
