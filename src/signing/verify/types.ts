// What verification is asked to prove and what it reports. The report is the `--format json` output of
// `bulwark verify` / `verify-attestation` and what admission reuses.
import type { ErrorCode } from '../../core/errors.js';
import type { TrustRoot } from '../bundle/trusted-root.js';
import type { PublicKey } from '../keys/public.js';
import type { NotationTrustPolicyDocument } from '../notation/trust-policy.js';
import type { NotationTrustStore } from '../notation/trust-store.js';
import type { DiscoveryPath, PathReport } from '../registry/discover.js';

/** A keyless signer constraint (cosign --certificate-identity[-regexp] / --certificate-oidc-issuer[-regexp]). */
export interface KeylessIdentitySpec {
  subject?: string;
  subjectRegExp?: string;
  issuer?: string;
  issuerRegExp?: string;
}

export interface TrustOptions {
  /** Trusted public keys (`--key`, repeatable). */
  keys: PublicKey[];
  /** Distinct trusted signers required (`--threshold`, default 1). */
  threshold?: number;
  /** Accepted keyless identities; need `trustedRootJson`. */
  identities?: KeylessIdentitySpec[];
  /** The sigstore trusted root (`--trusted-root FILE`) as JSON text, for offline keyless verification. */
  trustedRootJson?: string;
  /** The same, already parsed (trust policies resolve it themselves). */
  trustedRoot?: TrustRoot;
  /** Notation verification: trust policy + trust store pairs; a signature must satisfy one. */
  notation?: NotationSigner[];
}

export interface NotationSigner {
  /** Signer name in a Bulwark trust policy, if any. */
  name?: string;
  trustPolicy: NotationTrustPolicyDocument;
  trustStore: NotationTrustStore;
}

export type VerifyMode = 'signature' | 'attestation';

export type SignatureKind = 'cosign-signature' | 'cosign-attestation' | 'sigstore-bundle' | 'notation';

export type Signer =
  | { kind: 'key'; keyId: string }
  | { kind: 'keyless'; subject: string; issuer: string }
  /** Notation: the leaf certificate subject, and the trust-policy signer that accepted it. */
  | { kind: 'x509'; subject: string; name?: string };

export interface VerifiedSignature {
  kind: SignatureKind;
  path: DiscoveryPath;
  tag?: string;
  /** Digest of the manifest holding the signature (`.sig`/`.att` manifest or referrer). */
  manifestDigest: string;
  /** Digest of the blob holding the payload, envelope or bundle. */
  layerDigest: string;
  signer: Signer;
  /** Simple signing: the signed docker-reference and optional claims. */
  dockerReference?: string;
  optional?: Record<string, unknown> | null;
  /** Attestations and bundles: the in-toto predicate type and statement. */
  predicateType?: string;
  statement?: unknown;
}

export interface Rejection {
  kind: SignatureKind;
  path: DiscoveryPath;
  manifestDigest?: string;
  layerDigest?: string;
  code: ErrorCode;
  reason: string;
}

export interface VerificationReport {
  reference: string;
  digest: string;
  mode: VerifyMode;
  predicateType?: string;
  /** One entry per discovery path consulted, with what it found or its error. */
  discovery: (PathReport & { kind: SignatureKind | 'referrers' })[];
  verified: VerifiedSignature[];
  /** Candidates that failed a step, with the step's code. */
  rejected: Rejection[];
  /** Verified attestations of other predicate types (not counted). */
  otherTypes?: string[];
  /** Distinct trusted signers that verified, and how many were required. */
  signers: string[];
  threshold: number;
  /** Whether the answer came from the verification cache. */
  cached: boolean;
}
