// Verify a Notation signature against a Notation trust policy and trust store, as `notation verify`
// does (ref: notaryproject/specifications specs/trust-store-trust-policy.md "Signature Verification").
// Steps: pick the policy for the repository → integrity (envelope, signature, chain shape, target
// digest) → authenticity (chain anchors in the policy's trust stores; leaf matches a trusted identity)
// → authentic timestamp → expiry → revocation. The level decides which failures are fatal; only
// strict and permissive (authenticity enforced) yield `verified: true`.
import { BulwarkError } from '../../core/errors.js';
import { NOTATION } from '../oci-constants.js';
import { validateCodeSigningChain } from './certs.js';
import { verifyJwsIntegrity } from './jws.js';
import {
  LEVEL_ACTIONS,
  identityTrusted,
  selectTrustPolicy,
  type CheckAction,
  type NotationTrustPolicyDocument,
  type VerificationCheck,
  type VerificationLevel,
} from './trust-policy.js';
import type { NotationTrustStore } from './trust-store.js';

export interface NotationVerifyInput {
  /** The signature layer blob. */
  envelope: Buffer;
  /** Layer media type; JWS (`application/jose+json`) is supported, COSE is not yet. */
  mediaType?: string;
  /** Descriptor of the signed manifest (from the referrer's `subject`, or the resolved image). */
  subject: { digest: string; mediaType?: string; size?: number };
  /** `registry/repository` of the image, for registryScopes. */
  repository: string;
}

export interface NotationVerifyOptions {
  trustPolicy: NotationTrustPolicyDocument;
  trustStore: NotationTrustStore;
  now?: Date;
}

export interface VerifiedNotation {
  policy: string;
  level: VerificationLevel;
  /** True only when integrity and authenticity were enforced and passed. */
  verified: boolean;
  /** The policy's level is "skip": nothing was checked. */
  skipped: boolean;
  signer?: { subject: string; thumbprints: string[] };
  signingScheme?: string;
  signingTime?: Date;
  expiry?: Date;
  /** Failures of checks the level only logs, and checks Bulwark cannot run offline. */
  warnings: string[];
}

function actionsFor(
  policy: NotationTrustPolicyDocument['trustPolicies'][number],
): Record<VerificationCheck, CheckAction> {
  return {
    ...LEVEL_ACTIONS[policy.signatureVerification.level],
    ...(policy.signatureVerification.override ?? {}),
  };
}

export function verifyNotationSignature(
  input: NotationVerifyInput,
  opts: NotationVerifyOptions,
): VerifiedNotation {
  const now = opts.now ?? new Date();
  const policy = selectTrustPolicy(opts.trustPolicy, input.repository);
  if (!policy) {
    throw new BulwarkError(
      'UNTRUSTED_IDENTITY',
      `no Notation trust policy applies to ${input.repository}; add its scope or "*"`,
    );
  }
  const level = policy.signatureVerification.level;
  const base = { policy: policy.name, level, warnings: [] as string[] };
  if (level === 'skip') return { ...base, verified: false, skipped: true };
  const actions = actionsFor(policy);
  const check = (c: VerificationCheck, ok: boolean, err: () => BulwarkError): void => {
    if (ok || actions[c] === 'skip') return;
    const e = err();
    if (actions[c] === 'enforce') throw e;
    base.warnings.push(`${c}: ${e.message}`);
  };

  // Integrity.
  if (input.mediaType !== undefined && input.mediaType !== NOTATION.jwsMediaType) {
    throw new BulwarkError(
      'UNSUPPORTED_MEDIA_TYPE',
      `Notation signature media type ${input.mediaType} is not supported; Bulwark verifies JWS`,
    );
  }
  const env = verifyJwsIntegrity(input.envelope);
  validateCodeSigningChain(env.chain, undefined);
  const t = env.target;
  if (t.digest !== input.subject.digest) {
    throw new BulwarkError(
      'DIGEST_MISMATCH',
      `Notation signature is for ${t.digest}, not ${input.subject.digest}`,
    );
  }
  if (input.subject.size !== undefined && t.size !== input.subject.size) {
    throw new BulwarkError(
      'DIGEST_MISMATCH',
      `Notation signature names size ${t.size}, the manifest has ${input.subject.size}`,
    );
  }
  if (input.subject.mediaType !== undefined && t.mediaType !== input.subject.mediaType) {
    throw new BulwarkError(
      'DIGEST_MISMATCH',
      `Notation signature names media type ${t.mediaType}, the manifest is ${input.subject.mediaType}`,
    );
  }

  // Authenticity: a certificate of the chain is in one of the policy's trust stores of the right type.
  const type = env.signingScheme === 'notary.x509' ? 'ca' : 'signingAuthority';
  const anchors = policy.trustStores
    .filter((s) => s.startsWith(`${type}:`))
    .flatMap((s) => opts.trustStore.get(s) ?? []);
  const anchored = env.chain.some((c) => anchors.some((a) => a.der.equals(c.der)));
  const leaf = env.chain[0]!;
  const leafName = leaf.x509.subject.replace(/\n/g, ', ');
  check(
    'authenticity',
    anchored,
    () =>
      new BulwarkError(
        'UNTRUSTED_IDENTITY',
        `Notation signer ${leafName} does not chain to trust store(s) ${policy.trustStores.join(', ')} (${anchors.length} certificate(s) of type ${type})`,
      ),
  );
  check(
    'authenticity',
    identityTrusted(policy, leaf.x509.subject),
    () =>
      new BulwarkError(
        'UNTRUSTED_IDENTITY',
        `Notation signer ${leafName} is not a trusted identity of policy ${policy.name}`,
      ),
  );

  // Authentic timestamp: with notary.x509 the signing time is only the signer's claim, so the chain must
  // be valid now; a TSA countersignature would extend that, but Bulwark does not verify it offline yet.
  const at = env.signingScheme === 'notary.x509' ? now : env.signingTime;
  let timeOk = true;
  let timeErr = '';
  try {
    validateCodeSigningChain(env.chain, at);
  } catch (err) {
    timeOk = false;
    timeErr = (err as Error).message;
  }
  check(
    'authenticTimestamp',
    timeOk,
    () =>
      new BulwarkError(
        'UNTRUSTED_IDENTITY',
        `${timeErr}${env.timestamp ? ' (the RFC 3161 countersignature is not verified by Bulwark)' : ''}`,
      ),
  );
  check(
    'expiry',
    !env.expiry || env.expiry >= now,
    () => new BulwarkError('BAD_SIGNATURE', `Notation signature expired at ${env.expiry!.toISOString()}`),
  );
  if (actions.revocation !== 'skip') base.warnings.push('revocation: not checked (offline; no OCSP/CRL)');

  return {
    ...base,
    verified: actions.authenticity === 'enforce',
    skipped: false,
    signer: { subject: leafName, thumbprints: env.chain.map((c) => c.thumbprint) },
    signingScheme: env.signingScheme,
    signingTime: env.signingTime,
    ...(env.expiry ? { expiry: env.expiry } : {}),
  };
}
