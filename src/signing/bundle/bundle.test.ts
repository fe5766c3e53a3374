import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { describeWithFixtures, fixture } from '../../../test/support/fixtures.js';
import { digestOf } from '../digest.js';
import { generateKeyPair, loadPrivateKey, type SigningKey } from '../keys/index.js';
import { BUNDLE_MEDIA_TYPES } from '../oci-constants.js';
import {
  createAttestationBundle,
  createDsseBundle,
  createImageSignatureBundle,
  createMessageSignatureBundle,
  legacyToBundle,
  parseTrustedRoot,
  verifyBundle,
  verifyLegacyKeyless,
} from './index.js';

const COSIGN = 'supply/cosign';
const code = (c: string) => expect.objectContaining({ code: c });

describeWithFixtures('cosign v3 bundle, offline against trusted_root_pgi.json', [COSIGN], () => {
  const bundle = readFileSync(fixture(COSIGN, 'oci-attestation.sigstore.json'));
  const trustedRoot = parseTrustedRoot(readFileSync(fixture(COSIGN, 'trusted_root_pgi.json')));
  const subject = 'sha256:732112270d7e59418a8c080b134b24cabd67d250d0d0147a97ed95ba5c280aa4';
  const id = { subject: 'cody@soyland.com', issuer: 'https://github.com/login/oauth' };

  it('verifies with the exact identity and issuer, and checks the subject', () => {
    const v = verifyBundle(bundle, { trustedRoot, identities: [id], subjectDigest: subject });
    expect(v.signer).toEqual({
      kind: 'keyless',
      subject: 'cody@soyland.com',
      issuer: 'https://github.com/login/oauth',
    });
    expect(v.version).toBe('0.3');
    expect(v.statement?.predicateType).toBe('https://cosign.sigstore.dev/attestation/v1');
    expect(v.timestamps[0]!.toISOString()).toBe('2025-02-28T19:18:11.000Z');
  });

  it.each([
    [{ subjectRegExp: '@soyland\\.com$', issuer: id.issuer }],
    [{ subject: id.subject, issuerRegExp: '^https://github\\.com/' }],
  ])('verifies with regexp identity %j', (ident) => {
    expect(verifyBundle(bundle, { trustedRoot, identities: [ident] }).signer.kind).toBe('keyless');
  });

  it.each([
    ['wrong identity', { subject: 'mallory@soyland.com', issuer: id.issuer }],
    ['wrong issuer', { subject: id.subject, issuer: 'https://accounts.google.com' }],
    ['identity regexp miss', { subjectRegExp: '^cody@example\\.com$', issuer: id.issuer }],
    ['issuer regexp miss', { subject: id.subject, issuerRegExp: 'gitlab' }],
  ])('%s → UNTRUSTED_IDENTITY', (_n, ident) => {
    expect(() => verifyBundle(bundle, { trustedRoot, identities: [ident] })).toThrow(
      code('UNTRUSTED_IDENTITY'),
    );
  });

  it('another image digest → DIGEST_MISMATCH', () => {
    expect(() =>
      verifyBundle(bundle, { trustedRoot, identities: [id], subjectDigest: `sha256:${'0'.repeat(64)}` }),
    ).toThrow(code('DIGEST_MISMATCH'));
  });

  it('a trusted root without the Fulcio CA → UNTRUSTED_IDENTITY', () => {
    const root = JSON.parse(readFileSync(fixture(COSIGN, 'trusted_root_pgi.json'), 'utf8'));
    root.certificateAuthorities = [];
    expect(() => verifyBundle(bundle, { trustedRoot: parseTrustedRoot(root), identities: [id] })).toThrow(
      code('UNTRUSTED_IDENTITY'),
    );
  });

  it('without --trusted-root or identity it refuses (USAGE), never verifies', () => {
    expect(() => verifyBundle(bundle, { identities: [id] })).toThrow(code('USAGE'));
    expect(() => verifyBundle(bundle, { trustedRoot })).toThrow(code('USAGE'));
  });

  it('rejects any change to the DSSE payload or signature', () => {
    const doc = JSON.parse(bundle.toString());
    const payload = Buffer.from(doc.dsseEnvelope.payload, 'base64');
    const sig = Buffer.from(doc.dsseEnvelope.signatures[0].sig, 'base64');
    fc.assert(
      fc.property(fc.boolean(), fc.nat(), fc.integer({ min: 1, max: 255 }), (inPayload, pos, xor) => {
        const p = Buffer.from(payload);
        const s = Buffer.from(sig);
        if (inPayload) p[pos % p.length]! ^= xor;
        else s[pos % s.length]! ^= xor;
        const d = structuredClone(doc);
        d.dsseEnvelope.payload = p.toString('base64');
        d.dsseEnvelope.signatures[0].sig = s.toString('base64');
        expect(() => verifyBundle(d, { trustedRoot, identities: [id] })).toThrow();
      }),
      { numRuns: 60 },
    );
  });
});

