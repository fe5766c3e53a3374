// Content digests: parsing, computing and verifying while streaming.
// ref: OCI image-spec descriptor.md "Digests" (sha256 and sha512 registered; encoded part is lowercase hex).
import { createHash, type Hash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { BulwarkError } from '../../core/errors.js';

const ALGORITHMS = { sha256: 64, sha512: 128 } as const;
export type DigestAlgorithm = keyof typeof ALGORITHMS;

export interface ParsedDigest {
  algorithm: DigestAlgorithm;
  hex: string;
}

/** Parse `sha256:<64 hex>` / `sha512:<128 hex>`; null for anything else (never throws). */
export function parseDigest(value: unknown): ParsedDigest | null {
  if (typeof value !== 'string') return null;
  const m = /^(sha256|sha512):([0-9a-f]+)$/.exec(value);
  if (!m) return null;
  const algorithm = m[1] as DigestAlgorithm;
  if (m[2]!.length !== ALGORITHMS[algorithm]) return null;
  return { algorithm, hex: m[2]! };
}

export function isDigest(value: unknown): value is string {
  return parseDigest(value) !== null;
}

/** Throw INVALID_INPUT unless `value` is a supported digest; returns it parsed. */
export function requireDigest(value: unknown, what = 'digest'): ParsedDigest {
  const d = parseDigest(value);
  if (!d) {
    throw new BulwarkError(
      'INVALID_INPUT',
      `invalid ${what} ${JSON.stringify(String(value)).slice(0, 100)}; expected sha256:<64 hex> or sha512:<128 hex>`,
    );
  }
  return d;
}

export function digestOf(data: Uint8Array | string, algorithm: DigestAlgorithm = 'sha256'): string {
  return `${algorithm}:${createHash(algorithm).update(data).digest('hex')}`;
}

/** The cosign / referrers tag-schema form of a digest: `sha256:abc` → `sha256-abc`. */
export function digestTag(digest: string): string {
  const d = requireDigest(digest);
  return `${d.algorithm}-${d.hex}`;
}

/** Throw DIGEST_MISMATCH when `data` does not hash to `expected`. */
export function verifyBytes(data: Uint8Array, expected: string, what: string): void {
  const d = requireDigest(expected);
  const actual = digestOf(data, d.algorithm);
  if (actual !== expected) {
    throw new BulwarkError(
      'DIGEST_MISMATCH',
      `${what}: content hashes to ${actual}, expected ${expected}; the registry or a proxy returned different content`,
    );
  }
}

/**
 * Pass-through stream that hashes and counts bytes. At the end it fails with DIGEST_MISMATCH when the
 * content does not match `expected` (or its size), and with LIMIT_EXCEEDED as soon as `maxBytes` passes.
 * Consumers must treat data as provisional until the stream ends without error.
 */
export class VerifyingStream extends Transform {
  private readonly hash: Hash;
  private readonly parsed: ParsedDigest;
  bytes = 0;

  constructor(
    private readonly expected: string,
    private readonly what: string,
    private readonly expectedSize?: number,
    private readonly maxBytes = Number.POSITIVE_INFINITY,
  ) {
    super();
    this.parsed = requireDigest(expected);
    this.hash = createHash(this.parsed.algorithm);
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.bytes > this.maxBytes) {
      cb(
        new BulwarkError(
          'LIMIT_EXCEEDED',
          `${this.what}: more than ${this.maxBytes} bytes; refusing to read on`,
        ),
      );
      return;
    }
    if (this.expectedSize !== undefined && this.bytes > this.expectedSize) {
      cb(
        new BulwarkError(
          'DIGEST_MISMATCH',
          `${this.what}: registry sent more than the ${this.expectedSize} bytes its descriptor declares`,
        ),
      );
      return;
    }
    this.hash.update(chunk);
    cb(null, chunk);
  }

  override _flush(cb: TransformCallback): void {
    const actual = `${this.parsed.algorithm}:${this.hash.digest('hex')}`;
    if (this.expectedSize !== undefined && this.bytes !== this.expectedSize) {
      cb(
        new BulwarkError(
          'DIGEST_MISMATCH',
          `${this.what}: registry sent ${this.bytes} bytes, descriptor declares ${this.expectedSize}`,
        ),
      );
      return;
    }
    if (actual !== this.expected) {
      cb(
        new BulwarkError(
          'DIGEST_MISMATCH',
          `${this.what}: content hashes to ${actual}, expected ${this.expected}; the registry or a proxy returned different content`,
        ),
      );
      return;
    }
    cb();
  }
}
