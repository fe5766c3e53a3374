// Verifying a Notation signature stored as an OCI referrer (artifactType application/vnd.cncf.notary.signature,
// or the legacy form with that config mediaType). Steps: fetch the signature manifest by digest → its
// subject must be this image (else DIGEST_MISMATCH: a referrer of another image) → fetch the JWS blob by
// digest → verify with each configured Notation trust policy + trust store (signing/notation).
import { BulwarkError, isBulwarkError } from '../../core/errors.js';
import type { RegistryClient } from '../../image/registry/client.js';
import type { Descriptor, RepoRef } from '../../image/registry/types.js';
import { MAX_JWS_BYTES } from '../notation/jws.js';
import { verifyNotationSignature } from '../notation/verify.js';
import { NOTATION } from '../oci-constants.js';
import type { ReferrerCandidate } from '../registry/discover.js';
import type { NotationSigner, VerifiedSignature } from './types.js';

export async function verifyNotationReferrer(
  client: RegistryClient,
  repo: RepoRef,
  c: ReferrerCandidate,
  image: Descriptor,
  signers: readonly NotationSigner[],
): Promise<VerifiedSignature> {
  const what = `Notation signature ${c.descriptor.digest}`;
  if (signers.length === 0)
    throw new BulwarkError('UNTRUSTED_IDENTITY', `${what}: no Notation trust policy and trust store given`);
  const m = await client.getManifest(repo, c.descriptor.digest);
  if (m.kind !== 'manifest') throw new BulwarkError('UNSUPPORTED_MEDIA_TYPE', `${what} is an index`);
  if (m.manifest.subject?.digest !== image.digest) {
    throw new BulwarkError(
      'DIGEST_MISMATCH',
      `${what} refers to ${m.manifest.subject?.digest ?? 'no subject'}, not ${image.digest}`,
    );
  }
  const layer = m.manifest.layers[0];
  if (!layer || m.manifest.layers.length !== 1)
    throw new BulwarkError('BAD_SIGNATURE', `${what} must have exactly one signature layer`);
  const envelope = await client.getBlob(repo, layer.digest, { size: layer.size, maxBytes: MAX_JWS_BYTES });
  let last: unknown;
  for (const s of signers) {
    try {
      const v = verifyNotationSignature(
        {
          envelope,
          mediaType: layer.mediaType,
          subject: { digest: image.digest, mediaType: image.mediaType, size: image.size },
          repository: `${repo.registry}/${repo.repository}`,
        },
        { trustPolicy: s.trustPolicy, trustStore: s.trustStore },
      );
      if (!v.verified) {
        last = new BulwarkError(
          'UNTRUSTED_IDENTITY',
          `${what}: policy ${v.policy} (level ${v.level}) does not establish authenticity${v.warnings.length ? `: ${v.warnings.join('; ')}` : ''}`,
        );
        continue;
      }
      return {
        kind: 'notation',
        path: c.path,
        ...(c.tag ? { tag: c.tag } : {}),
        manifestDigest: m.digest,
        layerDigest: layer.digest,
        signer: { kind: 'x509', subject: v.signer?.subject ?? '', ...(s.name ? { name: s.name } : {}) },
      };
    } catch (err) {
      if (!isBulwarkError(err)) throw err;
      // Integrity failures do not depend on the trust policy: report them at once.
      if (
        err.code === 'DIGEST_MISMATCH' ||
        err.code === 'BAD_SIGNATURE' ||
        err.code === 'UNSUPPORTED_MEDIA_TYPE'
      )
        throw err;
      last = err;
    }
  }
  throw last instanceof Error ? last : new BulwarkError('UNTRUSTED_IDENTITY', `${what} is not trusted`);
}

export const NOTATION_ARTIFACT_TYPE = NOTATION.artifactType;