const KEYLESS = 'supply/connaisseur-cosign';
describeWithFixtures('legacy keyless .sig (connaisseur) rebuilt into a bundle', [KEYLESS, COSIGN], () => {
  const manifest = JSON.parse(
    readFileSync(
      fixture(
        KEYLESS,
        'manifests/sha256-31dc72a13a0c34b40eb95419d2b2fd67320c856baf3b72da518023ee8d370aee.sig.json',
      ),
      'utf8',
    ),
  );
  const layer = manifest.layers[0];
  const payload = readFileSync(fixture(KEYLESS, 'blobs', `${layer.digest}.json`));
  const a = layer.annotations;
  const sig = {
    payload,
    signature: a['dev.cosignproject.cosign/signature'],
    certificate: a['dev.sigstore.cosign/certificate'],
    chain: a['dev.sigstore.cosign/chain'],
    rekorBundle: a['dev.sigstore.cosign/bundle'],
  };
  const image = 'sha256:31dc72a13a0c34b40eb95419d2b2fd67320c856baf3b72da518023ee8d370aee';
  const trustedRoot = parseTrustedRoot(readFileSync(fixture(COSIGN, 'trusted_root_pgi.json')));
  const id = { subject: 'philipp.belitz@securesystems.de', issuer: 'https://github.com/login/oauth' };

  it('verifies: chain, SCT, SET, signature, identity, digest', () => {
    expect(digestOf(payload)).toBe(layer.digest);
    const v = verifyLegacyKeyless(sig, image, { trustedRoot, identities: [id] });
    expect(v.signer).toEqual({ kind: 'keyless', ...id });
    expect(v.payload.dockerReference).toBe('index.docker.io/phbelitz/rekor-test');
    expect(v.timestamps[0]!.getTime()).toBe(1717082297000);
  });

  it('connaisseur-style regexps (issuer ~ github, subject ~ philipp) match', () => {
    expect(
      verifyLegacyKeyless(sig, image, {
        trustedRoot,
        identities: [{ subjectRegExp: 'philipp', issuerRegExp: 'github' }],
      }).signer.kind,
    ).toBe('keyless');
  });

  it('rejects another identity, a replay onto another image, a changed SET and a changed payload', () => {
    expect(() =>
      verifyLegacyKeyless(sig, image, {
        trustedRoot,
        identities: [{ subject: 'bob@gmail.com', issuerRegExp: 'google' }],
      }),
    ).toThrow(code('UNTRUSTED_IDENTITY'));
    expect(() =>
      verifyLegacyKeyless(sig, `sha256:${'0'.repeat(64)}`, { trustedRoot, identities: [id] }),
    ).toThrow(code('DIGEST_MISMATCH'));
    const rb = JSON.parse(sig.rekorBundle);
    rb.Payload.integratedTime += 1;
    expect(() =>
      verifyLegacyKeyless({ ...sig, rekorBundle: JSON.stringify(rb) }, image, {
        trustedRoot,
        identities: [id],
      }),
    ).toThrow(code('BAD_SIGNATURE'));
    const changed = Buffer.from(payload.toString().replace('rekor-test', 'rekor-tesT'));
    expect(() =>
      verifyLegacyKeyless({ ...sig, payload: changed }, image, { trustedRoot, identities: [id] }),
    ).toThrow(code('BAD_SIGNATURE'));
  });

  it('requires the Rekor bundle annotation', () => {
    expect(() => legacyToBundle({ ...sig, rekorBundle: undefined })).toThrow(code('BAD_SIGNATURE'));
  });
});

