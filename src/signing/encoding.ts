// Strict base64 decoding. Buffer.from(s, 'base64') silently skips junk, which would let two different
// strings decode to one signature; signatures and payloads must decode exactly or not at all.
import { BulwarkError, type ErrorCode } from '../core/errors.js';

const STD_RE = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const URL_RE = /^[A-Za-z0-9_-]*$/;

/** Standard base64 with padding (RFC 4648 §4), as Go's base64.StdEncoding writes it. */
export function decodeBase64(s: unknown, what: string, code: ErrorCode = 'BAD_SIGNATURE'): Buffer {
  if (typeof s !== 'string' || !STD_RE.test(s)) {
    throw new BulwarkError(code, `${what} is not valid base64`);
  }
  return Buffer.from(s, 'base64');
}

/** Unpadded base64url (RFC 4648 §5), as JWS uses (RFC 7515 §2). */
export function decodeBase64Url(s: unknown, what: string, code: ErrorCode = 'BAD_SIGNATURE'): Buffer {
  if (typeof s !== 'string' || !URL_RE.test(s) || s.length % 4 === 1) {
    throw new BulwarkError(code, `${what} is not valid unpadded base64url`);
  }
  const buf = Buffer.from(s, 'base64url');
  // Reject non-canonical trailing bits: re-encoding must give the same text.
  if (buf.toString('base64url') !== s) throw new BulwarkError(code, `${what} is not canonical base64url`);
  return buf;
}

const ANY_RE = /^[A-Za-z0-9+/_-]*={0,2}$/;

/**
 * Base64 in any of its canonical RFC 4648 spellings (standard or URL-safe, padded or not), as DSSE
 * allows for `payload` and `sig` (ref: secure-systems-lab/dsse envelope.md). Mixing alphabets or
 * non-zero trailing bits is rejected, so one string still means one byte sequence.
 */
export function decodeBase64Any(s: unknown, what: string, code: ErrorCode = 'BAD_SIGNATURE'): Buffer {
  if (typeof s !== 'string' || !ANY_RE.test(s)) throw new BulwarkError(code, `${what} is not valid base64`);
  const url = /[-_]/.test(s);
  if (url && /[+/]/.test(s)) throw new BulwarkError(code, `${what} mixes base64 alphabets`);
  const bare = s.replace(/=+$/, '');
  if (bare.length % 4 === 1) throw new BulwarkError(code, `${what} is not valid base64`);
  const padded = bare.length % 4 === 0 ? bare : bare + '='.repeat(4 - (bare.length % 4));
  if (s.includes('=') && s !== padded) throw new BulwarkError(code, `${what} has wrong base64 padding`);
  const buf = Buffer.from(bare, url ? 'base64url' : 'base64');
  if (buf.toString('base64url') !== bare.replace(/\+/g, '-').replace(/\//g, '_')) {
    throw new BulwarkError(code, `${what} is not canonical base64`);
  }
  return buf;
}
