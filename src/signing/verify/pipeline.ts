// Verifying an image's signatures or attestations in a registry, top-down as its steps (architecture.md
// convention 7): resolve the reference to a digest → discover candidates on every path → per candidate:
// fetch by digest → check digests → check the signature → check the signer against the trust options →
// decide (threshold). Each step fails closed with its own code; every path's outcome is in the report.
import { BulwarkError, isBulwarkError } from '../../core/errors.js';
import type { RegistryClient } from '../../image/registry/client.js';
import { display } from '../../image/registry/names.js';
import type { ManifestRef, RepoRef } from '../../image/registry/types.js';
import { parseTrustedRoot, type TrustRoot } from '../bundle/trusted-root.js';
import { COSIGN_SIGN_PREDICATE_TYPE, predicateTypeMatches } from '../intoto/predicate-types.js';
import { ANNOTATIONS } from '../oci-constants.js';
import {
  discoverCosign,
  discoverReferrers,
  type CosignCandidate,
  type ReferrerCandidate,
} from '../registry/discover.js';
import { BUNDLE_TYPES, verifyBundleReferrer } from './bundle-candidates.js';
import { NOTATION_ARTIFACT_TYPE, verifyNotationReferrer } from './notation-candidates.js';
import { VerificationCache } from './cache.js';
import { verifyCosignAttestation, verifyCosignSignature } from './cosign-candidates.js';
import { decide, VerificationFailure } from './decide.js';
import type {
  SignatureKind,
  TrustOptions,
  VerificationReport,
  VerifiedSignature,
  VerifyMode,
} from './types.js';

export interface VerifyImageOptions {
  mode: VerifyMode;
  /** verify-attestation `--type` (short name or URI). */
  predicateType?: string;
  /** Where cosign `.sig`/`.att` tags live (COSIGN_REPOSITORY); default the image's repository. */
  signatureRepo?: RepoRef;
  cache?: VerificationCache;
  /**
   * Apply the threshold and throw on failure (default). With false, return the report of what verified,
   * for a trust policy to decide (`bulwark verify --policy`, admission).
   */
  decide?: boolean;
}

/** Codes that describe the image and its signatures, and so may be cached as negative answers. */
const CACHEABLE = new Set([
  'UNSIGNED',
  'BAD_SIGNATURE',
  'UNTRUSTED_IDENTITY',
  'DIGEST_MISMATCH',
  'TRUNCATED',
]);

function checkTrust(trust: TrustOptions): TrustRoot | undefined {
  if (trust.keys.length === 0 && !trust.identities?.length && !trust.notation?.length) {
    throw new BulwarkError(
      'USAGE',
      'nothing to verify against: pass --key, --certificate-identity with --certificate-oidc-issuer and --trusted-root, or a Notation trust policy and store',
    );
  }
  const threshold = trust.threshold ?? 1;
  if (!Number.isSafeInteger(threshold) || threshold < 1)
    throw new BulwarkError('USAGE', '--threshold must be a positive integer');
  if (trust.trustedRoot) return trust.trustedRoot;
  return trust.trustedRootJson ? parseTrustedRoot(trust.trustedRootJson, '--trusted-root') : undefined;
}

export function signerId(v: VerifiedSignature): string {
  const s = v.signer;
  if (s.kind === 'key') return `key:${s.keyId}`;
  if (s.kind === 'keyless') return `keyless:${s.subject} (${s.issuer})`;
  return `notation:${s.name ?? ''}:${s.subject}`;
}

export async function verifyImage(
  client: RegistryClient,
  ref: ManifestRef,
  trust: TrustOptions,
  opts: VerifyImageOptions,
): Promise<VerificationReport> {
  const trustedRoot = checkTrust(trust);
  const repo: RepoRef = { registry: ref.registry, repository: ref.repository };
  const reference = display(repo, ref.tag ?? ref.digest);
  // 1. resolve: verification is always about a digest, never a tag that may move.
  const digest = ref.digest ?? (await client.resolve(ref)).digest;
  const cacheKey = opts.cache
    ? VerificationCache.key(
        digest,
        opts.mode,
        opts.predicateType,
        trust,
        `${display(opts.signatureRepo ?? repo)}`,
      )
    : '';
  const hit = opts.cache?.get(cacheKey);
  if (hit?.ok) return { ...hit.report, reference, cached: true };
  if (hit && !hit.ok) {
    if (hit.report) throw new VerificationFailure(hit.code, hit.message, { ...hit.report, cached: true });
    throw new BulwarkError(hit.code, hit.message);
  }
  try {
    const report = await verifyUncached(client, repo, reference, digest, trust, trustedRoot, opts);
    opts.cache?.setPositive(cacheKey, report);
    return report;
  } catch (err) {
    if (opts.cache && isBulwarkError(err) && CACHEABLE.has(err.code)) {
      opts.cache.setNegative(
        cacheKey,
        err.code,
        err.message,
        err instanceof VerificationFailure ? err.report : undefined,
      );
    }
    throw err;
  }
}

