// Notation JWS signature envelopes (flattened JSON serialization only).
// ref: notaryproject/specifications specs/signature-envelope-jws.md and signature-specification.md.
// Integrity checks here: structure, `alg` allowed and matching the leaf key, `crit` complete and
// understood, `cty`, signing scheme, signing time present, signature over ASCII(protected "." payload).
import { constants, verify as nodeVerify, type KeyObject } from 'node:crypto';
import { BulwarkError } from '../../core/errors.js';
import { isDigest } from '../digest.js';
import { decodeBase64, decodeBase64Url } from '../encoding.js';
import { NOTATION } from '../oci-constants.js';
import { parseCertDer, type Cert } from './certs.js';

export const MAX_JWS_BYTES = 4 * 1024 * 1024;

const ALGS = {
  PS256: { hash: 'sha256', kind: 'rsa', salt: 32, bits: 2048 },
  PS384: { hash: 'sha384', kind: 'rsa', salt: 48, bits: 3072 },
  PS512: { hash: 'sha512', kind: 'rsa', salt: 64, bits: 4096 },
  ES256: { hash: 'sha256', kind: 'ec', curve: 'prime256v1' },
  ES384: { hash: 'sha384', kind: 'ec', curve: 'secp384r1' },
  ES512: { hash: 'sha512', kind: 'ec', curve: 'secp521r1' },
} as const;
type Alg = keyof typeof ALGS;

const SCHEME = 'io.cncf.notary.signingScheme';
const SIGNING_TIME = 'io.cncf.notary.signingTime';
const AUTHENTIC_TIME = 'io.cncf.notary.authenticSigningTime';
const EXPIRY = 'io.cncf.notary.expiry';
const PLUGIN = 'io.cncf.notary.verificationPlugin';
const PLUGIN_MIN = 'io.cncf.notary.verificationPluginMinVersion';
/** Protected headers Bulwark understands; a `crit` entry outside this set is rejected. */
const UNDERSTOOD = new Set([SCHEME, SIGNING_TIME, AUTHENTIC_TIME, EXPIRY]);

export type SigningScheme = 'notary.x509' | 'notary.x509.signingAuthority';

export interface TargetArtifact {
  mediaType: string;
  digest: string;
  size: number;
  annotations?: Record<string, string>;
}

export interface NotationEnvelope {
  alg: Alg;
  signingScheme: SigningScheme;
  /** Signer-claimed time (notary.x509) or authentic time (signingAuthority). */
  signingTime: Date;
  expiry?: Date;
  /** Leaf first. */
  chain: Cert[];
  target: TargetArtifact;
  /** RFC 3161 countersignature, if present (not verified offline by Bulwark yet). */
  timestamp?: Buffer;
  signingAgent?: string;
}

function bad(why: string): BulwarkError {
  return new BulwarkError('BAD_SIGNATURE', `Notation signature: ${why}`);
}

function obj(v: unknown, what: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw bad(`${what} is not a JSON object`);
  return v as Record<string, unknown>;
}

function time(v: unknown, what: string): Date {
  // RFC 3339 with an explicit offset, as Notation writes it.
  if (typeof v !== 'string' || !/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/.test(v))
    throw bad(`${what} is not an RFC 3339 time`);
  const d = new Date(v);
  if (Number.isNaN(d.getTime())) throw bad(`${what} is not a valid time`);
  return d;
}

function keyMatchesAlg(key: KeyObject, alg: Alg): boolean {
  const a = ALGS[alg];
  if (key.asymmetricKeyType !== a.kind) return false;
  if (a.kind === 'rsa') {
    // Notation pairs key size and algorithm: RSA-2048 → PS256, 3072 → PS384, 4096 → PS512.
    return key.asymmetricKeyDetails?.modulusLength === a.bits;
  }
  return key.asymmetricKeyDetails?.namedCurve === a.curve;
}

