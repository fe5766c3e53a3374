// Which error to raise when no trusted key verifies a signature. A key-based signature does not say
// who made it, so "wrong key" and "changed payload" look the same — unless the signature carries a
// key hint: the DSSE `keyid`, a bundle's `publicKey.hint`, or the `dev.bulwark/key-id` annotation
// Bulwark writes on legacy `.sig` layers. With a hint that names none of the trusted keys the signer
// is simply not trusted (UNTRUSTED_IDENTITY); otherwise the signature is bad (BAD_SIGNATURE).
import { BulwarkError } from '../core/errors.js';
import type { PublicKey } from './keys/public.js';

/** Annotation Bulwark adds to each legacy `.sig` layer: the signer's key id (see PublicKey.keyId). */
export const KEY_ID_ANNOTATION = 'dev.bulwark/key-id';

export function noTrustedKeyError(what: string, keys: readonly PublicKey[], hint?: string): BulwarkError {
  if (keys.length === 0) {
    return new BulwarkError(
      'UNTRUSTED_IDENTITY',
      `${what}: no trusted keys were given; pass --key or a policy`,
    );
  }
  if (hint && !keys.some((k) => k.keyId === hint)) {
    return new BulwarkError(
      'UNTRUSTED_IDENTITY',
      `${what} was made by key ${hint}, which is not among the ${keys.length} trusted key(s)`,
    );
  }
  return new BulwarkError(
    'BAD_SIGNATURE',
    `${what} does not verify with the ${keys.length} trusted key(s): wrong key or modified content`,
  );
}
