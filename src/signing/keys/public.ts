// Public keys as cosign accepts them (ref: sigstore/cosign pkg/cosign/keys.go, and
// sigstore/sigstore pkg/cryptoutils): ECDSA P-256/P-384/P-521, RSA 2048–4096, Ed25519, in PEM
// (`PUBLIC KEY` SPKI, or `RSA PUBLIC KEY` PKCS#1). Anything else is refused with KEY_ERROR.
import { createHash, createPublicKey, type KeyObject } from 'node:crypto';
import { BulwarkError } from '../../core/errors.js';
import { readPemBlocks } from './pem.js';

export type KeyAlgorithm = 'ecdsa-p256' | 'ecdsa-p384' | 'ecdsa-p521' | 'rsa' | 'ed25519';

const CURVES: Record<string, KeyAlgorithm> = {
  prime256v1: 'ecdsa-p256',
  secp384r1: 'ecdsa-p384',
  secp521r1: 'ecdsa-p521',
};

/** A public key Bulwark will verify with, plus the id other tools use for it. */
export interface PublicKey {
  key: KeyObject;
  algorithm: KeyAlgorithm;
  /**
   * base64(sha256(SPKI DER)): the `publicKey.hint` cosign and sigstore put in key-based bundles,
   * and the id Bulwark reports and matches policy signers by.
   */
  keyId: string;
}

/** Classify a key object, refusing the types and sizes cosign refuses. */
export function keyAlgorithm(key: KeyObject, what = 'key'): KeyAlgorithm {
  const type = key.asymmetricKeyType;
  if (type === 'ec') {
    const curve = key.asymmetricKeyDetails?.namedCurve ?? '';
    const alg = CURVES[curve];
    if (!alg)
      throw new BulwarkError(
        'KEY_ERROR',
        `${what}: unsupported elliptic curve ${curve || '(unknown)'}; use P-256, P-384 or P-521`,
      );
    return alg;
  }
  if (type === 'rsa') {
    const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
    if (bits < 2048 || bits > 4096) {
      throw new BulwarkError('KEY_ERROR', `${what}: RSA key of ${bits} bits; use 2048 to 4096 bits`);
    }
    return 'rsa';
  }
  if (type === 'ed25519') return 'ed25519';
  throw new BulwarkError(
    'KEY_ERROR',
    `${what}: unsupported key type ${type ?? '(unknown)'}; use ECDSA, RSA or Ed25519`,
  );
}

/** base64(sha256(SubjectPublicKeyInfo DER)), the sigstore bundle `publicKey.hint`. */
export function publicKeyId(key: KeyObject): string {
  const der = key.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(der).digest('base64');
}

export function toPublicKey(key: KeyObject, what = 'public key'): PublicKey {
  const pub = key.type === 'private' ? createPublicKey(key) : key;
  return { key: pub, algorithm: keyAlgorithm(pub, what), keyId: publicKeyId(pub) };
}

/** Parse a PEM public key (the first `PUBLIC KEY` or `RSA PUBLIC KEY` block). Malformed → KEY_ERROR. */
export function loadPublicKey(pemText: string, what = 'public key'): PublicKey {
  const blocks = readPemBlocks(pemText, what);
  const block = blocks.find((b) => b.label === 'PUBLIC KEY' || b.label === 'RSA PUBLIC KEY');
  if (!block) {
    const found = blocks.map((b) => b.label).join(', ') || 'no PEM block';
    throw new BulwarkError('KEY_ERROR', `${what}: expected a PUBLIC KEY PEM block, found ${found}`);
  }
  let key: KeyObject;
  try {
    key =
      block.label === 'PUBLIC KEY'
        ? createPublicKey({ key: block.body, format: 'der', type: 'spki' })
        : createPublicKey({ key: block.body, format: 'der', type: 'pkcs1' });
  } catch (err) {
    throw new BulwarkError(
      'KEY_ERROR',
      `${what}: cannot parse the ${block.label} block (${(err as Error).message})`,
      {
        cause: err,
      },
    );
  }
  return toPublicKey(key, what);
}

/** PEM text of a public key as cosign writes it (`PUBLIC KEY`, SPKI). */
export function publicKeyPem(key: KeyObject): string {
  return key.export({ type: 'spki', format: 'pem' }).toString();
}
