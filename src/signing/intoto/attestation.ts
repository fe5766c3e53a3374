// Attestations = DSSE envelope (payload type in-toto) around a Statement about the image.
// Verification order: envelope signature → payload type → statement shape → subject digest.
import { BulwarkError } from '../../core/errors.js';
import { signEnvelope, verifyEnvelope, type Envelope } from '../dsse/envelope.js';
import type { SigningKey } from '../keys/private.js';
import type { PublicKey } from '../keys/public.js';
import { predicateTypeMatches } from './predicate-types.js';
import {
  INTOTO_PAYLOAD_TYPE,
  checkSubject,
  createStatement,
  parseStatement,
  type Statement,
} from './statement.js';

export interface CreateAttestationInput {
  /** Subject name, e.g. the repository `registry.example/team/app`. */
  name: string;
  digest: string;
  predicateType: string;
  predicate: unknown;
}

/** Build and sign an in-toto v1 attestation envelope for one image. */
export function createAttestation(keys: readonly SigningKey[], input: CreateAttestationInput): Envelope {
  const statement = createStatement({
    subjects: [{ name: input.name, digest: input.digest }],
    predicateType: input.predicateType,
    predicate: input.predicate,
  });
  return signEnvelope(INTOTO_PAYLOAD_TYPE, statement, keys);
}

export interface VerifiedAttestation {
  statement: Statement;
  keys: PublicKey[];
}

/** Check the authenticated payload of an envelope: type, statement, subject, optional predicate type. */
export function checkAttestationPayload(
  payloadType: string,
  payload: Buffer,
  digest: string,
  requestedType?: string,
): Statement {
  if (payloadType !== INTOTO_PAYLOAD_TYPE) {
    throw new BulwarkError(
      'BAD_SIGNATURE',
      `DSSE payload type is ${payloadType}, expected ${INTOTO_PAYLOAD_TYPE}`,
    );
  }
  const statement = parseStatement(payload);
  checkSubject(statement, digest);
  if (requestedType !== undefined && !predicateTypeMatches(requestedType, statement.predicateType)) {
    throw new BulwarkError(
      'UNSIGNED',
      `attestation has predicate type ${statement.predicateType}, not ${requestedType}`,
    );
  }
  return statement;
}

/**
 * Verify an attestation envelope for `digest` with trusted keys. Errors: BAD_SIGNATURE,
 * UNTRUSTED_IDENTITY, DIGEST_MISMATCH (subject is another artifact), UNSIGNED (other predicate type).
 */
export function verifyAttestation(
  envelope: Envelope | string | Buffer,
  keys: readonly PublicKey[],
  digest: string,
  opts: { predicateType?: string; threshold?: number } = {},
): VerifiedAttestation {
  const v = verifyEnvelope(envelope, keys, opts.threshold ?? 1);
  return {
    statement: checkAttestationPayload(v.payloadType, v.payload, digest, opts.predicateType),
    keys: v.keys,
  };
}
