// evaluatePolicy: the pure decision `bulwark verify --policy` and the admission webhook share.
// Input: the resolved policy, the image reference as the user or pod spec gave it, and only the facts
// that verification proved for the image's digest. Output: allowed or not, with every reason.
import { identityMatches, type KeylessIdentity } from '../../signing/bundle/identity.js';
import { predicateTypeMatches } from '../../signing/intoto/predicate-types.js';
import type { PublicKey } from '../../signing/keys/public.js';
import { attestationFailures } from './conditions.js';
import { selectRule, type RuleMatch } from './match.js';
import type {
  AttestationFact,
  PolicyDecision,
  ResolvedSigner,
  ResolvedTrustPolicy,
  SignerFact,
  VerifiedFacts,
} from './types.js';

export function signerMatches(signer: ResolvedSigner, fact: SignerFact): boolean {
  switch (signer.kind) {
    case 'key':
      return fact.kind === 'key' && fact.keyId === signer.key.keyId;
    case 'keyless':
      return fact.kind === 'keyless' && identityMatches(signer.identity, fact);
    case 'notation':
      return fact.kind === 'notation' && fact.signer === signer.name;
  }
}

function describeFact(f: SignerFact): string {
  if (f.kind === 'key') return `key ${f.keyId}`;
  if (f.kind === 'keyless') return `${f.subject} (${f.issuer})`;
  return `Notation ${f.subject}`;
}

type Code = NonNullable<PolicyDecision['code']>;

/** What to verify an image with: the applicable rule and the trust material of its signers. */
export interface TrustMaterial {
  match?: RuleMatch;
  keys: PublicKey[];
  identities: KeylessIdentity[];
  notation: Extract<ResolvedSigner, { kind: 'notation' }>[];
  signers: ResolvedSigner[];
}

export function trustMaterialFor(policy: ResolvedTrustPolicy, imageRef: string): TrustMaterial {
  const match = selectRule(policy.document, imageRef);
  const names = new Set([
    ...(match?.rule.signers ?? []),
    ...(match?.rule.attestations ?? []).flatMap((a) => a.signers ?? []),
  ]);
  const signers = [...names].map((n) => policy.signers.get(n)!).filter(Boolean);
  return {
    ...(match ? { match } : {}),
    keys: signers.flatMap((s) => (s.kind === 'key' ? [s.key] : [])),
    identities: signers.flatMap((s) => (s.kind === 'keyless' ? [s.identity] : [])),
    notation: signers.filter(
      (s): s is Extract<ResolvedSigner, { kind: 'notation' }> => s.kind === 'notation',
    ),
    signers,
  };
}

export function evaluatePolicy(
  policy: ResolvedTrustPolicy,
  imageRef: string,
  facts: VerifiedFacts,
  opts: { now?: Date } = {},
): PolicyDecision {
  const now = opts.now ?? new Date();
  const match = selectRule(policy.document, imageRef);
  if (!match) {
    const allow = policy.document.defaultAction === 'allow';
    return {
      allowed: allow,
      reasons: [`no rule matches ${imageRef}; the default action is ${allow ? 'allow' : 'deny'}`],
      ...(allow ? {} : { code: 'POLICY_DENIED' as const }),
    };
  }
  const { rule, pattern, name } = match;
  const head = `rule "${rule.name}" (pattern ${pattern}) applies to ${name}`;
  const action = rule.action ?? 'verify';
  if (action === 'allow')
    return { allowed: true, rule: rule.name, reasons: [head, 'the rule allows it without verification'] };
  if (action === 'deny')
    return { allowed: false, rule: rule.name, reasons: [head, 'the rule denies it'], code: 'POLICY_DENIED' };

  const reasons = [head];
  let code: Code | undefined;
  const failWith = (c: Code, why: string) => {
    reasons.push(why);
    code ??= c;
  };
  const refDigest = /@(sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128})$/.exec(imageRef)?.[1];
  if (refDigest && refDigest !== facts.digest) {
    failWith('POLICY_DENIED', `the verified facts are about ${facts.digest}, not ${refDigest}`);
  }

  // Signatures: distinct rule signers with a verified signature.
  const signers = (rule.signers ?? []).map((n) => policy.signers.get(n)!);
  const satisfied = signers.filter((s) => facts.signatures.some((f) => signerMatches(s, f.signer)));
  const threshold = rule.threshold ?? 1;
  const missingRequired = (rule.required ?? []).filter((n) => !satisfied.some((s) => s.name === n));
  if (satisfied.length >= threshold && missingRequired.length === 0) {
    reasons.push(`signed by ${satisfied.map((s) => s.name).join(', ')} (threshold ${threshold})`);
  } else if (facts.signatures.length === 0) {
    failWith(
      'UNSIGNED',
      `no verified signature; needs ${threshold} of ${signers.map((s) => s.name).join(', ')}`,
    );
  } else {
    const others = facts.signatures
      .filter((f) => !signers.some((s) => signerMatches(s, f.signer)))
      .map((f) => describeFact(f.signer));
    const got = satisfied.length ? satisfied.map((s) => s.name).join(', ') : 'none of its signers';
    const req = missingRequired.length ? `; required signer(s) missing: ${missingRequired.join(', ')}` : '';
    const extra = others.length ? `; also signed by untrusted ${[...new Set(others)].join(', ')}` : '';
    failWith(
      'UNTRUSTED_IDENTITY',
      `signed by ${got}, needs ${threshold} of ${signers.map((s) => s.name).join(', ')}${req}${extra}`,
    );
  }

  // Attestations: each requirement needs one attestation of its type, by an allowed signer, passing all conditions.
  for (const req of rule.attestations ?? []) {
    const allowed = (req.signers ?? rule.signers ?? []).map((n) => policy.signers.get(n)!);
    const ofType = facts.attestations.filter((a) =>
      predicateTypeMatches(req.type, a.statement.predicateType),
    );
    const trusted = ofType.filter((a) => allowed.some((s) => signerMatches(s, a.signer)));
    if (ofType.length === 0) {
      failWith('UNSIGNED', `no verified ${req.type} attestation`);
      continue;
    }
    if (trusted.length === 0) {
      failWith(
        'UNTRUSTED_IDENTITY',
        `${req.type} attestation not signed by ${allowed.map((s) => s.name).join(' or ')}`,
      );
      continue;
    }
    const results = trusted.map((a: AttestationFact) => attestationFailures(a, req, now));
    const ok = results.findIndex((r) => r.length === 0);
    if (ok >= 0) reasons.push(`${req.type} attestation satisfies the rule`);
    else
      failWith('POLICY_DENIED', `${req.type} attestation fails: ${[...new Set(results.flat())].join('; ')}`);
  }
  return code
    ? { allowed: false, rule: rule.name, reasons, code }
    : { allowed: true, rule: rule.name, reasons };
}
