// Verifying an image in a registry under a trust policy (`bulwark verify --policy`, and what admission
// reuses): the policy's rule for the image names its signers → the signing pipeline proves what it can
// (signatures, and attestations when the rule asks for them) without deciding → the pure evaluatePolicy
// decides. A denial caused by content that failed its digest, or by a registry path that could not be
// read, reports that cause instead of "unsigned", so nothing falls back silently.
import { BulwarkError, type ErrorCode } from '../core/errors.js';
import type { RegistryClient } from '../image/registry/client.js';
import type { ManifestRef, RepoRef } from '../image/registry/types.js';
import type { VerificationCache } from '../signing/verify/cache.js';
import { verifyImage } from '../signing/verify/pipeline.js';
import type { TrustOptions, VerificationReport, VerifiedSignature } from '../signing/verify/types.js';
import type { Statement } from '../signing/intoto/statement.js';
import { evaluatePolicy, trustMaterialFor } from './trust/evaluate.js';
import type { PolicyDecision, ResolvedTrustPolicy, SignerFact, VerifiedFacts } from './trust/types.js';

export interface PolicyVerification {
  image: string;
  digest: string;
  decision: PolicyDecision;
  signatures?: VerificationReport;
  attestations?: VerificationReport;
}

/** Policy denied the image; `result` holds the decision and what verification saw. */
export class PolicyFailure extends BulwarkError {
  constructor(
    code: ErrorCode,
    message: string,
    readonly result: PolicyVerification,
  ) {
    super(code, message);
  }
}

const ESCALATE: ErrorCode[] = [
  'DIGEST_MISMATCH',
  'REGISTRY_UNREACHABLE',
  'REGISTRY_AUTH',
  'REGISTRY_ERROR',
  'LIMIT_EXCEEDED',
  'TRUNCATED',
];

function fact(v: VerifiedSignature): SignerFact {
  const s = v.signer;
  if (s.kind === 'key') return { kind: 'key', keyId: s.keyId };
  if (s.kind === 'keyless') return { kind: 'keyless', subject: s.subject, issuer: s.issuer };
  return { kind: 'notation', signer: s.name ?? '', subject: s.subject };
}

function worstProblem(
  reports: (VerificationReport | undefined)[],
): { code: ErrorCode; reason: string } | undefined {
  const problems = reports.flatMap((r) =>
    r
      ? [
          ...r.rejected.map((x) => ({ code: x.code, reason: `${x.path}: ${x.reason}` })),
          ...r.discovery
            .filter((d) => d.error)
            .map((d) => ({ code: d.error!.code, reason: `${d.path}: ${d.error!.message}` })),
        ]
      : [],
  );
  return problems
    .filter((p) => ESCALATE.includes(p.code))
    .sort((a, b) => ESCALATE.indexOf(a.code) - ESCALATE.indexOf(b.code))[0];
}

export async function verifyWithPolicy(
  client: RegistryClient,
  ref: ManifestRef,
  policy: ResolvedTrustPolicy,
  opts: { cache?: VerificationCache; signatureRepo?: RepoRef; now?: Date } = {},
): Promise<PolicyVerification> {
  const digest = ref.digest ?? (await client.resolve(ref)).digest;
  const image = `${ref.registry}/${ref.repository}@${digest}`;
  const material = trustMaterialFor(policy, image);
  const rule = material.match?.rule;
  const facts: VerifiedFacts = { digest, signatures: [], attestations: [] };
  const result: PolicyVerification = { image, digest, decision: { allowed: false, reasons: [] } };
  if (rule && (rule.action ?? 'verify') === 'verify' && material.signers.length > 0) {
    const trust: TrustOptions = {
      keys: material.keys,
      identities: material.identities,
      threshold: 1,
      ...(policy.trustedRoot ? { trustedRoot: policy.trustedRoot } : {}),
      notation: material.notation.map((n) => ({
        name: n.name,
        trustPolicy: n.trustPolicy,
        trustStore: n.trustStore,
      })),
    };
    const target = { ...ref, digest };
    const common = {
      decide: false,
      ...(opts.cache ? { cache: opts.cache } : {}),
      ...(opts.signatureRepo ? { signatureRepo: opts.signatureRepo } : {}),
    };
    const [sig, att] = await Promise.all([
      verifyImage(client, target, trust, { mode: 'signature', ...common }),
      rule.attestations?.length
        ? verifyImage(client, target, trust, { mode: 'attestation', ...common })
        : undefined,
    ]);
    result.signatures = sig;
    if (att) result.attestations = att;
    facts.signatures = sig.verified.map((v) => ({ signer: fact(v), source: v.path }));
    facts.attestations = (att?.verified ?? []).flatMap((v) =>
      v.statement ? [{ signer: fact(v), statement: v.statement as Statement, source: v.path }] : [],
    );
  }
  result.decision = evaluatePolicy(policy, image, facts, opts.now ? { now: opts.now } : {});
  if (result.decision.allowed) return result;
  const worst = worstProblem([result.signatures, result.attestations]);
  const code: ErrorCode =
    worst && result.decision.code !== 'POLICY_DENIED'
      ? worst.code
      : (result.decision.code ?? 'POLICY_DENIED');
  const why =
    worst && code === worst.code
      ? worst.reason
      : result.decision.reasons.slice(1).join('; ') || result.decision.reasons.join('; ');
  throw new PolicyFailure(code, `${image}: denied by ${policy.source}: ${why}`, result);
}
