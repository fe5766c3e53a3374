// `bulwark sign` / `bulwark attest` against a registry: resolve the reference to a digest first (a tag may
// move between signing and writing), build the signed object with signing/ and store it where cosign
// looks: `.sig`/`.att` tags (default), or a sigstore bundle referrer (`--bundle`, cosign v3's format).
import type { RegistryClient } from '../../image/registry/client.js';
import { display } from '../../image/registry/names.js';
import type { Descriptor, ManifestRef, RepoRef } from '../../image/registry/types.js';
import { createAttestationBundle, createImageSignatureBundle } from '../bundle/create.js';
import { DSSE_MEDIA_TYPE } from '../dsse/envelope.js';
import { createAttestation } from '../intoto/attestation.js';
import { KEY_ID_ANNOTATION } from '../key-match.js';
import type { SigningKey } from '../keys/private.js';
import { ANNOTATIONS } from '../oci-constants.js';
import { SIMPLE_SIGNING_MEDIA_TYPE } from '../simple-signing/payload.js';
import { signSimpleSigning } from '../simple-signing/sign.js';
import { verifyBytes } from '../signature.js';
import { digestOf } from '../../image/registry/digest.js';
import { attachBundle, attachCosignLayer } from './attach.js';
import type { DiscoveryPath } from './discover.js';

export interface SignOptions {
  /** Write a sigstore bundle referrer instead of the `.sig` layer. */
  bundle?: boolean;
  /** `-a key=value` claims in the simple-signing payload's `optional` section. */
  annotations?: Record<string, string>;
  /** Where `.sig`/`.att` go (COSIGN_REPOSITORY). */
  signatureRepo?: RepoRef;
}

export interface SignResult {
  reference: string;
  digest: string;
  keyId: string;
  kind: 'cosign-signature' | 'cosign-attestation' | 'sigstore-bundle';
  /** Where it was written: the cosign tag, or the referrers API / fallback tag index. */
  path: DiscoveryPath;
  tag?: string;
  manifestDigest: string;
  layerDigest: string;
  alreadyPresent?: boolean;
  predicateType?: string;
}

/** The docker-reference / subject name cosign writes: registry/repository of the signed image. */
export function subjectName(repo: RepoRef): string {
  return `${repo.registry === 'docker.io' ? 'index.docker.io' : repo.registry}/${repo.repository}`;
}

/** The SignResult fields for a bundle written as a referrer (signatures and attestations alike). */
function bundleWritten(
  r: Awaited<ReturnType<typeof attachBundle>>,
): Omit<SignResult, 'reference' | 'digest' | 'keyId'> {
  return {
    kind: 'sigstore-bundle',
    path: r.via,
    ...(r.tag ? { tag: r.tag } : {}),
    manifestDigest: r.digest,
    layerDigest: r.layer.digest,
  };
}

async function target(
  client: RegistryClient,
  ref: ManifestRef,
): Promise<{ repo: RepoRef; subject: Descriptor; reference: string }> {
  const repo = { registry: ref.registry, repository: ref.repository };
  const subject = await client.resolve(ref);
  return { repo, subject, reference: display(repo, ref.tag ?? ref.digest) };
}

export async function signImage(
  client: RegistryClient,
  ref: ManifestRef,
  key: SigningKey,
  opts: SignOptions = {},
): Promise<SignResult> {
  const { repo, subject, reference } = await target(client, ref);
  const base = { reference, digest: subject.digest, keyId: key.publicKey.keyId };
  if (opts.bundle) {
    const bundle = createImageSignatureBundle(key, { name: subjectName(repo), digest: subject.digest });
    return { ...base, ...bundleWritten(await attachBundle(client, repo, subject, bundle)) };
  }
  const sig = signSimpleSigning(key, {
    dockerReference: subjectName(repo),
    manifestDigest: subject.digest,
    ...(opts.annotations ? { annotations: opts.annotations } : {}),
  });
  const payloadDigest = digestOf(sig.payload);
  // ECDSA signatures are randomised: re-signing the same payload with the same key is a duplicate when
  // an existing layer holds this payload and its signature verifies with our key (cosign's DupeDetector).
  const isDuplicate = (l: Descriptor): boolean => {
    const existing = l.annotations?.[ANNOTATIONS.signature];
    if (l.digest !== payloadDigest || !existing) return false;
    return verifyBytes(key.publicKey, sig.payload, Buffer.from(existing, 'base64'));
  };
  const r = await attachCosignLayer(
    client,
    opts.signatureRepo ?? repo,
    subject.digest,
    'sig',
    sig.payload,
    SIMPLE_SIGNING_MEDIA_TYPE,
    {
      [ANNOTATIONS.signature]: sig.signature,
      [KEY_ID_ANNOTATION]: sig.keyId,
    },
    isDuplicate,
  );
  return {
    ...base,
    kind: 'cosign-signature',
    path: 'cosign-tag',
    tag: r.tag,
    manifestDigest: r.manifestDigest,
    layerDigest: r.layer.digest,
    alreadyPresent: r.alreadyPresent,
  };
}

export interface AttestOptions {
  predicateType: string;
  predicate: unknown;
  bundle?: boolean;
  signatureRepo?: RepoRef;
}

export async function attestImage(
  client: RegistryClient,
  ref: ManifestRef,
  key: SigningKey,
  opts: AttestOptions,
): Promise<SignResult> {
  const { repo, subject, reference } = await target(client, ref);
  const base = {
    reference,
    digest: subject.digest,
    keyId: key.publicKey.keyId,
    predicateType: opts.predicateType,
  };
  const subj = { name: subjectName(repo), digest: subject.digest };
  if (opts.bundle) {
    const bundle = createAttestationBundle(key, subj, opts.predicateType, opts.predicate);
    return { ...base, ...bundleWritten(await attachBundle(client, repo, subject, bundle)) };
  }
  const envelope = createAttestation([key], {
    ...subj,
    predicateType: opts.predicateType,
    predicate: opts.predicate,
  });
  const bytes = Buffer.from(JSON.stringify(envelope));
  // cosign: the signature lives inside the envelope, so the signature annotation is empty.
  const r = await attachCosignLayer(
    client,
    opts.signatureRepo ?? repo,
    subject.digest,
    'att',
    bytes,
    DSSE_MEDIA_TYPE,
    {
      [ANNOTATIONS.signature]: '',
      predicateType: opts.predicateType,
    },
  );
  return {
    ...base,
    kind: 'cosign-attestation',
    path: 'cosign-tag',
    tag: r.tag,
    manifestDigest: r.manifestDigest,
    layerDigest: r.layer.digest,
    alreadyPresent: r.alreadyPresent,
  };
}
