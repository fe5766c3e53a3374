// Rebuild a legacy keyless cosign signature (a `.sig` layer with certificate, chain and Rekor SET
// annotations) into a v0.1 sigstore bundle, so that one verifier (@sigstore/verify) checks the
// certificate chain, SCT, SET and signature. ref: sigstore/cosign pkg/oci/static/signature.go,
// pkg/cosign/bundle/rekor.go (RekorBundle{SignedEntryTimestamp, Payload{body, integratedTime,
// logIndex, logID}}), and sigstore/protobuf-specs for the bundle fields.
import { createHash, X509Certificate } from 'node:crypto';
import { BulwarkError } from '../../core/errors.js';
import { decodeBase64 } from '../encoding.js';
import { readPemBlocks } from '../keys/pem.js';
import { BUNDLE_MEDIA_TYPES } from '../oci-constants.js';
import { parsePayload, type SimpleSigningPayload } from '../simple-signing/payload.js';
import { checkPayloadDigest } from '../simple-signing/verify.js';
import type { KeylessIdentity } from './identity.js';
import type { TrustRoot } from './trusted-root.js';
import { verifyBundle, type BundleSigner } from './verify.js';

export interface LegacySignature {
  /** Layer blob (simple-signing payload bytes). */
  payload: Buffer;
  /** `dev.cosignproject.cosign/signature` */
  signature: string;
  /** `dev.sigstore.cosign/certificate` (PEM leaf). */
  certificate: string;
  /** `dev.sigstore.cosign/chain` (PEM), optional: the trusted root supplies the chain. */
  chain?: string;
  /** `dev.sigstore.cosign/bundle` (JSON SET bundle). Required: without it the short-lived cert has no time. */
  rekorBundle?: string;
}

interface RekorBundle {
  SignedEntryTimestamp: string;
  Payload: { body: string; integratedTime: number; logIndex: number; logID: string };
}

function bad(why: string): BulwarkError {
  return new BulwarkError('BAD_SIGNATURE', `keyless signature: ${why}`);
}

/** The v0.1 bundle JSON equivalent to the legacy annotations. */
export function legacyToBundle(sig: LegacySignature): Record<string, unknown> {
  const certs = readPemBlocks(sig.certificate, 'certificate annotation').filter(
    (b) => b.label === 'CERTIFICATE',
  );
  if (certs.length === 0) throw bad('the certificate annotation holds no certificate');
  try {
    new X509Certificate(certs[0]!.body);
  } catch {
    throw bad('the certificate annotation is not an X.509 certificate');
  }
  if (!sig.rekorBundle) throw bad('no Rekor bundle annotation: the signing time cannot be verified offline');
  let rb: RekorBundle;
  try {
    rb = JSON.parse(sig.rekorBundle) as RekorBundle;
  } catch {
    throw bad('the Rekor bundle annotation is not JSON');
  }
  const p = rb?.Payload;
  if (
    !p ||
    typeof p.body !== 'string' ||
    !Number.isSafeInteger(p.integratedTime) ||
    !Number.isSafeInteger(p.logIndex) ||
    typeof p.logID !== 'string' ||
    !/^[0-9a-f]{64}$/.test(p.logID)
  ) {
    throw bad('the Rekor bundle annotation is malformed');
  }
  decodeBase64(rb.SignedEntryTimestamp, 'SignedEntryTimestamp');
  let body: { kind?: unknown; apiVersion?: unknown };
  try {
    body = JSON.parse(decodeBase64(p.body, 'Rekor entry body').toString('utf8'));
  } catch (err) {
    if (err instanceof BulwarkError) throw err;
    throw bad('the Rekor entry body is not JSON');
  }
  if (typeof body.kind !== 'string' || typeof body.apiVersion !== 'string')
    throw bad('the Rekor entry body has no kind');
  decodeBase64(sig.signature, 'signature annotation');
  return {
    mediaType: BUNDLE_MEDIA_TYPES.v01,
    verificationMaterial: {
      // Only the leaf: trust in the chain comes from the trusted root, never from the annotation.
      x509CertificateChain: { certificates: [{ rawBytes: certs[0]!.body.toString('base64') }] },
      tlogEntries: [
        {
          logIndex: String(p.logIndex),
          logId: { keyId: Buffer.from(p.logID, 'hex').toString('base64') },
          kindVersion: { kind: body.kind, version: body.apiVersion },
          integratedTime: String(p.integratedTime),
          inclusionPromise: { signedEntryTimestamp: rb.SignedEntryTimestamp },
          canonicalizedBody: p.body,
        },
      ],
    },
    messageSignature: {
      messageDigest: {
        algorithm: 'SHA2_256',
        digest: createHash('sha256').update(sig.payload).digest('base64'),
      },
      signature: sig.signature,
    },
  };
}

export interface VerifiedLegacyKeyless {
  payload: SimpleSigningPayload;
  signer: BundleSigner;
  timestamps: Date[];
}

/**
 * Verify a legacy keyless `.sig` layer for image `expectedDigest`: certificate chain to the trusted
 * root's Fulcio CA, SCT, Rekor SET, signature over the payload, identity, then payload digest.
 */
export function verifyLegacyKeyless(
  sig: LegacySignature,
  expectedDigest: string,
  opts: { trustedRoot: TrustRoot; identities: readonly KeylessIdentity[] },
): VerifiedLegacyKeyless {
  const bundle = legacyToBundle(sig);
  const v = verifyBundle(
    bundle,
    { trustedRoot: opts.trustedRoot, identities: opts.identities, artifact: sig.payload },
    'keyless signature',
  );
  const payload = parsePayload(sig.payload);
  checkPayloadDigest(payload, expectedDigest);
  return { payload, signer: v.signer, timestamps: v.timestamps };
}
