// Create key-based sigstore bundles (v0.3, no transparency log) for storage as OCI referrers, the form
// cosign v3 writes (ref: sigstore/cosign specs/BUNDLE_SPEC.md, CHANGELOG v3.0.0). The public-key hint
// is base64(sha256(SPKI)), as cosign's. Verify such bundles with cosign using `--key` and
// `--insecure-ignore-tlog`, or with Bulwark's verifyBundle({ keys }).
import { createHash } from 'node:crypto';
import {
  bundleToJSON,
  toDSSEBundle,
  toMessageSignatureBundle,
  type SerializedBundle,
} from '@sigstore/bundle';
import { pae } from '../dsse/pae.js';
import { COSIGN_SIGN_PREDICATE_TYPE } from '../intoto/predicate-types.js';
import { INTOTO_PAYLOAD_TYPE, createStatement } from '../intoto/statement.js';
import type { SigningKey } from '../keys/private.js';
import { ANNOTATIONS, BUNDLE_ARTIFACT_TYPE, BUNDLE_MEDIA_TYPES } from '../oci-constants.js';
import { signBytes } from '../signature.js';

export interface CreatedBundle {
  /** The bundle as JSON (protobuf-specs JSON form). */
  json: SerializedBundle;
  /** Bytes to store as the referrer's layer blob. */
  bytes: Buffer;
  /** Layer media type and referrer `artifactType`. */
  mediaType: typeof BUNDLE_MEDIA_TYPES.v03;
  artifactType: typeof BUNDLE_ARTIFACT_TYPE;
  /** Annotations cosign puts on the referrer manifest. */
  annotations: Record<string, string>;
}

function finish(json: SerializedBundle, annotations: Record<string, string>): CreatedBundle {
  return {
    json,
    bytes: Buffer.from(JSON.stringify(json), 'utf8'),
    mediaType: BUNDLE_MEDIA_TYPES.v03,
    artifactType: BUNDLE_ARTIFACT_TYPE,
    annotations,
  };
}

/** A bundle whose message signature covers `artifact` (e.g. an image manifest's bytes). */
export function createMessageSignatureBundle(key: SigningKey, artifact: Buffer): CreatedBundle {
  const bundle = toMessageSignatureBundle({
    digest: createHash('sha256').update(artifact).digest(),
    signature: signBytes(key, artifact),
    keyHint: key.publicKey.keyId,
  });
  return finish(bundleToJSON(bundle), { [ANNOTATIONS.bundleContent]: 'message-signature' });
}

/** A bundle holding a DSSE envelope over `payload`. */
export function createDsseBundle(
  key: SigningKey,
  payloadType: string,
  payload: Buffer,
  predicateType?: string,
): CreatedBundle {
  const bundle = toDSSEBundle({
    artifact: payload,
    artifactType: payloadType,
    signature: signBytes(key, pae(payloadType, payload)),
    keyHint: key.publicKey.keyId,
  });
  const annotations: Record<string, string> = { [ANNOTATIONS.bundleContent]: 'dsse-envelope' };
  if (predicateType) annotations[ANNOTATIONS.bundlePredicateType] = predicateType;
  return finish(bundleToJSON(bundle), annotations);
}

export interface BundleSubject {
  /** Repository name, e.g. `registry.example/team/app`. */
  name: string;
  /** Image manifest digest. */
  digest: string;
}

/** An in-toto attestation about one image, in a bundle (`bulwark attest --bundle`). */
export function createAttestationBundle(
  key: SigningKey,
  subject: BundleSubject,
  predicateType: string,
  predicate: unknown,
): CreatedBundle {
  const statement = createStatement({ subjects: [subject], predicateType, predicate });
  return createDsseBundle(key, INTOTO_PAYLOAD_TYPE, statement, predicateType);
}

/**
 * An image signature as cosign v3 `sign` writes it: a DSSE in-toto v1 Statement about the image with
 * predicate type https://sigstore.dev/cosign/sign/v1 and an empty predicate.
 */
export function createImageSignatureBundle(key: SigningKey, subject: BundleSubject): CreatedBundle {
  return createAttestationBundle(key, subject, COSIGN_SIGN_PREDICATE_TYPE, {});
}
