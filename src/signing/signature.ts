// Raw signature maths shared by every format (simple signing, DSSE, bundles).
// Cosign signs with SHA-256 whatever the key (sigstore/sigstore LoadSignerVerifier(key, crypto.SHA256)):
// ECDSA with ASN.1 DER signatures, RSA with PKCS#1 v1.5, Ed25519 pure. Verification fails closed:
// any parse problem is "does not verify", never an exception that a caller might swallow as success.
import { sign as nodeSign, verify as nodeVerify, type KeyObject } from 'node:crypto';
import type { SigningKey } from './keys/private.js';
import type { KeyAlgorithm, PublicKey } from './keys/public.js';

/** Largest signature we look at: RSA-4096 is 512 bytes, DER ECDSA P-521 ≤ 139. */
export const MAX_SIGNATURE_BYTES = 1024;

export interface VerifyOptions {
  /**
   * Also accept IEEE P1363 raw r‖s ECDSA signatures. DSSE leaves the encoding to the signer and its
   * spec test vector is raw r‖s; cosign's simple signing is always DER, so that path keeps it off.
   */
  allowRawEcdsa?: boolean;
}

const RAW_LEN: Partial<Record<KeyAlgorithm, number>> = {
  'ecdsa-p256': 64,
  'ecdsa-p384': 96,
  'ecdsa-p521': 132,
};
// Cosign uses SHA-256 for every curve; Go's default for P-384/P-521 (and sigstore-go's) is the
// curve-sized hash, so those are accepted too. Both are collision-resistant; neither weakens a check.
const EC_HASHES: Partial<Record<KeyAlgorithm, string[]>> = {
  'ecdsa-p256': ['sha256'],
  'ecdsa-p384': ['sha256', 'sha384'],
  'ecdsa-p521': ['sha256', 'sha512'],
};

/** Sign `data` as cosign does for this key type. */
export function signBytes(key: SigningKey, data: Buffer): Buffer {
  switch (key.publicKey.algorithm) {
    case 'ed25519':
      return nodeSign(null, data, key.privateKey);
    case 'rsa':
      return nodeSign('sha256', data, key.privateKey);
    default:
      return nodeSign('sha256', data, { key: key.privateKey, dsaEncoding: 'der' });
  }
}

function tryVerify(
  alg: string | null,
  data: Buffer,
  key: KeyObject | { key: KeyObject; dsaEncoding: 'der' | 'ieee-p1363' },
  sig: Buffer,
): boolean {
  try {
    return nodeVerify(alg, data, key, sig);
  } catch {
    return false;
  }
}

/** True only if `sig` is a valid signature of `data` under `pub`. Never throws. */
export function verifyBytes(pub: PublicKey, data: Buffer, sig: Buffer, opts: VerifyOptions = {}): boolean {
  if (sig.length === 0 || sig.length > MAX_SIGNATURE_BYTES) return false;
  switch (pub.algorithm) {
    case 'ed25519':
      return tryVerify(null, data, pub.key, sig);
    case 'rsa':
      return tryVerify('sha256', data, pub.key, sig);
    default: {
      const hashes = EC_HASHES[pub.algorithm] ?? ['sha256'];
      const encodings: ('der' | 'ieee-p1363')[] = ['der'];
      // A raw signature has a fixed length; a DER one of that length is possible but rare, so try both.
      if (opts.allowRawEcdsa && sig.length === RAW_LEN[pub.algorithm]) encodings.push('ieee-p1363');
      return encodings.some((dsaEncoding) =>
        hashes.some((h) => tryVerify(h, data, { key: pub.key, dsaEncoding }, sig)),
      );
    }
  }
}

/** The first key of `keys` that verifies, or undefined. */
export function findVerifyingKey(
  keys: readonly PublicKey[],
  data: Buffer,
  sig: Buffer,
  opts: VerifyOptions = {},
): PublicKey | undefined {
  return keys.find((k) => verifyBytes(k, data, sig, opts));
}
