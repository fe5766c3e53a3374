// Verifying a sigstore bundle stored as an OCI referrer (cosign v3). Steps: fetch the referrer manifest by
// the digest the index lists (DIGEST_MISMATCH if the registry returns other bytes) → its `subject` must be
// this image (a referrer of another image listed here is a replay: DIGEST_MISMATCH) → fetch the bundle blob
// by digest → verify the bundle offline (@sigstore/verify via signing/bundle) with keys or keyless
// identities → the in-toto subject must be this image.
import { BulwarkError } from '../../core/errors.js';
import type { RegistryClient } from '../../image/registry/client.js';
import type { RepoRef } from '../../image/registry/types.js';
import type { TrustRoot } from '../bundle/trusted-root.js';
import { verifyBundle } from '../bundle/verify.js';
import { BUNDLE_MEDIA_TYPES } from '../oci-constants.js';
import { MAX_BUNDLE_BYTES } from '../bundle/parse.js';
import type { ReferrerCandidate } from '../registry/discover.js';
import type { TrustOptions, VerifiedSignature } from './types.js';

export const BUNDLE_TYPES: readonly string[] = Object.values(BUNDLE_MEDIA_TYPES);

export interface ImageSubject {
  digest: string;
  /** Exact manifest bytes: the artifact of message-signature bundles. */
  manifestBytes: Buffer;
}

export async function verifyBundleReferrer(
  client: RegistryClient,
  repo: RepoRef,
  c: ReferrerCandidate,
  image: ImageSubject,
  trust: TrustOptions,
  trustedRoot: TrustRoot | undefined,
): Promise<VerifiedSignature> {
  const what = `bundle referrer ${c.descriptor.digest}`;
  const m = await client.getManifest(repo, c.descriptor.digest);
  if (m.kind !== 'manifest')
    throw new BulwarkError('UNSUPPORTED_MEDIA_TYPE', `${what} is an index, not a bundle manifest`);
  if (m.manifest.subject?.digest !== image.digest) {
    throw new BulwarkError(
      'DIGEST_MISMATCH',
      `${what} refers to ${m.manifest.subject?.digest ?? 'no subject'}, not ${image.digest}: a referrer of another image`,
    );
  }
  const layer = m.manifest.layers.find((l) => BUNDLE_TYPES.includes(l.mediaType));
  if (!layer) throw new BulwarkError('UNSUPPORTED_MEDIA_TYPE', `${what} has no sigstore bundle layer`);
  const bytes = await client.getBlob(repo, layer.digest, { size: layer.size, maxBytes: MAX_BUNDLE_BYTES });
  const v = verifyBundle(
    bytes,
    {
      keys: trust.keys,
      ...(trust.identities?.length ? { identities: trust.identities } : {}),
      ...(trustedRoot ? { trustedRoot } : {}),
      artifact: image.manifestBytes,
      subjectDigest: image.digest,
    },
    what,
  );
  const signer =
    v.signer.kind === 'keyless'
      ? { kind: 'keyless' as const, subject: v.signer.subject, issuer: v.signer.issuer }
      : { kind: 'key' as const, keyId: v.signer.keyId };
  return {
    kind: 'sigstore-bundle',
    path: c.path,
    ...(c.tag ? { tag: c.tag } : {}),
    manifestDigest: m.digest,
    layerDigest: layer.digest,
    signer,
    ...(v.statement ? { predicateType: v.statement.predicateType, statement: v.statement } : {}),
  };
}
