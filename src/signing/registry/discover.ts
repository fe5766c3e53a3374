// Finding signatures and attestations of an image, path by path, and reporting what each path found.
// Paths: cosign's `sha256-<hex>.sig|.att` tag, and OCI referrers through the API or the `sha256-<hex>`
// tag index (the client picks the fallback only on a 404 from the API). A path that fails is reported
// with its error and never reads as "nothing there" (cosign v3 silently fell back; giantswarm/retagger#1239).
import { isBulwarkError, type ErrorCode } from '../../core/errors.js';
import type { RegistryClient } from '../../image/registry/client.js';
import type { Descriptor, FetchedManifest, RepoRef } from '../../image/registry/types.js';
import { cosignTag, type CosignKind } from './layout.js';

export type DiscoveryPath = 'cosign-tag' | 'referrers-api' | 'tag-schema';

export interface PathReport {
  path: DiscoveryPath;
  /** The tag consulted (cosign tag or referrers fallback tag). */
  tag?: string;
  /** Candidates found on this path. */
  found: number;
  /** The tag or index did not exist (a normal "nothing here", distinct from an error). */
  absent?: boolean;
  error?: { code: ErrorCode; message: string };
}

export interface CosignCandidate {
  path: 'cosign-tag';
  tag: string;
  /** Digest of the `.sig`/`.att` manifest. */
  manifestDigest: string;
  layer: Descriptor;
}

export interface ReferrerCandidate {
  path: 'referrers-api' | 'tag-schema';
  tag?: string;
  /** Descriptor of the referrer manifest, as listed (untrusted until the manifest is fetched by digest). */
  descriptor: Descriptor;
}

function failure(err: unknown): { code: ErrorCode; message: string } {
  if (isBulwarkError(err)) return { code: err.code, message: err.message };
  throw err;
}

/** Layers of the cosign `.sig`/`.att` manifest of `imageDigest` in `repo`. */
export async function discoverCosign(
  client: RegistryClient,
  repo: RepoRef,
  imageDigest: string,
  kind: CosignKind,
): Promise<{ report: PathReport; candidates: CosignCandidate[] }> {
  const tag = cosignTag(imageDigest, kind);
  let manifest: FetchedManifest;
  try {
    manifest = await client.getManifest(repo, tag);
  } catch (err) {
    if (isBulwarkError(err) && err.code === 'MANIFEST_NOT_FOUND') {
      return { report: { path: 'cosign-tag', tag, found: 0, absent: true }, candidates: [] };
    }
    return { report: { path: 'cosign-tag', tag, found: 0, error: failure(err) }, candidates: [] };
  }
  if (manifest.kind !== 'manifest') {
    const error = {
      code: 'REGISTRY_ERROR' as const,
      message: `${tag} holds an index, not a cosign ${kind} manifest`,
    };
    return { report: { path: 'cosign-tag', tag, found: 0, error }, candidates: [] };
  }
  const candidates = manifest.manifest.layers.map((layer) => ({
    path: 'cosign-tag' as const,
    tag,
    manifestDigest: manifest.digest,
    layer,
  }));
  return { report: { path: 'cosign-tag', tag, found: candidates.length }, candidates };
}

/** Referrers of `imageDigest` whose artifactType is one of `artifactTypes` (all when omitted). */
export async function discoverReferrers(
  client: RegistryClient,
  repo: RepoRef,
  imageDigest: string,
  artifactTypes?: readonly string[],
): Promise<{ report: PathReport; candidates: ReferrerCandidate[] }> {
  try {
    const r = await client.listReferrers(repo, imageDigest);
    const wanted = r.referrers.filter(
      (d) => !artifactTypes || (d.artifactType !== undefined && artifactTypes.includes(d.artifactType)),
    );
    const report: PathReport = {
      path: r.source,
      ...(r.tag ? { tag: r.tag } : {}),
      found: wanted.length,
      ...(r.source === 'tag-schema' && !r.tagFound ? { absent: true } : {}),
    };
    return {
      report,
      candidates: wanted.map((descriptor) => ({
        path: r.source,
        ...(r.tag ? { tag: r.tag } : {}),
        descriptor,
      })),
    };
  } catch (err) {
    return { report: { path: 'referrers-api', found: 0, error: failure(err) }, candidates: [] };
  }
}
