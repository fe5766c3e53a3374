// Cosign's simple-signing payload, the bytes a legacy `.sig` layer holds and its signature covers.
// ref: sigstore/cosign specs/SIGNATURE_SPEC.md; containers/image docs/containers-signature.5.md.
// Shape: {"critical":{"identity":{"docker-reference":R},"image":{"docker-manifest-digest":D},
// "type":"cosign container image signature"},"optional":{…}|null}. Real payloads use the lowercase
// key `docker-manifest-digest` (the spec's example capitalises it); keys are matched exactly, and the
// `critical` section must hold exactly these keys, as containers/image requires.
import { BulwarkError } from '../../core/errors.js';
import { isDigest } from '../digest.js';

export const SIMPLE_SIGNING_MEDIA_TYPE = 'application/vnd.dev.cosign.simplesigning.v1+json';
export const COSIGN_SIGNATURE_TYPE = 'cosign container image signature';
/** Same shape, written by Google Binary Authorization and containers/image ("atomic"). */
export const ACCEPTED_SIGNATURE_TYPES = [
  COSIGN_SIGNATURE_TYPE,
  'Google cloud binauthz container signature',
  'atomic container signature',
] as const;

/** Payloads are small; a cap stops a hostile registry from feeding us a huge "payload". */
export const MAX_PAYLOAD_BYTES = 1024 * 1024;

export interface SimpleSigningPayload {
  dockerReference: string;
  manifestDigest: string;
  type: string;
  /** The `optional` section (cosign puts `-a key=value` annotations here); null when absent. */
  optional: Record<string, unknown> | null;
}

export interface CreatePayloadInput {
  /** Repository the signature is for, without tag or digest, e.g. `registry.example/team/app`. */
  dockerReference: string;
  manifestDigest: string;
  /** Extra claims (`cosign sign -a k=v`); written sorted by key, as Go marshals maps. */
  annotations?: Record<string, string>;
}

// Go's encoding/json escapes these by default; mirroring it keeps our bytes identical to cosign's.
function goJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** The exact payload bytes cosign would produce for this image. */
export function createPayload(input: CreatePayloadInput): Buffer {
  if (!isDigest(input.manifestDigest)) {
    throw new BulwarkError(
      'INVALID_INPUT',
      `cannot sign ${input.manifestDigest}: not a digest; resolve the reference first`,
    );
  }
  if (!input.dockerReference || /[@\s]/.test(input.dockerReference)) {
    throw new BulwarkError(
      'INVALID_INPUT',
      `docker-reference ${JSON.stringify(input.dockerReference)} must be a repository name`,
    );
  }
  let optional: Record<string, string> | null = null;
  if (input.annotations && Object.keys(input.annotations).length > 0) {
    optional = {};
    for (const k of Object.keys(input.annotations).sort()) optional[k] = input.annotations[k]!;
  }
  const doc = {
    critical: {
      identity: { 'docker-reference': input.dockerReference },
      image: { 'docker-manifest-digest': input.manifestDigest },
      type: COSIGN_SIGNATURE_TYPE,
    },
    optional,
  };
  return Buffer.from(goJson(doc), 'utf8');
}

function bad(why: string): BulwarkError {
  return new BulwarkError('BAD_SIGNATURE', `simple-signing payload is malformed: ${why}`);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function exactKeys(o: Record<string, unknown>, keys: string[], where: string): void {
  const got = Object.keys(o).sort();
  const want = [...keys].sort();
  if (got.length !== want.length || got.some((k, i) => k !== want[i])) {
    throw bad(`${where} must have exactly the keys ${want.join(', ')}; found ${got.join(', ') || 'none'}`);
  }
}

/**
 * Parse payload bytes strictly. Call only after the signature over these bytes verified: the
 * content is attacker-controlled until then. Errors are BAD_SIGNATURE (a signed but malformed claim).
 */
export function parsePayload(bytes: Buffer): SimpleSigningPayload {
  if (bytes.length > MAX_PAYLOAD_BYTES) throw bad(`larger than ${MAX_PAYLOAD_BYTES} bytes`);
  let doc: unknown;
  try {
    doc = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw bad('not JSON');
  }
  if (!isObject(doc)) throw bad('not a JSON object');
  for (const k of Object.keys(doc))
    if (k !== 'critical' && k !== 'optional') throw bad(`unknown top-level key ${k}`);
  const critical = doc.critical;
  if (!isObject(critical)) throw bad('missing "critical"');
  exactKeys(critical, ['identity', 'image', 'type'], '"critical"');
  const { identity, image, type } = critical;
  if (!isObject(identity)) throw bad('"critical.identity" is not an object');
  exactKeys(identity, ['docker-reference'], '"critical.identity"');
  if (!isObject(image)) throw bad('"critical.image" is not an object');
  exactKeys(image, ['docker-manifest-digest'], '"critical.image"');
  const ref = identity['docker-reference'];
  const digest = image['docker-manifest-digest'];
  if (typeof ref !== 'string') throw bad('"docker-reference" is not a string');
  if (!isDigest(digest)) throw bad('"docker-manifest-digest" is not a sha256/sha512 digest');
  if (typeof type !== 'string' || !(ACCEPTED_SIGNATURE_TYPES as readonly string[]).includes(type)) {
    throw bad(`unknown signature type ${JSON.stringify(type)}`);
  }
  const optional = doc.optional;
  if (optional !== undefined && optional !== null && !isObject(optional))
    throw bad('"optional" is not an object');
  return {
    dockerReference: ref,
    manifestDigest: digest,
    type,
    optional: (optional as Record<string, unknown>) ?? null,
  };
}
