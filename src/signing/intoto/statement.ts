// in-toto Statements: create v1, read v1 and v0.1, and check the subject against the image.
// ref: in-toto/attestation spec/v1/statement.md (and v0.1). Payload type `application/vnd.in-toto+json`.
// The subject check is not optional: an attestation names what it is about, and a valid attestation
// for another image must never count for this one.
import { BulwarkError } from '../../core/errors.js';
import { splitDigest } from '../digest.js';

export const INTOTO_PAYLOAD_TYPE = 'application/vnd.in-toto+json';
export const STATEMENT_V1 = 'https://in-toto.io/Statement/v1';
export const STATEMENT_V01 = 'https://in-toto.io/Statement/v0.1';

export interface Subject {
  name: string;
  digest: Record<string, string>;
}

export interface Statement {
  _type: string;
  subject: Subject[];
  predicateType: string;
  predicate: unknown;
}

export interface CreateStatementInput {
  subjects: { name: string; digest: string }[];
  predicateType: string;
  predicate: unknown;
}

/** Statement v1 bytes, fields in the spec's order. */
export function createStatement(input: CreateStatementInput): Buffer {
  if (input.subjects.length === 0)
    throw new BulwarkError('INVALID_INPUT', 'an attestation needs at least one subject');
  const statement: Statement = {
    _type: STATEMENT_V1,
    subject: input.subjects.map((s) => {
      const { algorithm, hex } = splitDigest(s.digest);
      return { name: s.name, digest: { [algorithm]: hex } };
    }),
    predicateType: input.predicateType,
    predicate: input.predicate ?? {},
  };
  return Buffer.from(JSON.stringify(statement), 'utf8');
}

function bad(why: string): BulwarkError {
  return new BulwarkError('BAD_SIGNATURE', `in-toto statement is malformed: ${why}`);
}

/** Parse an (authenticated) statement, v1 or v0.1. Errors are BAD_SIGNATURE. */
export function parseStatement(payload: Buffer): Statement {
  let doc: unknown;
  try {
    doc = JSON.parse(payload.toString('utf8'));
  } catch {
    throw bad('not JSON');
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw bad('not a JSON object');
  const s = doc as Record<string, unknown>;
  if (s._type !== STATEMENT_V1 && s._type !== STATEMENT_V01)
    throw bad(`unknown _type ${JSON.stringify(s._type)}`);
  if (!Array.isArray(s.subject) || s.subject.length === 0) throw bad('no subject');
  const subject = s.subject.map((x: unknown, i): Subject => {
    if (typeof x !== 'object' || x === null) throw bad(`subject ${i} is not an object`);
    const { name, digest } = x as Record<string, unknown>;
    if (typeof digest !== 'object' || digest === null || Array.isArray(digest))
      throw bad(`subject ${i} has no digest`);
    const d: Record<string, string> = {};
    for (const [k, v] of Object.entries(digest)) {
      if (typeof v !== 'string') throw bad(`subject ${i} digest ${k} is not a string`);
      d[k] = v;
    }
    return { name: typeof name === 'string' ? name : '', digest: d };
  });
  if (typeof s.predicateType !== 'string' || s.predicateType === '') throw bad('no predicateType');
  return { _type: s._type, subject, predicateType: s.predicateType, predicate: s.predicate ?? null };
}

/** Throws DIGEST_MISMATCH unless some subject carries `digest` (hex compared case-insensitively). */
export function checkSubject(statement: Statement, digest: string): Subject {
  const { algorithm, hex } = splitDigest(digest);
  const hit = statement.subject.find((s) => s.digest[algorithm]?.toLowerCase() === hex);
  if (!hit) {
    const names = statement.subject
      .map((s) =>
        Object.entries(s.digest)
          .map(([a, h]) => `${a}:${h}`)
          .join('/'),
      )
      .join(', ');
    throw new BulwarkError('DIGEST_MISMATCH', `attestation subject (${names}) does not match ${digest}`);
  }
  return hit;
}
