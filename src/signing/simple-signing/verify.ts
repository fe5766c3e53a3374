// Verify one cosign simple-signing signature (a legacy `.sig` layer) with trusted keys.
// Order (architecture.md convention 7): signature over the exact payload bytes first, then parse the
// now-authenticated payload, then compare its digest with the image being verified. The caller has
// already checked that the payload bytes match the layer digest it fetched them by.
import { BulwarkError } from '../../core/errors.js';
import { assertDigest } from '../digest.js';
import { decodeBase64 } from '../encoding.js';
import { noTrustedKeyError } from '../key-match.js';
import type { PublicKey } from '../keys/public.js';
import { findVerifyingKey } from '../signature.js';
import { parsePayload, type SimpleSigningPayload } from './payload.js';

export interface SimpleSignatureInput {
  /** The layer blob: exact payload bytes. */
  payload: Buffer;
  /** `dev.cosignproject.cosign/signature` annotation: base64 ASN.1 DER signature. */
  signature: string;
  /** Manifest digest of the image being verified. */
  expectedDigest: string;
  /** Optional signer key id (`dev.bulwark/key-id` annotation) to tell a wrong key from tampering. */
  keyHint?: string;
}

export interface VerifiedSimpleSignature {
  payload: SimpleSigningPayload;
  key: PublicKey;
}

/** Throws DIGEST_MISMATCH unless the (verified) payload names `expectedDigest`. */
export function checkPayloadDigest(payload: SimpleSigningPayload, expectedDigest: string): void {
  if (payload.manifestDigest !== expectedDigest) {
    throw new BulwarkError(
      'DIGEST_MISMATCH',
      `signature is for ${payload.manifestDigest} (${payload.dockerReference}), not ${expectedDigest}: a signature of another image`,
    );
  }
}

/**
 * Verify with any of `keys`. Errors: BAD_SIGNATURE (undecodable or non-verifying signature, malformed
 * payload), UNTRUSTED_IDENTITY (hint names an untrusted key, or no keys), DIGEST_MISMATCH.
 */
export function verifySimpleSignature(
  input: SimpleSignatureInput,
  keys: readonly PublicKey[],
): VerifiedSimpleSignature {
  const expected = assertDigest(input.expectedDigest, 'expected image digest');
  const sig = decodeBase64(input.signature, 'signature annotation');
  const key = findVerifyingKey(keys, input.payload, sig);
  if (!key) throw noTrustedKeyError('simple-signing signature', keys, input.keyHint);
  const payload = parsePayload(input.payload);
  checkPayloadDigest(payload, expected);
  return { payload, key };
}
