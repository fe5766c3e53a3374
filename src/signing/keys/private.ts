// Loading signing keys: cosign's encrypted PEM (both PEM types) or a plaintext PKCS#8 / SEC1 PEM.
import { createPrivateKey, type KeyObject } from 'node:crypto';
import { BulwarkError } from '../../core/errors.js';
import { COSIGN_PRIVATE_KEY_PEM, SIGSTORE_PRIVATE_KEY_PEM, decryptPrivateKey } from './encrypted.js';
import { readPemBlocks } from './pem.js';
import { toPublicKey, type PublicKey } from './public.js';

/** A private key ready to sign, with its public half. */
export interface SigningKey {
  privateKey: KeyObject;
  publicKey: PublicKey;
}

function fromPkcs8(der: Buffer, what: string): KeyObject {
  try {
    return createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  } catch (err) {
    throw new BulwarkError('KEY_ERROR', `${what}: decrypted data is not a PKCS#8 private key`, {
      cause: err,
    });
  }
}

/**
 * Load a private key from PEM text. Encrypted cosign keys need `password` (which may be the empty
 * string, as cosign allows); plaintext `PRIVATE KEY` / `EC PRIVATE KEY` PEM ignore it.
 * Errors: KEY_ERROR with one line (wrong password, malformed PEM, unsupported key type).
 */
export async function loadPrivateKey(
  pemText: string,
  password: string | undefined,
  what = 'private key',
): Promise<SigningKey> {
  const blocks = readPemBlocks(pemText, what);
  const labels = blocks.map((b) => b.label);
  let privateKey: KeyObject;
  if (labels.includes(SIGSTORE_PRIVATE_KEY_PEM) || labels.includes(COSIGN_PRIVATE_KEY_PEM)) {
    if (password === undefined) {
      throw new BulwarkError('KEY_ERROR', `${what} is encrypted: set BULWARK_PASSWORD (or COSIGN_PASSWORD)`);
    }
    privateKey = fromPkcs8(await decryptPrivateKey(pemText, password, what), what);
  } else {
    const block = blocks.find((b) => b.label === 'PRIVATE KEY' || b.label === 'EC PRIVATE KEY');
    if (!block) {
      throw new BulwarkError(
        'KEY_ERROR',
        `${what}: expected an ${SIGSTORE_PRIVATE_KEY_PEM} PEM block, found ${labels.join(', ') || 'no PEM block'}`,
      );
    }
    try {
      privateKey =
        block.label === 'PRIVATE KEY'
          ? createPrivateKey({ key: block.body, format: 'der', type: 'pkcs8' })
          : createPrivateKey({ key: block.body, format: 'der', type: 'sec1' });
    } catch (err) {
      throw new BulwarkError('KEY_ERROR', `${what}: cannot parse the ${block.label} block`, { cause: err });
    }
  }
  return { privateKey, publicKey: toPublicKey(privateKey, what) };
}
