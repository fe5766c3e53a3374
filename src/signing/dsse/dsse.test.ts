import { createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeWithFixtures, fixture } from '../../../test/support/fixtures.js';
import { generateKeyPair, loadPrivateKey, loadPublicKey, toPublicKey } from '../keys/index.js';
import { pae, parseEnvelope, signEnvelope, verifyEnvelope } from './index.js';

const VECTOR = 'supply/dsse/dsse-spec-vector.json';

function decToB64url(dec: string): string {
  return Buffer.from(BigInt(dec).toString(16).padStart(64, '0'), 'hex').toString('base64url');
}

describeWithFixtures('DSSE spec test vector', [VECTOR], () => {
  const v = JSON.parse(readFileSync(fixture(VECTOR), 'utf8'));
  const key = toPublicKey(
    createPublicKey({
      key: { kty: 'EC', crv: 'P-256', x: decToB64url(v.key.x), y: decToB64url(v.key.y) },
      format: 'jwk',
    }),
  );

  it('PAE matches the spec', () => {
    expect(pae(v.payloadType, Buffer.from(v.payload_utf8)).toString()).toBe(v.pae_utf8);
  });

  it('the raw r‖s signature verifies', () => {
    const r = verifyEnvelope(v.envelope, [key]);
    expect(r.payload.toString()).toBe('hello world');
    expect(r.keys).toEqual([key]);
  });

  it('rejects any byte flip in payload or signature', () => {
    const sig = Buffer.from(v.envelope.signatures[0].sig, 'base64');
    fc.assert(
      fc.property(fc.boolean(), fc.nat(), fc.integer({ min: 1, max: 255 }), (inPayload, pos, xor) => {
        const payload = Buffer.from('hello world');
        const s = Buffer.from(sig);
        if (inPayload) payload[pos % payload.length]! ^= xor;
        else s[pos % s.length]! ^= xor;
        const env = {
          ...v.envelope,
          payload: payload.toString('base64'),
          signatures: [{ sig: s.toString('base64') }],
        };
        expect(() => verifyEnvelope(env, [key])).toThrow(expect.objectContaining({ code: 'BAD_SIGNATURE' }));
      }),
      { numRuns: 300 },
    );
  });

  it('a changed payload type breaks the signature (PAE binds it)', () => {
    expect(() => verifyEnvelope({ ...v.envelope, payloadType: 'http://example.com/Other' }, [key])).toThrow();
  });
});

describe('DSSE envelopes', () => {
  it('sign → verify with DER signatures, threshold over distinct keys', async () => {
    const [a, b] = await Promise.all([generateKeyPair('p'), generateKeyPair('p')]);
    const ka = await loadPrivateKey(a.privateKeyPem, 'p');
    const kb = await loadPrivateKey(b.privateKeyPem, 'p');
    const env = signEnvelope('application/vnd.in-toto+json', Buffer.from('{}'), [ka, kb]);
    expect(verifyEnvelope(env, [ka.publicKey, kb.publicKey], 2).keys).toHaveLength(2);
    expect(() => verifyEnvelope(env, [ka.publicKey], 2)).toThrow(
      expect.objectContaining({ code: 'UNTRUSTED_IDENTITY' }),
    );
    // The same signature twice does not count twice.
    const dup = { ...env, signatures: [env.signatures[0]!, env.signatures[0]!] };
    expect(() => verifyEnvelope(dup, [ka.publicKey, kb.publicKey], 2)).toThrow();
  });

  it('a keyid naming an untrusted key → UNTRUSTED_IDENTITY; none trusted → BAD_SIGNATURE', async () => {
    const a = await loadPrivateKey((await generateKeyPair('p')).privateKeyPem, 'p');
    const other = loadPublicKey((await generateKeyPair('p')).publicKeyPem);
    const env = signEnvelope('t', Buffer.from('x'), [a]);
    expect(() => verifyEnvelope(env, [other])).toThrow(
      expect.objectContaining({ code: 'UNTRUSTED_IDENTITY' }),
    );
    const noHint = { ...env, signatures: [{ sig: env.signatures[0]!.sig }] };
    expect(() => verifyEnvelope(noHint, [other])).toThrow(expect.objectContaining({ code: 'BAD_SIGNATURE' }));
  });

  it.each([
    ['not json', '{'],
    ['no signatures', '{"payload":"","payloadType":"t","signatures":[]}'],
    ['sig not string', '{"payload":"","payloadType":"t","signatures":[{"sig":1}]}'],
    ['no payloadType', '{"payload":"","signatures":[{"sig":"AA=="}]}'],
  ])('malformed envelope (%s) → BAD_SIGNATURE', (_n, text) => {
    expect(() => parseEnvelope(text)).toThrow(expect.objectContaining({ code: 'BAD_SIGNATURE' }));
  });

  it('never throws a non-Bulwark error on arbitrary input', async () => {
    const k = loadPublicKey((await generateKeyPair('p')).publicKeyPem);
    fc.assert(
      fc.property(fc.oneof(fc.json(), fc.string()), (text) => {
        try {
          verifyEnvelope(text, [k]);
          throw new Error('accepted garbage');
        } catch (err) {
          expect((err as { code?: string }).code).toMatch(/BAD_SIGNATURE|UNTRUSTED_IDENTITY/);
        }
      }),
    );
  });
});
