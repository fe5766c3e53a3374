// Content digests as OCI names them: `algorithm:encoded` (ref: OCI image-spec descriptor.md, "Digests").
// Only sha256 and sha512 are registered algorithms; anything else cannot be verified, so it is refused.
import { createHash, type Hash } from 'node:crypto';
import { BulwarkError } from '../core/errors.js';

export type DigestAlgorithm = 'sha256' | 'sha512';

const HEX_LENGTH: Record<DigestAlgorithm, number> = { sha256: 64, sha512: 128 };
const DIGEST_RE = /^(sha256|sha512):([a-f0-9]+)$/;

export interface ParsedDigest {
  algorithm: DigestAlgorithm;
  hex: string;
}

/** Parse a digest; null when it is not a well-formed sha256/sha512 digest (never throws). */
export function parseDigest(value: unknown): ParsedDigest | null {
  if (typeof value !== 'string') return null;
  const m = DIGEST_RE.exec(value);
  if (!m) return null;
  const algorithm = m[1] as DigestAlgorithm;
  const hex = m[2]!;
  if (hex.length !== HEX_LENGTH[algorithm]) return null;
  return { algorithm, hex };
}

/** Parse or throw INVALID_INPUT naming where the digest came from. */
export function requireDigest(value: unknown, where: string): ParsedDigest {
  const d = parseDigest(value);
  if (d) return d;
  const shown = typeof value === 'string' ? JSON.stringify(value.slice(0, 80)) : typeof value;
  throw new BulwarkError(
    'INVALID_INPUT',
    `${where}: ${shown} is not a sha256 or sha512 digest (expected e.g. sha256:<64 hex digits>)`,
  );
}

export function digestString(d: ParsedDigest): string {
  return `${d.algorithm}:${d.hex}`;
}

export function sha256(data: Buffer | string): string {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`;
}

/** A running hash for a digest's algorithm; `check()` compares the result at the end. */
export class DigestVerifier {
  readonly expected: ParsedDigest;
  private readonly hash: Hash;
  bytes = 0;

  constructor(expected: ParsedDigest) {
    this.expected = expected;
    this.hash = createHash(expected.algorithm);
  }

  update(chunk: Uint8Array): void {
    this.bytes += chunk.byteLength;
    this.hash.update(chunk);
  }

  /** The actual digest of everything seen. Call once. */
  actual(): string {
    return `${this.expected.algorithm}:${this.hash.digest('hex')}`;
  }

  /** Throw DIGEST_MISMATCH when the content does not match. */
  check(what: string): void {
    const actual = this.actual();
    const expected = digestString(this.expected);
    if (actual !== expected) {
      throw new BulwarkError(
        'DIGEST_MISMATCH',
        `${what}: content digest is ${actual} but ${expected} was expected; the file is corrupt or was tampered with`,
      );
    }
  }
}

/** Verify a whole buffer against a digest (manifests, configs). */
export function verifyBuffer(data: Buffer, expected: ParsedDigest, what: string): void {
  const v = new DigestVerifier(expected);
  v.update(data);
  v.check(what);
}