describe('key-based bundles (create → verify, no transparency log)', () => {
  let key: SigningKey;
  let other: SigningKey;
  const digest = `sha256:${'a'.repeat(64)}`;
  beforeAll(async () => {
    key = await loadPrivateKey((await generateKeyPair('p')).privateKeyPem, 'p');
    other = await loadPrivateKey((await generateKeyPair('p')).privateKeyPem, 'p');
  });

  it('message signature over a manifest', () => {
    const manifest = Buffer.from('{"schemaVersion":2}');
    const b = createMessageSignatureBundle(key, manifest);
    expect(b.json.mediaType).toBe(BUNDLE_MEDIA_TYPES.v03);
    expect((b.json.verificationMaterial as { publicKey: { hint: string } }).publicKey.hint).toBe(
      key.publicKey.keyId,
    );
    const v = verifyBundle(b.bytes, { keys: [other.publicKey, key.publicKey], artifact: manifest });
    expect(v.signer).toEqual({ kind: 'key', keyId: key.publicKey.keyId });
    expect(v.tlogEntries).toBe(0);
    expect(() =>
      verifyBundle(b.bytes, { keys: [key.publicKey], artifact: Buffer.from('{"schemaVersion":3}') }),
    ).toThrow(code('BAD_SIGNATURE'));
    expect(() => verifyBundle(b.bytes, { keys: [other.publicKey], artifact: manifest })).toThrow(
      code('UNTRUSTED_IDENTITY'),
    );
    expect(() => verifyBundle(b.bytes, { keys: [key.publicKey] })).toThrow(code('USAGE'));
  });

  it('image signature as cosign v3 writes it (DSSE, sign/v1 predicate)', () => {
    const b = createImageSignatureBundle(key, { name: 'localhost:5000/app', digest });
    expect(b.annotations).toEqual({
      'dev.sigstore.bundle.content': 'dsse-envelope',
      'dev.sigstore.bundle.predicateType': 'https://sigstore.dev/cosign/sign/v1',
    });
    const v = verifyBundle(b.bytes, { keys: [key.publicKey], subjectDigest: digest });
    expect(v.statement?.subject[0]?.name).toBe('localhost:5000/app');
    expect(() =>
      verifyBundle(b.bytes, { keys: [key.publicKey], subjectDigest: `sha256:${'b'.repeat(64)}` }),
    ).toThrow(code('DIGEST_MISMATCH'));
  });

  it('attestation bundle keeps the predicate', () => {
    const b = createAttestationBundle(key, { name: 'r/a', digest }, 'https://slsa.dev/provenance/v1', {
      buildDefinition: {},
    });
    const v = verifyBundle(b.json, { keys: [key.publicKey], subjectDigest: digest });
    expect(v.statement?.predicate).toEqual({ buildDefinition: {} });
  });

  it.each([
    BUNDLE_MEDIA_TYPES.v01,
    BUNDLE_MEDIA_TYPES.v02,
    BUNDLE_MEDIA_TYPES.v03legacy,
    BUNDLE_MEDIA_TYPES.v03,
  ])('accepts media type %s (key-based, no tlog)', (mediaType) => {
    const b = createDsseBundle(key, 'text/plain', Buffer.from('hi'));
    expect(verifyBundle({ ...b.json, mediaType }, { keys: [key.publicKey] }).content).toBe('dsse-envelope');
  });

  it.each(['application/vnd.dev.sigstore.bundle+json;version=0.9', 'application/json', undefined])(
    'refuses media type %s',
    (mediaType) => {
      const b = createDsseBundle(key, 'text/plain', Buffer.from('hi'));
      expect(() => verifyBundle({ ...b.json, mediaType }, { keys: [key.publicKey] })).toThrow(
        code('UNSUPPORTED_MEDIA_TYPE'),
      );
    },
  );

  it('a tlog threshold of 1 rejects a bundle without log entries', () => {
    const b = createDsseBundle(key, 'text/plain', Buffer.from('hi'));
    expect(() => verifyBundle(b.json, { keys: [key.publicKey], tlogThreshold: 1 })).toThrow(
      code('BAD_SIGNATURE'),
    );
  });

  it('never throws a non-Bulwark error on arbitrary JSON', () => {
    fc.assert(
      fc.property(fc.json(), (text) => {
        try {
          verifyBundle(text, { keys: [key.publicKey], artifact: Buffer.from('x') });
          throw new Error('accepted garbage');
        } catch (err) {
          expect((err as { code?: string }).code).toMatch(
            /^(BAD_SIGNATURE|UNSUPPORTED_MEDIA_TYPE|UNTRUSTED_IDENTITY|USAGE)$/,
          );
        }
      }),
    );
  });
});

const MANAGED = 'supply/sigstore-conformance/test/assets/bundle-verify/managed-key-happy-path';
describeWithFixtures(
  'key-based bundle with log entries (sigstore-conformance managed key)',
  [MANAGED],
  () => {
    const bundle = readFileSync(fixture(MANAGED, 'bundle.sigstore.json'));
    const artifact = readFileSync(fixture(MANAGED, '../a.txt'));
    it('without a trusted root it asks for one instead of failing obscurely', async () => {
      const { loadPublicKey } = await import('../keys/public.js');
      const keys = [loadPublicKey(readFileSync(fixture(MANAGED, 'key.pub'), 'utf8'))];
      expect(() => verifyBundle(bundle, { keys, artifact })).toThrow(code('USAGE'));
      // Explicitly ignoring the log verifies the signature alone; the signature is still checked.
      expect(verifyBundle(bundle, { keys, artifact, ignoreTransparencyLog: true }).signer.kind).toBe('key');
      expect(() =>
        verifyBundle(bundle, { keys, artifact: Buffer.from('other'), ignoreTransparencyLog: true }),
      ).toThrow(code('BAD_SIGNATURE'));
    });
  },
);
