// DSSE envelopes: parse, sign, verify. ref: secure-systems-lab/dsse envelope.md and protocol.md.
// {"payload": b64, "payloadType": str, "signatures": [{"keyid"?: str, "sig": b64}]}.
// Verification counts distinct trusted keys that verify PAE(payloadType, payload); the payload is
// returned only after that, so nothing upstream ever reads unauthenticated content by accident.
import { BulwarkError } from '../../core/errors.js';
import { decodeBase64Any } from '../encoding.js';
import { noTrustedKeyError } from '../key-match.js';
import type { SigningKey } from '../keys/private.js';
import type { PublicKey } from '../keys/public.js';
import { signBytes, verifyBytes } from '../signature.js';
import { pae } from './pae.js';

export const DSSE_MEDIA_TYPE = 'application/vnd.dsse.envelope.v1+json';
/** SBOMs of large images run to tens of MiB; beyond this an envelope is refused. */
export const MAX_ENVELOPE_BYTES = 128 * 1024 * 1024;
export const MAX_ENVELOPE_SIGNATURES = 64;

export interface EnvelopeSignature {
  keyid?: string;
  sig: string;
}

/** The JSON form, as stored in `.att` layers and in bundles' `dsseEnvelope`. */
export interface Envelope {
  payload: string;
  payloadType: string;
  signatures: EnvelopeSignature[];
}

export interface VerifiedEnvelope {
  payloadType: string;
  /** Authenticated payload bytes. */
  payload: Buffer;
  /** Trusted keys that verified, one entry per distinct key. */
  keys: PublicKey[];
}

function bad(why: string): BulwarkError {
  return new BulwarkError('BAD_SIGNATURE', `DSSE envelope is malformed: ${why}`);
}

/** Shape-check an envelope (from JSON text, bytes or an already-parsed value). */
export function parseEnvelope(input: string | Buffer | unknown): Envelope {
  let doc: unknown = input;
  if (typeof input === 'string' || Buffer.isBuffer(input)) {
    if (input.length > MAX_ENVELOPE_BYTES)
      throw new BulwarkError('LIMIT_EXCEEDED', `DSSE envelope larger than ${MAX_ENVELOPE_BYTES} bytes`);
    try {
      doc = JSON.parse(input.toString());
    } catch {
      throw bad('not JSON');
    }
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw bad('not a JSON object');
  const e = doc as Record<string, unknown>;
  if (typeof e.payload !== 'string') throw bad('"payload" is missing');
  if (typeof e.payloadType !== 'string' || e.payloadType === '') throw bad('"payloadType" is missing');
  if (!Array.isArray(e.signatures) || e.signatures.length === 0) throw bad('no signatures');
  if (e.signatures.length > MAX_ENVELOPE_SIGNATURES)
    throw bad(`more than ${MAX_ENVELOPE_SIGNATURES} signatures`);
  const signatures = e.signatures.map((s: unknown, i): EnvelopeSignature => {
    if (typeof s !== 'object' || s === null) throw bad(`signature ${i} is not an object`);
    const { sig, keyid } = s as Record<string, unknown>;
    if (typeof sig !== 'string' || sig === '') throw bad(`signature ${i} has no "sig"`);
    if (keyid !== undefined && typeof keyid !== 'string') throw bad(`signature ${i} "keyid" is not a string`);
    return keyid === undefined ? { sig } : { keyid, sig };
  });
  return { payload: e.payload, payloadType: e.payloadType, signatures };
}

/** Sign `payload` with each key; `keyid` is the key's id (cosign leaves it empty and ignores it). */
export function signEnvelope(payloadType: string, payload: Buffer, keys: readonly SigningKey[]): Envelope {
  if (keys.length === 0) throw new BulwarkError('KEY_ERROR', 'no signing key given');
  const bytes = pae(payloadType, payload);
  return {
    payloadType,
    payload: payload.toString('base64'),
    signatures: keys.map((k) => ({ keyid: k.publicKey.keyId, sig: signBytes(k, bytes).toString('base64') })),
  };
}

/**
 * Verify an envelope with trusted keys; at least `threshold` distinct keys must verify (default 1).
 * ECDSA signatures may be DER or raw r‖s (the DSSE test vector is raw).
 * Errors: BAD_SIGNATURE (malformed, or nothing verifies), UNTRUSTED_IDENTITY (keyids name only
 * untrusted keys, or too few trusted keys for the threshold).
 */
export function verifyEnvelope(
  input: Envelope | string | Buffer,
  keys: readonly PublicKey[],
  threshold = 1,
): VerifiedEnvelope {
  const env = parseEnvelope(input);
  const payload = decodeBase64Any(env.payload, 'DSSE payload');
  const bytes = pae(env.payloadType, payload);
  const verified: PublicKey[] = [];
  for (const s of env.signatures) {
    let sig: Buffer;
    try {
      sig = decodeBase64Any(s.sig, 'DSSE signature');
    } catch {
      continue; // one undecodable signature must not hide a valid one beside it
    }
    // The keyid is only a hint: try the named key first, but never trust it to pick the key.
    for (const k of keys) {
      if (verified.includes(k)) continue;
      if (verifyBytes(k, bytes, sig, { allowRawEcdsa: true })) {
        verified.push(k);
        break;
      }
    }
  }
  if (verified.length === 0) {
    const hints = env.signatures.map((s) => s.keyid).filter((h): h is string => !!h);
    // Only when every signature names a key, and none of those is trusted, is it an identity problem.
    const allUntrusted =
      hints.length === env.signatures.length && hints.every((h) => !keys.some((k) => k.keyId === h));
    throw noTrustedKeyError('DSSE envelope', keys, allUntrusted ? hints[0] : undefined);
  }
  if (verified.length < threshold) {
    throw new BulwarkError(
      'UNTRUSTED_IDENTITY',
      `DSSE envelope verified with ${verified.length} trusted key(s); the threshold is ${threshold}`,
    );
  }
  return { payloadType: env.payloadType, payload, keys: verified };
}
