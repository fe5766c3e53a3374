// Verifying one candidate found under cosign's `.sig` / `.att` tags. Steps, each failing closed with its
// own code: fetch the blob by digest (DIGEST_MISMATCH when the registry returns other bytes) → decode the
// signature (TRUNCATED when cut short) → verify it with the trusted keys (BAD_SIGNATURE, or
// UNTRUSTED_IDENTITY when the signer's key id is known and not trusted) → check that the signed claim
// names this image (DIGEST_MISMATCH for a signature of another image replayed here).
import { BulwarkError } from '../../core/errors.js';
import type { RegistryClient } from '../../image/registry/client.js';
import type { RepoRef } from '../../image/registry/types.js';
import { parseEnvelope } from '../dsse/envelope.js';
import { DSSE_MEDIA_TYPE } from '../dsse/envelope.js';
import { decodeBase64, decodeBase64Any } from '../encoding.js';
import { verifyAttestation } from '../intoto/attestation.js';
import { KEY_ID_ANNOTATION } from '../key-match.js';
import { ANNOTATIONS } from '../oci-constants.js';
import { MAX_PAYLOAD_BYTES, SIMPLE_SIGNING_MEDIA_TYPE } from '../simple-signing/payload.js';
import { verifySimpleSignature } from '../simple-signing/verify.js';
import { verifyLegacyKeyless } from '../bundle/legacy.js';
import type { TrustRoot } from '../bundle/trusted-root.js';
import type { CosignCandidate } from '../registry/discover.js';
import { isTruncatedDer } from './der.js';
import type { TrustOptions, VerifiedSignature } from './types.js';

export const MAX_ATTESTATION_BYTES = 64 * 1024 * 1024;

function truncated(what: string, sig: Buffer): BulwarkError {
  return new BulwarkError(
    'TRUNCATED',
    `${what} is truncated: ${sig.length} bytes, shorter than its DER header declares`,
  );
}

function keylessUnsupported(what: string): BulwarkError {
  return new BulwarkError(
    'UNTRUSTED_IDENTITY',
    `${what} is keyless (carries a certificate); verify it with --certificate-identity, --certificate-oidc-issuer and --trusted-root`,
  );
}

export async function verifyCosignSignature(
  client: RegistryClient,
  repo: RepoRef,
  c: CosignCandidate,
  imageDigest: string,
  trust: TrustOptions,
  trustedRoot?: TrustRoot,
): Promise<VerifiedSignature> {
  const what = `signature layer ${c.layer.digest}`;
  if (c.layer.mediaType !== SIMPLE_SIGNING_MEDIA_TYPE) {
    throw new BulwarkError(
      'UNSUPPORTED_MEDIA_TYPE',
      `${what} has media type ${c.layer.mediaType}, not simple signing`,
    );
  }
  // fetch + digest: the client verifies the bytes against the layer digest and size.
  const payload = await client.getBlob(repo, c.layer.digest, {
    size: c.layer.size,
    maxBytes: MAX_PAYLOAD_BYTES,
  });
  const annotations = c.layer.annotations ?? {};
  const signature = annotations[ANNOTATIONS.signature] ?? '';
  const sig = decodeBase64(signature, `${what} signature annotation`);
  if (isTruncatedDer(sig)) throw truncated(`${what} signature`, sig);
  const base = {
    kind: 'cosign-signature' as const,
    path: 'cosign-tag' as const,
    tag: c.tag,
    manifestDigest: c.manifestDigest,
    layerDigest: c.layer.digest,
  };
  const certificate = annotations[ANNOTATIONS.certificate];
  if (certificate && trust.identities?.length) {
    if (!trustedRoot)
      throw new BulwarkError(
        'USAGE',
        'keyless verification needs --trusted-root FILE (offline sigstore trusted root)',
      );
    // Certificate chain to the trusted Fulcio CA, SCT, Rekor SET, signature, identity, then payload digest.
    const chain = annotations[ANNOTATIONS.chain];
    const rekorBundle = annotations[ANNOTATIONS.bundle];
    const v = verifyLegacyKeyless(
      {
        payload,
        signature,
        certificate,
        ...(chain ? { chain } : {}),
        ...(rekorBundle ? { rekorBundle } : {}),
      },
      imageDigest,
      { trustedRoot, identities: trust.identities },
    );
    const signer =
      v.signer.kind === 'keyless'
        ? { kind: 'keyless' as const, subject: v.signer.subject, issuer: v.signer.issuer }
        : { kind: 'key' as const, keyId: v.signer.keyId };
    return { ...base, signer, dockerReference: v.payload.dockerReference, optional: v.payload.optional };
  }
  if (certificate && trust.keys.length === 0) throw keylessUnsupported(what);
  const keyHint = annotations[KEY_ID_ANNOTATION];
  const v = verifySimpleSignature(
    { payload, signature, expectedDigest: imageDigest, ...(keyHint ? { keyHint } : {}) },
    trust.keys,
  );
  return {
    ...base,
    signer: { kind: 'key', keyId: v.key.keyId },
    dockerReference: v.payload.dockerReference,
    optional: v.payload.optional,
  };
}

export async function verifyCosignAttestation(
  client: RegistryClient,
  repo: RepoRef,
  c: CosignCandidate,
  imageDigest: string,
  trust: TrustOptions,
): Promise<VerifiedSignature> {
  const what = `attestation layer ${c.layer.digest}`;
  if (c.layer.mediaType !== DSSE_MEDIA_TYPE) {
    throw new BulwarkError(
      'UNSUPPORTED_MEDIA_TYPE',
      `${what} has media type ${c.layer.mediaType}, not a DSSE envelope`,
    );
  }
  const bytes = await client.getBlob(repo, c.layer.digest, {
    size: c.layer.size,
    maxBytes: MAX_ATTESTATION_BYTES,
  });
  if ((c.layer.annotations ?? {})[ANNOTATIONS.certificate] && trust.keys.length === 0)
    throw keylessUnsupported(what);
  const envelope = parseEnvelope(bytes);
  const sigs = envelope.signatures.map((s) => {
    try {
      return decodeBase64Any(s.sig, `${what} signature`);
    } catch {
      return Buffer.alloc(0);
    }
  });
  const v = (() => {
    try {
      return verifyAttestation(envelope, trust.keys, imageDigest);
    } catch (err) {
      // Every signature cut short: say so rather than "does not verify".
      if (
        err instanceof BulwarkError &&
        err.code === 'BAD_SIGNATURE' &&
        sigs.length > 0 &&
        sigs.every(isTruncatedDer)
      ) {
        throw truncated(`${what} signature`, sigs[0]!);
      }
      throw err;
    }
  })();
  return {
    kind: 'cosign-attestation',
    path: 'cosign-tag',
    tag: c.tag,
    manifestDigest: c.manifestDigest,
    layerDigest: c.layer.digest,
    signer: { kind: 'key', keyId: v.keys[0]!.keyId },
    predicateType: v.statement.predicateType,
    statement: v.statement,
  };
}
