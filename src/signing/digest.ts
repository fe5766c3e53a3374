// OCI content digests (ref: opencontainers/image-spec descriptor.md "Digests"). Only the registered
// algorithms sha256 and sha512 are accepted, lowercase hex, exact length: a digest is an identity, so
// anything looser would let two spellings name one artifact.
import { createHash } from 'node:crypto';
import { BulwarkError } from '../core/errors.js';

const DIGEST_RE = /^(sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128})$/;

export function isDigest(s: unknown): s is string {
  return typeof s === 'string' && DIGEST_RE.test(s);
}

export function assertDigest(s: unknown, what: string): string {
  if (!isDigest(s)) {
    throw new BulwarkError('INVALID_INPUT', `${what} is not a sha256:<64 hex> or sha512:<128 hex> digest`);
  }
  return s;
}

export function digestOf(data: Buffer, algorithm: 'sha256' | 'sha512' = 'sha256'): string {
  return `${algorithm}:${createHash(algorithm).update(data).digest('hex')}`;
}

/** `sha256:abc…` → { algorithm: 'sha256', hex: 'abc…' } */
export function splitDigest(d: string): { algorithm: 'sha256' | 'sha512'; hex: string } {
  const [algorithm, hex] = assertDigest(d, 'digest').split(':') as ['sha256' | 'sha512', string];
  return { algorithm, hex };
}
