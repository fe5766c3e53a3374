// Names cosign, sigstore and Notation use in registries, in one place for the registry client.
// ref: sigstore/cosign pkg/oci/static/signature.go, pkg/types/media.go, specs/SIGNATURE_SPEC.md,
// specs/ATTESTATION_SPEC.md, specs/BUNDLE_SPEC.md; notaryproject/specifications signature-specification.md.

/** Legacy `.sig` layer media type; the blob is the simple-signing payload. */
export { SIMPLE_SIGNING_MEDIA_TYPE } from './simple-signing/payload.js';
/** Legacy `.att` layer media type; the blob is a DSSE envelope. */
export { DSSE_MEDIA_TYPE } from './dsse/envelope.js';

export const ANNOTATIONS = {
  /** base64 signature over the layer blob. */
  signature: 'dev.cosignproject.cosign/signature',
  /** PEM leaf certificate (keyless). */
  certificate: 'dev.sigstore.cosign/certificate',
  /** PEM intermediate + root chain (keyless). */
  chain: 'dev.sigstore.cosign/chain',
  /** JSON {SignedEntryTimestamp, Payload{body, integratedTime, logIndex, logID}} (Rekor SET). */
  bundle: 'dev.sigstore.cosign/bundle',
  rfc3161Timestamp: 'dev.sigstore.cosign/rfc3161timestamp',
  /** Bulwark: signer key id (base64 sha256 of SPKI) so a wrong key can be told from tampering. */
  keyId: 'dev.bulwark/key-id',
  /** On bundle referrer manifests: `dsse-envelope` or `message-signature`. */
  bundleContent: 'dev.sigstore.bundle.content',
  bundlePredicateType: 'dev.sigstore.bundle.predicateType',
  /** Notation: JSON array of leaf-first SHA-256 certificate thumbprints (required). */
  notaryThumbprints: 'io.cncf.notary.x509chain.thumbprint#S256',
} as const;

/** Sigstore bundle media types: the current one and the older ones that must still verify. */
export const BUNDLE_MEDIA_TYPES = {
  v03: 'application/vnd.dev.sigstore.bundle.v0.3+json',
  v03legacy: 'application/vnd.dev.sigstore.bundle+json;version=0.3',
  v02: 'application/vnd.dev.sigstore.bundle+json;version=0.2',
  v01: 'application/vnd.dev.sigstore.bundle+json;version=0.1',
} as const;

/** artifactType of a referrer holding a sigstore bundle (cosign v3). */
export const BUNDLE_ARTIFACT_TYPE = BUNDLE_MEDIA_TYPES.v03;
export const OCI_EMPTY_CONFIG_MEDIA_TYPE = 'application/vnd.oci.empty.v1+json';

export const NOTATION = {
  artifactType: 'application/vnd.cncf.notary.signature',
  jwsMediaType: 'application/jose+json',
  coseMediaType: 'application/cose',
  payloadMediaType: 'application/vnd.cncf.notary.payload.v1+json',
} as const;
