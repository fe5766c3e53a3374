// Key pair generation as `cosign generate-key-pair` does it: ECDSA P-256, private key PKCS#8 DER
// encrypted into an `ENCRYPTED SIGSTORE PRIVATE KEY` PEM, public key as a `PUBLIC KEY` PEM.
import { generateKeyPairSync } from 'node:crypto';
import { encryptPrivateKey } from './encrypted.js';
import { publicKeyId, publicKeyPem } from './public.js';

export interface GeneratedKeyPair {
  /** `ENCRYPTED SIGSTORE PRIVATE KEY` PEM, loadable by cosign and Bulwark. */
  privateKeyPem: string;
  /** `PUBLIC KEY` PEM (SPKI). */
  publicKeyPem: string;
  keyId: string;
}

export async function generateKeyPair(password: string): Promise<GeneratedKeyPair> {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const der = privateKey.export({ type: 'pkcs8', format: 'der' });
  return {
    privateKeyPem: await encryptPrivateKey(der, password),
    publicKeyPem: publicKeyPem(publicKey),
    keyId: publicKeyId(publicKey),
  };
}
