// Trust policy model: which images need which signers and attestations. The YAML document
// (docs/trust-policy.md) is parsed into TrustPolicyDocument; file references (keys, trusted root,
// Notation configs) are then loaded into a ResolvedTrustPolicy, which evaluatePolicy reads together
// with the facts that verification proved. Evaluation is pure: the same inputs give the same decision,
// so `bulwark verify --policy` and the admission webhook decide alike.
import type { ErrorCode } from '../../core/errors.js';
import type { KeylessIdentity } from '../../signing/bundle/identity.js';
import type { TrustRoot } from '../../signing/bundle/trusted-root.js';
import type { Statement } from '../../signing/intoto/statement.js';
import type { PublicKey } from '../../signing/keys/public.js';
import type { NotationTrustPolicyDocument } from '../../signing/notation/trust-policy.js';
import type { NotationTrustStore } from '../../signing/notation/trust-store.js';

export const TRUST_POLICY_API_VERSION = 'bulwark.dev/v1';
export const TRUST_POLICY_KIND = 'TrustPolicy';

/** A signer as written in YAML: exactly one of key, keyless, notation. */
export interface SignerSpec {
  /** Path to a PEM public key (relative to the policy file) or the PEM text itself. */
  key?: string;
  keyless?: KeylessIdentity;
  /** Paths (relative to the policy file) to a Notation trustpolicy.json and a trust store directory. */
  notation?: { trustPolicy: string; trustStore: string };
}

export type ConditionOp = 'equals' | 'notEquals' | 'in' | 'matches' | 'exists';

/** A check on the in-toto statement: `path` is a dot path from the statement root, e.g. predicate.builder.id. */
export interface PathCondition {
  path: string;
  equals?: unknown;
  notEquals?: unknown;
  in?: unknown[];
  matches?: string;
  exists?: boolean;
}

export interface AttestationRequirement {
  /** `--type` short name (slsaprovenance, cyclonedx, spdx, openvex, vuln, …) or a predicate type URI. */
  type: string;
  /** Signers allowed to make it; default: the rule's signers. */
  signers?: string[];
  /** SLSA provenance builder id (v1 runDetails.builder.id, v0.2 builder.id) must equal this. */
  builderId?: string;
  builderIdRegExp?: string;
  /** The attestation's time (scan finished, build finished, SBOM created, else log time) is at most this old: 30m, 12h, 7d, 2w. */
  maxAge?: string;
  /** Vulnerability predicates: no finding may have one of these severities. */
  denySeverities?: string[];
  conditions?: PathCondition[];
}

export type RuleAction = 'verify' | 'allow' | 'deny';

export interface RuleSpec {
  name: string;
  /** Globs over normalized image names `registry/repository` (`*` stays within one path component, `**` spans). */
  images: string[];
  action?: RuleAction;
  /** Names from `signers`; verified signatures count per distinct signer. */
  signers?: string[];
  /** Distinct signers needed; default 1. */
  threshold?: number;
  /** Signers that must be among them. */
  required?: string[];
  attestations?: AttestationRequirement[];
}

export interface TrustPolicyDocument {
  apiVersion: typeof TRUST_POLICY_API_VERSION;
  kind: typeof TRUST_POLICY_KIND;
  /** Sigstore trusted root for keyless signers (path relative to the policy file). */
  trustedRoot?: string;
  signers: Record<string, SignerSpec>;
  rules: RuleSpec[];
  /** When no rule matches: deny (default) or allow. */
  defaultAction?: 'allow' | 'deny';
}

export type ResolvedSigner =
  | { name: string; kind: 'key'; key: PublicKey }
  | { name: string; kind: 'keyless'; identity: KeylessIdentity }
  | {
      name: string;
      kind: 'notation';
      trustPolicy: NotationTrustPolicyDocument;
      trustStore: NotationTrustStore;
    };

export interface ResolvedTrustPolicy {
  document: TrustPolicyDocument;
  signers: Map<string, ResolvedSigner>;
  trustedRoot?: TrustRoot;
  /** Where the policy came from, for messages. */
  source: string;
}

/** Who made a verified signature or attestation. */
export type SignerFact =
  | { kind: 'key'; keyId: string }
  | { kind: 'keyless'; subject: string; issuer: string }
  /** Notation signatures are verified under a signer's trust policy; `signer` names it. */
  | { kind: 'notation'; signer: string; subject: string };

export interface SignatureFact {
  signer: SignerFact;
  /** How it was found (referrers API, tag index, .sig tag), for reports. */
  source?: string;
  /** Verified time (log or TSA), if any. */
  timestamp?: Date;
}

export interface AttestationFact {
  signer: SignerFact;
  /** The statement, already checked to name the image digest. */
  statement: Statement;
  source?: string;
  timestamp?: Date;
}

/** What verification proved about one image digest. Only verified items belong here. */
export interface VerifiedFacts {
  digest: string;
  signatures: SignatureFact[];
  attestations: AttestationFact[];
}

export interface PolicyDecision {
  allowed: boolean;
  /** The rule that decided, or undefined when the default action did. */
  rule?: string;
  /** Why: each satisfied or failed requirement, in order. */
  reasons: string[];
  /** For a denial: UNSIGNED (nothing verified), UNTRUSTED_IDENTITY (signers short), or POLICY_DENIED. */
  code?: Extract<ErrorCode, 'UNSIGNED' | 'UNTRUSTED_IDENTITY' | 'POLICY_DENIED'>;
}
