import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeWithFixtures, fixture } from '../../../test/support/fixtures.js';
import { digestOf } from '../digest.js';
import { generateKeyPair, loadPrivateKey, loadPublicKey, type PublicKey } from '../keys/index.js';
import { createPayload, parsePayload, signSimpleSigning, verifySimpleSignature } from './index.js';

const DIR = 'supply/connaisseur-cosign';
const key = (name: string): PublicKey =>
  loadPublicKey(readFileSync(fixture(DIR, `${name}.pub`), 'utf8'), name);

interface SigLayer {
  digest: string;
  annotations: Record<string, string>;
}

/** Read a `.sig` manifest and its payload blobs the way a registry client would, checking blob digests. */
function sigLayers(imageDigest: string): { payload: Buffer; signature: string }[] {
  const manifest = JSON.parse(
    readFileSync(fixture(DIR, 'manifests', `${imageDigest.replace(':', '-')}.sig.json`), 'utf8'),
  ) as { layers: SigLayer[] };
  return manifest.layers.map((l) => {
    const payload = readFileSync(fixture(DIR, 'blobs', `${l.digest}.json`));
    expect(digestOf(payload)).toBe(l.digest);
    return { payload, signature: l.annotations['dev.cosignproject.cosign/signature']! };
  });
}

const ABC = 'sha256:bfec161fecb0a887df7cb85e4da327c65986ccda7060cf3cd92171c6c90d7533';
const ALICE_ONLY = 'sha256:071bf7a986f1ca9cb2a1f0bc8392822a7777f90d58f2d2c6f271913e08de7c81';

describeWithFixtures('connaisseur cosign signatures (offline)', [DIR], () => {
  it('image digests are the digests of the fixture manifests', () => {
    expect(digestOf(readFileSync(fixture(DIR, 'manifests/multi-cosigned-alice-bob-charlie.json')))).toBe(ABC);
    expect(digestOf(readFileSync(fixture(DIR, 'manifests/multi-cosigned-alice.json')))).toBe(ALICE_ONLY);
  });

  it.each(['alice', 'bob', 'charlie'])('the 3-signature image verifies with %s', (name) => {
    const k = key(name);
    const ok = sigLayers(ABC).flatMap((l) => {
      try {
        return [verifySimpleSignature({ ...l, expectedDigest: ABC }, [k])];
      } catch {
        return [];
      }
    });
    expect(ok).toHaveLength(1);
    expect(ok[0]!.key.keyId).toBe(k.keyId);
    expect(ok[0]!.payload.dockerReference).toBe('index.docker.io/securesystemsengineering/testimage');
  });

  it('all three signers together count three distinct keys', () => {
    const keys = ['alice', 'bob', 'charlie'].map(key);
    const signers = new Set(
      sigLayers(ABC).map((l) => verifySimpleSignature({ ...l, expectedDigest: ABC }, keys).key.keyId),
    );
    expect(signers.size).toBe(3);
  });

  it.each(['default'])('no signature verifies with %s.pub → BAD_SIGNATURE', (name) => {
    for (const l of sigLayers(ABC)) {
      expect(() => verifySimpleSignature({ ...l, expectedDigest: ABC }, [key(name)])).toThrow(
        expect.objectContaining({ code: 'BAD_SIGNATURE' }),
      );
    }
  });

  it('a fresh key that did not sign is not accepted', async () => {
    const other = loadPublicKey((await generateKeyPair('x')).publicKeyPem);
    for (const l of sigLayers(ALICE_ONLY)) {
      expect(() => verifySimpleSignature({ ...l, expectedDigest: ALICE_ONLY }, [other])).toThrow();
    }
  });

  it('alice-only image: alice verifies, bob does not', () => {
    const [l] = sigLayers(ALICE_ONLY);
    expect(verifySimpleSignature({ ...l!, expectedDigest: ALICE_ONLY }, [key('alice')]).key.keyId).toBe(
      key('alice').keyId,
    );
    expect(() => verifySimpleSignature({ ...l!, expectedDigest: ALICE_ONLY }, [key('bob')])).toThrow();
  });

  it('a signature of another image replayed onto this one → DIGEST_MISMATCH', () => {
    const [l] = sigLayers(ALICE_ONLY);
    expect(() => verifySimpleSignature({ ...l!, expectedDigest: ABC }, [key('alice')])).toThrow(
      expect.objectContaining({ code: 'DIGEST_MISMATCH' }),
    );
  });

  it('any byte flip in payload or signature is rejected', () => {
    const [l] = sigLayers(ALICE_ONLY);
    const sig = Buffer.from(l!.signature, 'base64');
    const alice = key('alice');
    fc.assert(
      fc.property(fc.boolean(), fc.nat(), fc.integer({ min: 1, max: 255 }), (inPayload, pos, xor) => {
        const payload = Buffer.from(l!.payload);
        const s = Buffer.from(sig);
        if (inPayload) payload[pos % payload.length]! ^= xor;
        else s[pos % s.length]! ^= xor;
        expect(() =>
          verifySimpleSignature({ payload, signature: s.toString('base64'), expectedDigest: ALICE_ONLY }, [
            alice,
          ]),
        ).toThrow(expect.objectContaining({ code: expect.stringMatching(/BAD_SIGNATURE|DIGEST_MISMATCH/) }));
      }),
      { numRuns: 500 },
    );
  });

  it('a truncated signature is BAD_SIGNATURE', () => {
    const [l] = sigLayers(ALICE_ONLY);
    const cut = Buffer.from(l!.signature, 'base64').subarray(0, 40).toString('base64');
    expect(() =>
      verifySimpleSignature({ ...l!, signature: cut, expectedDigest: ALICE_ONLY }, [key('alice')]),
    ).toThrow(expect.objectContaining({ code: 'BAD_SIGNATURE' }));
  });
});

