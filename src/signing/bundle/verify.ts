// Verify a sigstore bundle offline with @sigstore/verify: trusted root supplied by the caller, no
// network, no TUF. Steps (architecture.md convention 7): parse → signature content → timestamps →
// signing key or certificate chain → transparency log entries → signature → identity → subject.
// Each fails closed with its own code (see ./errors.ts).
import {
  Verifier,
  toSignedEntity,
  toTrustMaterial,
  type KeyFinderFunc,
  type SignedEntity,
  type Signer,
  type TrustMaterial,
} from '@sigstore/verify';
import { TrustedRoot } from '@sigstore/protobuf-specs';
import { BulwarkError } from '../../core/errors.js';
import { digestOf } from '../digest.js';
import { noTrustedKeyError } from '../key-match.js';
import type { PublicKey } from '../keys/public.js';
import { checkAttestationPayload } from '../intoto/attestation.js';
import type { Statement } from '../intoto/statement.js';
import { mapSigstoreError } from './errors.js';
import {
  checkIdentitySpec,
  describeIdentity,
  identityMatches,
  type CertificateIdentity,
  type KeylessIdentity,
} from './identity.js';
import { parseBundle, type BundleVersion } from './parse.js';
import type { TrustRoot } from './trusted-root.js';

export interface BundleVerifyOptions {
  /** Required for keyless bundles and for any bundle carrying log entries or timestamps. */
  trustedRoot?: TrustRoot;
  /** Trusted keys for key-based bundles. */
  keys?: readonly PublicKey[];
  /** Accepted keyless signers; one must match. Required for keyless bundles. */
  identities?: readonly KeylessIdentity[];
  /** Message-signature bundles: the signed bytes (required). DSSE bundles: the subject (optional). */
  artifact?: Buffer;
  /** DSSE bundles with in-toto payloads: the subject digest that must appear (e.g. the image digest). */
  subjectDigest?: string;
  /** Minimum counts; defaults: keyless 1/1/1 (as cosign), key-based 0/0/0 (offline keys). */
  tlogThreshold?: number;
  ctlogThreshold?: number;
  timestampThreshold?: number;
  /**
   * Key-based bundles only: do not check log entries and RFC 3161 timestamps at all (cosign's
   * `--insecure-ignore-tlog`), e.g. a key-signed bundle uploaded to Rekor, verified without its root.
   */
  ignoreTransparencyLog?: boolean;
}

export type BundleSigner = { kind: 'key'; keyId: string } | ({ kind: 'keyless' } & CertificateIdentity);

export interface VerifiedBundle {
  version: BundleVersion;
  content: 'message-signature' | 'dsse-envelope';
  signer: BundleSigner;
  /** DSSE bundles: the authenticated payload. */
  dsse?: { payloadType: string; payload: Buffer };
  /** DSSE bundles with an in-toto payload: the parsed statement (subject already checked if asked). */
  statement?: Statement;
  /** Verified times: Rekor integrated times (with inclusion promise) and RFC 3161 signing times. */
  timestamps: Date[];
  tlogEntries: number;
}

