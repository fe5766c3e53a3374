// Sigstore trusted roots (`--trusted-root FILE`): the Fulcio CAs, Rekor and CT log keys and TSAs that
// keyless and logged signatures are checked against, fully offline.
// ref: sigstore/protobuf-specs protos/sigstore_trustroot.proto. We check what @sigstore/verify does not:
// every validity window must have a start (a missing bound is malformed, not "forever"; see the
// sigstore-conformance case trust-root-tlog-missing-validity-start_fail).
import { TrustedRoot } from '@sigstore/protobuf-specs';
import { BulwarkError } from '../../core/errors.js';

export const TRUSTED_ROOT_MEDIA_TYPES = [
  'application/vnd.dev.sigstore.trustedroot+json;version=0.1',
  'application/vnd.dev.sigstore.trustedroot.v0.2+json',
] as const;

/** A parsed, checked trusted root, ready for verifyBundle. */
export interface TrustRoot {
  root: TrustedRoot;
}

function bad(what: string, why: string): BulwarkError {
  return new BulwarkError('INVALID_INPUT', `${what}: ${why}; pass a sigstore trusted_root.json`);
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function checkValidFor(v: unknown, where: string, what: string): void {
  if (!isObj(v) || typeof v.start !== 'string' || Number.isNaN(Date.parse(v.start))) {
    throw bad(what, `${where} has no validFor.start`);
  }
  if (
    v.end !== undefined &&
    v.end !== null &&
    (typeof v.end !== 'string' || Number.isNaN(Date.parse(v.end)))
  ) {
    throw bad(what, `${where} has an invalid validFor.end`);
  }
}

/** Parse and check trusted root JSON (text or parsed). Errors are INVALID_INPUT with one line. */
export function parseTrustedRoot(input: string | Buffer | unknown, what = 'trusted root'): TrustRoot {
  let doc: unknown = input;
  if (typeof input === 'string' || Buffer.isBuffer(input)) {
    try {
      doc = JSON.parse(input.toString());
    } catch {
      throw bad(what, 'not JSON');
    }
  }
  if (!isObj(doc)) throw bad(what, 'not a JSON object');
  if (!(TRUSTED_ROOT_MEDIA_TYPES as readonly unknown[]).includes(doc.mediaType)) {
    throw bad(what, `unknown mediaType ${JSON.stringify(doc.mediaType)}`);
  }
  for (const kind of ['tlogs', 'ctlogs'] as const) {
    const logs = doc[kind] ?? [];
    if (!Array.isArray(logs)) throw bad(what, `${kind} is not a list`);
    logs.forEach((l: unknown, i) => {
      if (!isObj(l) || !isObj(l.publicKey) || !isObj(l.logId)) throw bad(what, `${kind}[${i}] is malformed`);
      checkValidFor(l.publicKey.validFor, `${kind}[${i}] (${String(l.baseUrl ?? '')})`, what);
    });
  }
  for (const kind of ['certificateAuthorities', 'timestampAuthorities'] as const) {
    const cas = doc[kind] ?? [];
    if (!Array.isArray(cas)) throw bad(what, `${kind} is not a list`);
    cas.forEach((c: unknown, i) => {
      if (!isObj(c) || !isObj(c.certChain)) throw bad(what, `${kind}[${i}] is malformed`);
      checkValidFor(c.validFor, `${kind}[${i}] (${String(c.uri ?? '')})`, what);
    });
  }
  try {
    return { root: TrustedRoot.fromJSON(doc) };
  } catch (err) {
    throw bad(what, (err as Error).message);
  }
}
