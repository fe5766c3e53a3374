// Minimal PEM framing (RFC 7468): find one block of a given label, decode its base64 body.
// Node's crypto parses standard PEM itself; we need our own reader only for cosign's private
// key type, whose body is base64 JSON rather than DER.
import { BulwarkError } from '../../core/errors.js';

/** Largest PEM text we accept; real keys and certificate chains are a few KiB. */
export const MAX_PEM_BYTES = 1024 * 1024;

export interface PemBlock {
  label: string;
  body: Buffer;
}

const BLOCK_RE = /-----BEGIN ([A-Z0-9 ]+)-----\r?\n([\s\S]*?)\r?\n?-----END \1-----/g;

/** All PEM blocks in `text`, in order. Base64 outside the alphabet is an error, not skipped. */
export function readPemBlocks(text: string, what = 'PEM'): PemBlock[] {
  if (text.length > MAX_PEM_BYTES) {
    throw new BulwarkError('LIMIT_EXCEEDED', `${what} is larger than ${MAX_PEM_BYTES} bytes`);
  }
  const out: PemBlock[] = [];
  for (const m of text.matchAll(BLOCK_RE)) {
    const b64 = m[2]!.replace(/\s+/g, '');
    // RFC 7468 allows headers only in legacy encapsulated PEM (RFC 1421); cosign never writes them.
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(b64) || b64.length % 4 !== 0) {
      throw new BulwarkError('KEY_ERROR', `${what}: the ${m[1]} block is not valid base64`);
    }
    out.push({ label: m[1]!, body: Buffer.from(b64, 'base64') });
  }
  return out;
}

/** Encode one block with 64-character lines, as Go's encoding/pem does (cosign writes with it). */
export function writePem(label: string, body: Buffer): string {
  const b64 = body.toString('base64');
  const lines = b64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}