/** Parse a JWS envelope and verify its integrity (signature by the x5c leaf). Errors: BAD_SIGNATURE. */
export function verifyJwsIntegrity(blob: Buffer): NotationEnvelope {
  if (blob.length > MAX_JWS_BYTES)
    throw new BulwarkError('LIMIT_EXCEEDED', `Notation signature larger than ${MAX_JWS_BYTES} bytes`);
  let doc: Record<string, unknown>;
  try {
    doc = obj(JSON.parse(blob.toString('utf8')), 'envelope');
  } catch (err) {
    if (err instanceof BulwarkError) throw err;
    throw bad('not JSON');
  }
  if ('signatures' in doc) throw bad('general JWS serialization is not allowed; only flattened JSON');
  const protectedB64 = doc.protected;
  const payloadB64 = doc.payload;
  const header = obj(doc.header, 'unprotected header');
  const protectedJson = decodeBase64Url(protectedB64, 'protected header');
  const payloadBytes = decodeBase64Url(payloadB64, 'payload');
  const signature = decodeBase64Url(doc.signature, 'signature');

  let ph: Record<string, unknown>;
  try {
    ph = obj(JSON.parse(protectedJson.toString('utf8')), 'protected header');
  } catch (err) {
    if (err instanceof BulwarkError) throw err;
    throw bad('protected header is not JSON');
  }
  const alg = ph.alg;
  if (typeof alg !== 'string' || !(alg in ALGS)) throw bad(`unsupported alg ${JSON.stringify(alg)}`);
  if (ph.cty !== NOTATION.payloadMediaType) throw bad(`cty must be ${NOTATION.payloadMediaType}`);
  const scheme = ph[SCHEME];
  if (scheme !== 'notary.x509' && scheme !== 'notary.x509.signingAuthority')
    throw bad(`unknown signing scheme ${JSON.stringify(scheme)}`);

  // crit: must list the scheme, and expiry / authentic time when present; every entry must be
  // present in the header and understood by us (RFC 7515 §4.1.11).
  const crit = ph.crit;
  if (!Array.isArray(crit) || crit.some((c) => typeof c !== 'string') || new Set(crit).size !== crit.length)
    throw bad('crit is missing or malformed');
  const required = [
    SCHEME,
    ...(EXPIRY in ph ? [EXPIRY] : []),
    ...(scheme === 'notary.x509.signingAuthority' ? [AUTHENTIC_TIME] : []),
  ];
  for (const r of required) if (!crit.includes(r)) throw bad(`crit must include ${r}`);
  for (const c of crit as string[]) {
    if (!(c in ph)) throw bad(`crit lists ${c}, which the header does not have`);
    if (c === PLUGIN || c === PLUGIN_MIN)
      throw bad(`signature requires verification plugin ${String(ph[PLUGIN])}, which Bulwark does not run`);
    if (!UNDERSTOOD.has(c)) throw bad(`crit lists ${c}, which Bulwark does not understand`);
  }
  const signingTime =
    scheme === 'notary.x509'
      ? time(ph[SIGNING_TIME], SIGNING_TIME)
      : time(ph[AUTHENTIC_TIME], AUTHENTIC_TIME);
  const expiry = EXPIRY in ph ? time(ph[EXPIRY], EXPIRY) : undefined;

  const x5c = header.x5c;
  if (!Array.isArray(x5c) || x5c.length === 0) throw bad('x5c certificate chain is missing');
  if (x5c.length > 10) throw bad('x5c has more than 10 certificates');
  const chain = x5c.map((c, i) => parseCertDer(decodeBase64(c, `x5c[${i}]`), `x5c[${i}]`));
  const leafKey = chain[0]!.x509.publicKey;
  if (!keyMatchesAlg(leafKey, alg as Alg))
    throw bad(`alg ${alg} does not match the signing certificate's key`);

  const a = ALGS[alg as Alg];
  const signingInput = Buffer.from(`${protectedB64 as string}.${payloadB64 as string}`, 'ascii');
  let ok: boolean;
  try {
    ok =
      a.kind === 'rsa'
        ? nodeVerify(
            a.hash,
            signingInput,
            { key: leafKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: a.salt },
            signature,
          )
        : nodeVerify(a.hash, signingInput, { key: leafKey, dsaEncoding: 'ieee-p1363' }, signature);
  } catch {
    ok = false;
  }
  if (!ok) throw bad('the signature does not verify with the x5c leaf certificate');

  // The payload is authentic from here on.
  let payload: Record<string, unknown>;
  try {
    payload = obj(JSON.parse(payloadBytes.toString('utf8')), 'payload');
  } catch (err) {
    if (err instanceof BulwarkError) throw err;
    throw bad('payload is not JSON');
  }
  const t = obj(payload.targetArtifact, 'targetArtifact');
  if (
    typeof t.mediaType !== 'string' ||
    !isDigest(t.digest) ||
    !Number.isSafeInteger(t.size) ||
    (t.size as number) < 0
  ) {
    throw bad('targetArtifact needs mediaType, digest and size');
  }
  const timestamp = header['io.cncf.notary.timestamp'];
  return {
    alg: alg as Alg,
    signingScheme: scheme,
    signingTime,
    ...(expiry ? { expiry } : {}),
    chain,
    target: {
      mediaType: t.mediaType,
      digest: t.digest,
      size: t.size as number,
      ...(t.annotations ? { annotations: t.annotations as Record<string, string> } : {}),
    },
    ...(timestamp !== undefined ? { timestamp: decodeBase64(timestamp, 'timestamp') } : {}),
    ...(typeof header['io.cncf.notary.signingAgent'] === 'string'
      ? { signingAgent: header['io.cncf.notary.signingAgent'] }
      : {}),
  };
}
