import { generateKeyPairSync } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadPrivateKey } from './keys/index.js';
import { signBytes, verifyBytes } from './signature.js';

const types = [
  ['ECDSA P-256', () => generateKeyPairSync('ec', { namedCurve: 'P-256' })],
  ['ECDSA P-384', () => generateKeyPairSync('ec', { namedCurve: 'P-384' })],
  ['ECDSA P-521', () => generateKeyPairSync('ec', { namedCurve: 'P-521' })],
  ['RSA-2048', () => generateKeyPairSync('rsa', { modulusLength: 2048 })],
  ['Ed25519', () => generateKeyPairSync('ed25519')],
] as const;

describe.each(types)('%s signatures as cosign makes them', (_name, make) => {
  it('sign → verify, and any byte flip is rejected', async () => {
    const pair = make();
    const key = await loadPrivateKey(
      pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      undefined,
    );
    const data = Buffer.from('{"critical":{}}');
    const sig = signBytes(key, data);
    expect(verifyBytes(key.publicKey, data, sig)).toBe(true);
    fc.assert(
      fc.property(fc.boolean(), fc.nat(), fc.integer({ min: 1, max: 255 }), (inData, pos, xor) => {
        const d = Buffer.from(data);
        const s = Buffer.from(sig);
        if (inData) d[pos % d.length]! ^= xor;
        else s[pos % s.length]! ^= xor;
        expect(verifyBytes(key.publicKey, d, s, { allowRawEcdsa: true })).toBe(false);
      }),
      { numRuns: 100 },
    );
    expect(verifyBytes(key.publicKey, data, sig.subarray(0, sig.length - 1))).toBe(false);
    expect(verifyBytes(key.publicKey, data, Buffer.alloc(0))).toBe(false);
  });
});

it('raw r‖s ECDSA is accepted only when asked (DSSE), never for simple signing', async () => {
  const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const key = await loadPrivateKey(
    pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    undefined,
  );
  const { sign } = await import('node:crypto');
  const raw = sign('sha256', Buffer.from('x'), { key: pair.privateKey, dsaEncoding: 'ieee-p1363' });
  expect(verifyBytes(key.publicKey, Buffer.from('x'), raw)).toBe(false);
  expect(verifyBytes(key.publicKey, Buffer.from('x'), raw, { allowRawEcdsa: true })).toBe(true);
});