async function verifyUncached(
  client: RegistryClient,
  repo: RepoRef,
  reference: string,
  digest: string,
  trust: TrustOptions,
  trustedRoot: TrustRoot | undefined,
  opts: VerifyImageOptions,
): Promise<VerificationReport> {
  // 2. the image manifest itself, fetched by digest: a registry serving other bytes fails here.
  // Fetched alongside discovery; awaited before any candidate is checked.
  const imageP = client.getManifest(repo, digest);
  imageP.catch(() => {}); // handled where awaited
  const sigRepo = opts.signatureRepo ?? repo;
  const kind = opts.mode === 'attestation' ? 'att' : 'sig';
  const notation = opts.mode === 'signature' && (trust.notation?.length ?? 0) > 0;
  // 3. discover on every path, concurrently; each reports separately.
  const [image, cosign, referrers] = await Promise.all([
    imageP,
    discoverCosign(client, sigRepo, digest, kind),
    discoverReferrers(
      client,
      repo,
      digest,
      notation ? [...BUNDLE_TYPES, NOTATION_ARTIFACT_TYPE] : BUNDLE_TYPES,
    ),
  ]);
  const report: VerificationReport = {
    reference,
    digest,
    mode: opts.mode,
    ...(opts.predicateType ? { predicateType: opts.predicateType } : {}),
    discovery: [
      { ...cosign.report, kind: opts.mode === 'attestation' ? 'cosign-attestation' : 'cosign-signature' },
      { ...referrers.report, kind: notation ? 'referrers' : 'sigstore-bundle' },
    ],
    verified: [],
    rejected: [],
    signers: [],
    threshold: trust.threshold ?? 1,
    cached: false,
  };
  const other: string[] = [];
  const accept = (v: VerifiedSignature): void => {
    // Signatures: simple signing, or bundles signing the image (cosign v3 predicate / message signature).
    // Attestations: in-toto statements other than cosign's signature predicate, of the requested type.
    const isSignature =
      v.kind === 'cosign-signature' ||
      v.kind === 'notation' ||
      (v.kind === 'sigstore-bundle' &&
        (v.predicateType === undefined || v.predicateType === COSIGN_SIGN_PREDICATE_TYPE));
    if (opts.mode === 'signature' ? !isSignature : isSignature) return;
    if (
      opts.mode === 'attestation' &&
      opts.predicateType &&
      !predicateTypeMatches(opts.predicateType, v.predicateType ?? '')
    ) {
      other.push(v.predicateType ?? 'unknown');
      return;
    }
    report.verified.push(v);
  };
  const reject = (
    k: SignatureKind,
    path: VerifiedSignature['path'],
    err: unknown,
    extra: { manifestDigest?: string; layerDigest?: string },
  ): void => {
    if (!isBulwarkError(err)) throw err;
    report.rejected.push({ kind: k, path, ...extra, code: err.code, reason: err.message });
  };
  // The predicateType annotation of a referrer is unauthenticated: use it only to skip candidates of the
  // other mode (fewer acceptances, never more).
  const predicateHint = (c: ReferrerCandidate): string | undefined =>
    c.descriptor.annotations?.[ANNOTATIONS.bundlePredicateType];
  const wanted = referrers.candidates.filter((c) => {
    const hint = predicateHint(c);
    if (hint === undefined) return true;
    return opts.mode === 'signature'
      ? hint === COSIGN_SIGN_PREDICATE_TYPE
      : hint !== COSIGN_SIGN_PREDICATE_TYPE;
  });
  const cosignVerify = opts.mode === 'attestation' ? verifyCosignAttestation : verifyCosignSignature;
  const image$ = { digest, manifestBytes: image.bytes };
  const subject = { mediaType: image.mediaType, digest, size: image.bytes.length };
  // 4. fetch → digest → signature → identity, per candidate.
  await Promise.all([
    ...cosign.candidates.map(async (c: CosignCandidate) => {
      try {
        accept(await cosignVerify(client, sigRepo, c, digest, trust, trustedRoot));
      } catch (err) {
        reject(opts.mode === 'attestation' ? 'cosign-attestation' : 'cosign-signature', c.path, err, {
          manifestDigest: c.manifestDigest,
          layerDigest: c.layer.digest,
        });
      }
    }),
    ...wanted.map(async (c: ReferrerCandidate) => {
      const isNotation = c.descriptor.artifactType === NOTATION_ARTIFACT_TYPE;
      try {
        accept(
          isNotation
            ? await verifyNotationReferrer(client, repo, c, subject, trust.notation ?? [])
            : await verifyBundleReferrer(client, repo, c, image$, trust, trustedRoot),
        );
      } catch (err) {
        reject(isNotation ? 'notation' : 'sigstore-bundle', c.path, err, {
          manifestDigest: c.descriptor.digest,
        });
      }
    }),
  ]);
  if (other.length) report.otherTypes = other;
  report.signers = [...new Set(report.verified.map(signerId))];
  // 5. decide.
  return opts.decide === false ? report : decide(report);
}
