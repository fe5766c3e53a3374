// `--type` names → predicate type URIs, as cosign maps them (ref: sigstore/cosign
// cmd/cosign/cli/options/predicate.go PredicateTypeMap, pkg/cosign/attestation/attestation.go).
// Any other value that is an absolute URI is used as given.
import { BulwarkError } from '../../core/errors.js';

export const PREDICATE_TYPES = {
  custom: 'https://cosign.sigstore.dev/attestation/v1',
  slsaprovenance: 'https://slsa.dev/provenance/v0.2',
  slsaprovenance02: 'https://slsa.dev/provenance/v0.2',
  slsaprovenance1: 'https://slsa.dev/provenance/v1',
  spdx: 'https://spdx.dev/Document',
  spdxjson: 'https://spdx.dev/Document',
  cyclonedx: 'https://cyclonedx.org/bom',
  link: 'https://in-toto.io/Link/v1',
  vuln: 'https://cosign.sigstore.dev/attestation/vuln/v1',
  openvex: 'https://openvex.dev/ns',
} as const;

export type PredicateTypeName = keyof typeof PREDICATE_TYPES;

/** cosign `sign` (v3) signs an in-toto statement with this predicate type instead of simple signing. */
export const COSIGN_SIGN_PREDICATE_TYPE = 'https://sigstore.dev/cosign/sign/v1';

/** Resolve a `--type` value (short name or URI) to the predicate type URI. */
export function predicateTypeUri(type: string): string {
  const short = (PREDICATE_TYPES as Record<string, string>)[type];
  if (short) return short;
  if (/^[a-z][a-z0-9+.-]*:\/\/\S+$/i.test(type)) return type;
  throw new BulwarkError(
    'USAGE',
    `unknown predicate type "${type}"; use one of ${Object.keys(PREDICATE_TYPES).join(', ')} or a URI`,
  );
}

/**
 * Does statement predicate type `actual` satisfy a requested `--type`? Short names compare by URI;
 * SLSA provenance requested without a version (`slsaprovenance`) accepts both v0.2 and v1, because
 * users ask for "provenance", not for a schema revision.
 */
export function predicateTypeMatches(requested: string, actual: string): boolean {
  if (requested === 'slsaprovenance') {
    return actual === PREDICATE_TYPES.slsaprovenance02 || actual === PREDICATE_TYPES.slsaprovenance1;
  }
  if (requested === 'openvex')
    return actual === PREDICATE_TYPES.openvex || actual.startsWith(`${PREDICATE_TYPES.openvex}/`);
  return predicateTypeUri(requested) === actual;
}