const EMPTY_ROOT: TrustRoot = {
  root: TrustedRoot.fromJSON({ mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1' }),
};

function verifiedTimes(entity: SignedEntity): Date[] {
  const out: Date[] = [];
  for (const t of entity.timestamps) {
    if (t.$case === 'timestamp-authority') out.push(t.timestamp.signingTime);
    else if (t.tlogEntry.inclusionPromise) out.push(new Date(Number(t.tlogEntry.integratedTime) * 1000));
  }
  return out;
}

// Building trust material parses every certificate and key of the root (≈ 15% of a keyless verify);
// cache it per root object, and per trusted key for key-based bundles.
const materialCache = new WeakMap<TrustRoot, Map<string, TrustMaterial>>();
function trustMaterial(root: TrustRoot, key?: PublicKey): TrustMaterial {
  let perRoot = materialCache.get(root);
  if (!perRoot) materialCache.set(root, (perRoot = new Map()));
  const id = key?.keyId ?? '';
  let tm = perRoot.get(id);
  if (!tm) {
    const finder: KeyFinderFunc | undefined = key
      ? () => ({ publicKey: key.key, validFor: () => true })
      : undefined;
    tm = toTrustMaterial(root.root, finder);
    if (perRoot.size < 1000) perRoot.set(id, tm);
  }
  return tm;
}

function runVerifier(
  root: TrustRoot,
  key: PublicKey | undefined,
  entity: SignedEntity,
  thresholds: Required<Pick<BundleVerifyOptions, 'tlogThreshold' | 'ctlogThreshold' | 'timestampThreshold'>>,
): Signer {
  return new Verifier(trustMaterial(root, key), thresholds).verify(entity);
}

/** Verify a bundle (JSON text, bytes or parsed). Throws BulwarkError; returns what was proven. */
export function verifyBundle(
  input: string | Buffer | unknown,
  opts: BundleVerifyOptions,
  what = 'bundle',
): VerifiedBundle {
  const { bundle, version } = parseBundle(input, what);
  const content = bundle.content.$case === 'dsseEnvelope' ? 'dsse-envelope' : 'message-signature';
  if (content === 'message-signature' && !opts.artifact) {
    throw new BulwarkError('USAGE', `${what} signs a message: the signed artifact is needed to verify it`);
  }
  let entity: SignedEntity;
  try {
    // Rekor v2 logs a DSSE envelope as hashedrekord 0.0.2 over Hash(PAE) (rekor-v2 spec §6.1.4);
    // @sigstore/verify ≥ 4 compares that itself (compareSignedDigest), so no wrapper is needed.
    entity = toSignedEntity(bundle, content === 'message-signature' ? opts.artifact : undefined);
  } catch (err) {
    throw mapSigstoreError(what, err);
  }
  const root = opts.trustedRoot ?? EMPTY_ROOT;
  const keyless = entity.key.$case === 'certificate';
  if (!keyless && opts.ignoreTransparencyLog) {
    entity = { ...entity, tlogEntries: [], timestamps: [] };
  } else if (
    !keyless &&
    !opts.trustedRoot &&
    (entity.tlogEntries.length > 0 || entity.timestamps.length > 0)
  ) {
    throw new BulwarkError(
      'USAGE',
      `${what} carries transparency log entries or timestamps: pass --trusted-root to verify them, or ignore them explicitly (--insecure-ignore-tlog)`,
    );
  }
  const thresholds = {
    tlogThreshold: opts.tlogThreshold ?? (keyless ? 1 : 0),
    ctlogThreshold: opts.ctlogThreshold ?? (keyless ? 1 : 0),
    // A Fulcio certificate lives minutes: without a verified time it cannot be checked at all.
    timestampThreshold: Math.max(opts.timestampThreshold ?? (keyless ? 1 : 0), keyless ? 1 : 0),
  };

  let signer: BundleSigner;
  if (entity.key.$case === 'certificate') {
    if (!opts.trustedRoot)
      throw new BulwarkError('USAGE', `${what} is keyless: pass --trusted-root to verify it offline`);
    const ids = opts.identities ?? [];
    if (ids.length === 0) {
      throw new BulwarkError(
        'USAGE',
        `${what} is keyless: pass --certificate-identity and --certificate-oidc-issuer`,
      );
    }
    ids.forEach(checkIdentitySpec);
    let s: Signer;
    try {
      s = runVerifier(root, undefined, entity, thresholds);
    } catch (err) {
      throw mapSigstoreError(what, err);
    }
    const cert: CertificateIdentity = {
      subject: s.identity?.subjectAlternativeName ?? '',
      issuer: s.identity?.extensions?.issuer ?? '',
    };
    if (!ids.some((id) => identityMatches(id, cert))) {
      throw new BulwarkError(
        'UNTRUSTED_IDENTITY',
        `${what} was signed by ${cert.subject || '(no SAN)'} from ${cert.issuer || '(no issuer)'}, expected ${ids.map(describeIdentity).join(' or ')}`,
      );
    }
    signer = { kind: 'keyless', ...cert };
  } else {
    const keys = opts.keys ?? [];
    const hint = entity.key.hint;
    // The hint picks the key when it names one we trust; other producers use other hints (or none),
    // so then every trusted key is tried. The hint never makes an untrusted key trusted.
    const ordered = [...keys.filter((k) => k.keyId === hint), ...keys.filter((k) => k.keyId !== hint)];
    let found: PublicKey | undefined;
    for (const k of ordered) {
      try {
        runVerifier(root, k, entity, thresholds);
        found = k;
        break;
      } catch (err) {
        const mapped = mapSigstoreError(what, err);
        const sigFail = (err as { code?: string }).code === 'SIGNATURE_ERROR';
        if (!sigFail) throw mapped;
      }
    }
    if (!found) throw noTrustedKeyError(what, keys, hint || undefined);
    signer = { kind: 'key', keyId: found.keyId };
  }

  const result: VerifiedBundle = {
    version,
    content,
    signer,
    timestamps: verifiedTimes(entity),
    tlogEntries: bundle.verificationMaterial.tlogEntries.length,
  };
  if (bundle.content.$case === 'dsseEnvelope') {
    const env = bundle.content.dsseEnvelope;
    result.dsse = { payloadType: env.payloadType, payload: Buffer.from(env.payload) };
    const subject = opts.subjectDigest ?? (opts.artifact ? digestOf(opts.artifact) : undefined);
    if (subject !== undefined) {
      result.statement = checkAttestationPayload(env.payloadType, result.dsse.payload, subject);
    }
  }
  return result;
}
