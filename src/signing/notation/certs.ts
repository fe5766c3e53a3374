// X.509 checks Notation applies to signing certificate chains.
// ref: notaryproject/specifications specs/signature-specification.md "Certificate Requirements" and
// trust-store-trust-policy.md: the chain in x5c is leaf first, each certificate signed by the next;
// the leaf is a code-signing certificate (keyUsage digitalSignature, EKU codeSigning if present, not a CA);
// intermediates and root are CAs with keyCertSign; RSA ≥ 2048 bits or EC P-256/384/521.
import { X509Certificate } from 'node:crypto';
import { X509Certificate as SigstoreX509 } from '@sigstore/core';
import { BulwarkError } from '../../core/errors.js';

const EKU_CODE_SIGNING = '1.3.6.1.5.5.7.3.3';
const EKU_TIMESTAMPING = '1.3.6.1.5.5.7.3.8';
/** Extensions we understand; any other critical extension makes a certificate unusable (RFC 5280 §4.2). */
const KNOWN_EXTENSIONS = new Set([
  '2.5.29.15',
  '2.5.29.19',
  '2.5.29.37',
  '2.5.29.17',
  '2.5.29.14',
  '2.5.29.35',
  '2.5.29.31',
  '2.5.29.32',
  '1.3.6.1.5.5.7.1.1',
]);

export interface Cert {
  x509: X509Certificate;
  der: Buffer;
  /** SHA-256 of the DER, lowercase hex (Notation's thumbprint annotation). */
  thumbprint: string;
}

export function parseCertDer(der: Buffer, what: string): Cert {
  try {
    const x509 = new X509Certificate(der);
    return { x509, der: x509.raw, thumbprint: x509.fingerprint256.replace(/:/g, '').toLowerCase() };
  } catch (err) {
    throw new BulwarkError('BAD_SIGNATURE', `${what} is not an X.509 certificate`, { cause: err });
  }
}

function fail(why: string): BulwarkError {
  return new BulwarkError('BAD_SIGNATURE', `certificate chain: ${why}`);
}

function keyOk(c: Cert): boolean {
  const k = c.x509.publicKey;
  if (k.asymmetricKeyType === 'rsa') return (k.asymmetricKeyDetails?.modulusLength ?? 0) >= 2048;
  if (k.asymmetricKeyType === 'ec')
    return ['prime256v1', 'secp384r1', 'secp521r1'].includes(k.asymmetricKeyDetails?.namedCurve ?? '');
  return false;
}

function name(c: Cert): string {
  return c.x509.subject.replace(/\n/g, ', ');
}

/**
 * Validate a leaf-first chain for code signing, and its validity periods at `at` when given. The last certificate must be self-signed
 * (a root) unless the chain is a single self-signed leaf, which Notation allows for test certificates.
 */
export function validateCodeSigningChain(
  chain: readonly Cert[],
  at: Date | undefined,
  purpose: 'codeSigning' | 'timestamping' = 'codeSigning',
): void {
  if (chain.length === 0) throw fail('empty');
  if (chain.length > 10) throw fail('longer than 10 certificates');
  for (const [i, c] of chain.entries()) {
    const core = SigstoreX509.parse(Buffer.from(c.der));
    for (const ext of core.extensions) {
      const oid = ext.subs[0]!.toOID();
      const critical = ext.subs.length === 3 && ext.subs[1]!.toBoolean();
      if (critical && !KNOWN_EXTENSIONS.has(oid))
        throw fail(`${name(c)} has unknown critical extension ${oid}`);
    }
    if (!keyOk(c))
      throw fail(`${name(c)} has a key Notation does not allow (RSA < 2048 or unsupported curve)`);
    const from = new Date(c.x509.validFrom);
    const to = new Date(c.x509.validTo);
    if (at && (at < from || at > to))
      throw fail(
        `${name(c)} is not valid at ${at.toISOString()} (valid ${from.toISOString()} to ${to.toISOString()})`,
      );
    const ku = core.extKeyUsage;
    const isLeaf = i === 0;
    if (isLeaf) {
      if (c.x509.ca && chain.length > 1) throw fail(`leaf ${name(c)} is a CA certificate`);
      if (!ku || !ku.digitalSignature) throw fail(`leaf ${name(c)} lacks keyUsage digitalSignature`);
      const eku = c.x509.keyUsage; // Node names the extended key usage list "keyUsage"
      const want = purpose === 'codeSigning' ? EKU_CODE_SIGNING : EKU_TIMESTAMPING;
      if (eku && eku.length > 0 && !eku.includes(want))
        throw fail(`leaf ${name(c)} is not for ${purpose} (EKU ${eku.join(', ')})`);
    } else {
      if (!c.x509.ca) throw fail(`${name(c)} signs ${name(chain[i - 1]!)} but is not a CA`);
      if (ku && !ku.keyCertSign) throw fail(`${name(c)} lacks keyUsage keyCertSign`);
    }
    const issuer = chain[i + 1] ?? c;
    // OpenSSL's check_issued also demands keyCertSign of the issuer, which a self-signed code-signing
    // leaf (Notation's test certificates) lacks; for the self-signed end compare names instead.
    const linked = issuer === c ? c.x509.subject === c.x509.issuer : c.x509.checkIssued(issuer.x509);
    if (!linked || !c.x509.verify(issuer.x509.publicKey)) {
      throw fail(
        i + 1 < chain.length
          ? `${name(c)} is not signed by ${name(issuer)}`
          : `the last certificate ${name(c)} is not a self-signed root`,
      );
    }
  }
}
