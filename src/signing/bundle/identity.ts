// Keyless identity matching, as cosign's --certificate-identity[-regexp] and
// --certificate-oidc-issuer[-regexp] do it (ref: sigstore/cosign pkg/cosign/verify.go CheckCertificatePolicy):
// exact strings compare whole; regular expressions match anywhere unless anchored (Go regexp.MatchString),
// so write ^…$ to pin the whole value. Each identity needs a subject and an issuer constraint.
import { BulwarkError } from '../../core/errors.js';

export interface KeylessIdentity {
  subject?: string;
  subjectRegExp?: string;
  issuer?: string;
  issuerRegExp?: string;
}

export interface CertificateIdentity {
  /** SAN of the Fulcio certificate: e-mail, URI (workflow ref) or other name. */
  subject: string;
  /** OIDC issuer from the Fulcio extension (1.3.6.1.4.1.57264.1.8, else .1.1). */
  issuer: string;
}

const cache = new Map<string, RegExp>();
function re(source: string, what: string): RegExp {
  let r = cache.get(source);
  if (!r) {
    try {
      r = new RegExp(source, 'u');
    } catch (err) {
      throw new BulwarkError('USAGE', `${what} ${JSON.stringify(source)} is not a valid regular expression`, {
        cause: err,
      });
    }
    cache.set(source, r);
  }
  return r;
}

/** Throws USAGE unless the identity constrains both subject and issuer (cosign requires both). */
export function checkIdentitySpec(id: KeylessIdentity): void {
  if (id.subject === undefined && id.subjectRegExp === undefined) {
    throw new BulwarkError(
      'USAGE',
      'a keyless identity needs --certificate-identity or --certificate-identity-regexp',
    );
  }
  if (id.issuer === undefined && id.issuerRegExp === undefined) {
    throw new BulwarkError(
      'USAGE',
      'a keyless identity needs --certificate-oidc-issuer or --certificate-oidc-issuer-regexp',
    );
  }
  if (id.subjectRegExp !== undefined) re(id.subjectRegExp, 'identity regexp');
  if (id.issuerRegExp !== undefined) re(id.issuerRegExp, 'issuer regexp');
}

export function identityMatches(id: KeylessIdentity, cert: CertificateIdentity): boolean {
  const subjectOk =
    (id.subject === undefined || id.subject === cert.subject) &&
    (id.subjectRegExp === undefined || re(id.subjectRegExp, 'identity regexp').test(cert.subject));
  const issuerOk =
    (id.issuer === undefined || id.issuer === cert.issuer) &&
    (id.issuerRegExp === undefined || re(id.issuerRegExp, 'issuer regexp').test(cert.issuer));
  return (
    subjectOk &&
    issuerOk &&
    (id.subject ?? id.subjectRegExp) !== undefined &&
    (id.issuer ?? id.issuerRegExp) !== undefined
  );
}

export function describeIdentity(id: KeylessIdentity): string {
  const s = id.subject ?? `/${id.subjectRegExp}/`;
  const i = id.issuer ?? `/${id.issuerRegExp}/`;
  return `${s} from ${i}`;
}