describe('simple-signing payloads', () => {
  const digest = `sha256:${'ab'.repeat(32)}`;

  it('creates the bytes cosign writes', () => {
    expect(
      createPayload({
        dockerReference: 'index.docker.io/securesystemsengineering/testimage',
        manifestDigest: ABC,
      }).toString(),
    ).toBe(
      '{"critical":{"identity":{"docker-reference":"index.docker.io/securesystemsengineering/testimage"},"image":{"docker-manifest-digest":"sha256:bfec161fecb0a887df7cb85e4da327c65986ccda7060cf3cd92171c6c90d7533"},"type":"cosign container image signature"},"optional":null}',
    );
  });

  it('writes annotations sorted and HTML-escaped like Go', () => {
    const p = createPayload({
      dockerReference: 'r/x',
      manifestDigest: digest,
      annotations: { z: '1', a: '<&>' },
    });
    expect(p.toString()).toContain('"optional":{"a":"\\u003c\\u0026\\u003e","z":"1"}');
    expect(parsePayload(p).optional).toEqual({ a: '<&>', z: '1' });
  });

  it.each([
    [
      'capitalised key',
      '{"critical":{"identity":{"docker-reference":"r"},"image":{"Docker-manifest-digest":"DIG"},"type":"cosign container image signature"},"optional":null}',
    ],
    [
      'extra critical key',
      '{"critical":{"identity":{"docker-reference":"r"},"image":{"docker-manifest-digest":"DIG"},"type":"cosign container image signature","x":1},"optional":null}',
    ],
    [
      'unknown type',
      '{"critical":{"identity":{"docker-reference":"r"},"image":{"docker-manifest-digest":"DIG"},"type":"something"},"optional":null}',
    ],
    [
      'bad digest',
      '{"critical":{"identity":{"docker-reference":"r"},"image":{"docker-manifest-digest":"sha256:XYZ"},"type":"cosign container image signature"}}',
    ],
    ['array', '[]'],
    ['not json', '{'],
  ])('rejects %s', (_n, text) => {
    expect(() => parsePayload(Buffer.from(text.replace('DIG', digest)))).toThrow(
      expect.objectContaining({ code: 'BAD_SIGNATURE' }),
    );
  });

  it('never throws a non-Bulwark error on arbitrary JSON', () => {
    fc.assert(
      fc.property(fc.json(), (j) => {
        try {
          parsePayload(Buffer.from(j));
        } catch (err) {
          expect((err as { code?: string }).code).toBe('BAD_SIGNATURE');
        }
      }),
    );
  });

  it('sign → verify round trip, with key hint telling a wrong key from tampering', async () => {
    const gen = await generateKeyPair('pw');
    const k = await loadPrivateKey(gen.privateKeyPem, 'pw');
    const other = loadPublicKey((await generateKeyPair('pw')).publicKeyPem);
    const s = signSimpleSigning(k, { dockerReference: 'localhost:5000/app', manifestDigest: digest });
    const input = { payload: s.payload, signature: s.signature, expectedDigest: digest, keyHint: s.keyId };
    expect(verifySimpleSignature(input, [k.publicKey]).payload.manifestDigest).toBe(digest);
    expect(() => verifySimpleSignature(input, [other])).toThrow(
      expect.objectContaining({ code: 'UNTRUSTED_IDENTITY' }),
    );
    const changed = Buffer.from(s.payload.toString().replace('app', 'apq'));
    expect(() => verifySimpleSignature({ ...input, payload: changed }, [k.publicKey])).toThrow(
      expect.objectContaining({ code: 'BAD_SIGNATURE' }),
    );
  });
});
