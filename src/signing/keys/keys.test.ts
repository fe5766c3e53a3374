import { createPrivateKey, createPublicKey, generateKeyPairSync, scryptSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import nacl from 'tweetnacl';
import { describe, expect, it } from 'vitest';
import { isBulwarkError } from '../../core/errors.js';
import { describeWithFixtures, fixture } from '../../../test/support/fixtures.js';
import { signBytes, verifyBytes } from '../signature.js';
import {
  encryptPrivateKey,
  generateKeyPair,
  loadPrivateKey,
  loadPublicKey,
  passwordFromEnv,
  publicKeyId,
} from './index.js';

const FIXTURE_KEY = ['supply', 'cosign', 'encrypted-sigstore-private-key.hello.pem'];

/**
 * An implementation of cosign's format written from the spec, independent of encrypted.ts: PEM body →
 * JSON → scrypt(N, r, p) → nacl.secretbox.open. If Bulwark's keys open here, cosign (which runs the same
 * algorithm in go-securesystemslib) opens them too.
 */
function independentDecrypt(pem: string, password: string): { json: Record<string, unknown>; der: Buffer } {
  const lines = pem.trim().split('\n');
  expect(lines[0]).toBe('-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----');
  expect(lines.at(-1)).toBe('-----END ENCRYPTED SIGSTORE PRIVATE KEY-----');
  for (const l of lines.slice(1, -2)) expect(l).toHaveLength(64); // Go pem.Encode line width
  const json = JSON.parse(Buffer.from(lines.slice(1, -1).join(''), 'base64').toString('utf8'));
  const { N, r, p } = json.kdf.params;
  const key = scryptSync(password, Buffer.from(json.kdf.salt, 'base64'), 32, {
    N,
    r,
    p,
    maxmem: 64 * 1024 * 1024,
  });
  const opened = nacl.secretbox.open(
    Buffer.from(json.ciphertext, 'base64'),
    Buffer.from(json.cipher.nonce, 'base64'),
    key,
  );
  expect(opened).not.toBeNull();
  return { json, der: Buffer.from(opened!) };
}

/** JSON with every string leaf replaced, so two key files can be compared field by field, in order. */
function skeleton(json: unknown): string {
  return JSON.stringify(json, (_k, v) =>
    typeof v === 'string' && !['scrypt', 'nacl/secretbox'].includes(v) ? '<b64>' : v,
  );
}

async function keyErrorOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    expect(isBulwarkError(err) && err.code).toBe('KEY_ERROR');
    expect((err as Error).message).not.toContain('\n');
    return (err as Error).message;
  }
  throw new Error('expected KEY_ERROR');
}

describeWithFixtures('cosign encrypted keys (fixture)', [FIXTURE_KEY.join('/')], () => {
  const pem = readFileSync(fixture(...FIXTURE_KEY), 'utf8');

  it('loads the cosign fixture key with password "hello"', async () => {
    const k = await loadPrivateKey(pem, 'hello');
    expect(k.publicKey.algorithm).toBe('ecdsa-p256');
    expect(k.privateKey.export({ type: 'pkcs8', format: 'der' })).toHaveLength(138);
    const sig = signBytes(k, Buffer.from('x'));
    expect(verifyBytes(k.publicKey, Buffer.from('x'), sig)).toBe(true);
  });

  it('the independent decryptor opens the fixture too (checks the test itself)', () => {
    const { der } = independentDecrypt(pem, 'hello');
    expect(createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }).asymmetricKeyType).toBe('ec');
  });

  it('rejects a wrong password with one-line KEY_ERROR', async () => {
    expect(await keyErrorOf(loadPrivateKey(pem, 'hellO'))).toMatch(/wrong password/);
  });

  it("Bulwark key files have the same JSON fields, order and encoding as cosign's", async () => {
    const fixtureJson = JSON.parse(Buffer.from(pem.split('\n').slice(1, -2).join(''), 'base64').toString());
    const gen = await generateKeyPair('pw');
    const { json, der } = independentDecrypt(gen.privateKeyPem, 'pw');
    expect(skeleton(json)).toBe(skeleton(fixtureJson));
    // Byte for byte, not just field for field: same JSON text once the random values are masked.
    const rawText = (p: string) =>
      Buffer.from(p.trim().split('\n').slice(1, -1).join(''), 'base64')
        .toString('utf8')
        .replace(/"(salt|nonce|ciphertext)":"[A-Za-z0-9+/=]+"/g, '"$1":"<b64>"');
    expect(rawText(gen.privateKeyPem)).toBe(rawText(pem));
    const kdf = json.kdf as { salt: string; params: unknown };
    const cipher = json.cipher as { nonce: string };
    expect(kdf.params).toEqual({ N: 32768, r: 8, p: 1 });
    expect(Buffer.from(kdf.salt, 'base64')).toHaveLength(32); // go-securesystemslib: 32-byte salt
    expect(Buffer.from(cipher.nonce, 'base64')).toHaveLength(24); // secretbox nonce
    // Same PKCS#8 structure as Go's x509.MarshalPKCS8PrivateKey (P-256 with the public key: 138 bytes).
    expect(der).toHaveLength(independentDecrypt(pem, 'hello').der.length);
    const priv = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
    expect(publicKeyId(createPublicKey(priv))).toBe(gen.keyId);
    expect(priv.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
  });
});

describe('key generation and loading', () => {
  it('round-trips through generate → load → sign → verify with the .pub', async () => {
    const gen = await generateKeyPair('s3cret');
    expect(gen.publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----\n/);
    const k = await loadPrivateKey(gen.privateKeyPem, 's3cret');
    const pub = loadPublicKey(gen.publicKeyPem);
    expect(pub.keyId).toBe(k.publicKey.keyId);
    const msg = Buffer.from('payload');
    expect(verifyBytes(pub, msg, signBytes(k, msg))).toBe(true);
  });

  it('supports the empty password, as cosign does', async () => {
    const gen = await generateKeyPair('');
    await expect(loadPrivateKey(gen.privateKeyPem, '')).resolves.toBeDefined();
    await keyErrorOf(loadPrivateKey(gen.privateKeyPem, 'x'));
  });

  it('reads the older ENCRYPTED COSIGN PRIVATE KEY type', async () => {
    const gen = await generateKeyPair('pw');
    const old = gen.privateKeyPem.replaceAll('SIGSTORE', 'COSIGN');
    await expect(loadPrivateKey(old, 'pw')).resolves.toBeDefined();
  });

  it('asks for a password when the key is encrypted and none is set', async () => {
    const gen = await generateKeyPair('pw');
    expect(await keyErrorOf(loadPrivateKey(gen.privateKeyPem, undefined))).toMatch(/BULWARK_PASSWORD/);
  });

  it('loads plaintext PKCS#8 keys', async () => {
    const { privateKey } = generateKeyPairSync('ed25519');
    const k = await loadPrivateKey(privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), undefined);
    expect(k.publicKey.algorithm).toBe('ed25519');
  });

  it('refuses hostile scrypt parameters before running scrypt', async () => {
    const gen = await generateKeyPair('pw');
    const body = JSON.parse(
      Buffer.from(gen.privateKeyPem.split('\n').slice(1, -2).join(''), 'base64').toString(),
    );
    body.kdf.params.N = 2 ** 24;
    const evil = `-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----\n${Buffer.from(JSON.stringify(body)).toString('base64')}\n-----END ENCRYPTED SIGSTORE PRIVATE KEY-----\n`;
    expect(await keyErrorOf(loadPrivateKey(evil, 'pw'))).toMatch(/MiB/);
  });

  it.each([
    ['empty', ''],
    ['not PEM', 'hello world'],
    [
      'bad base64',
      '-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----\n@@@@\n-----END ENCRYPTED SIGSTORE PRIVATE KEY-----',
    ],
    [
      'not JSON',
      `-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----\n${Buffer.from('{nope').toString('base64')}\n-----END ENCRYPTED SIGSTORE PRIVATE KEY-----`,
    ],
    [
      'wrong kdf',
      `-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----\n${Buffer.from('{"kdf":{"name":"pbkdf2"}}').toString('base64')}\n-----END ENCRYPTED SIGSTORE PRIVATE KEY-----`,
    ],
    ['public key', '-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----'],
  ])('malformed private key (%s) → KEY_ERROR', async (_name, text) => {
    await keyErrorOf(loadPrivateKey(text, 'pw'));
  });

  it('never throws anything but KEY_ERROR on arbitrary PEM bodies', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), async (bytes) => {
        const pem = `-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----\n${Buffer.from(bytes).toString('base64')}\n-----END ENCRYPTED SIGSTORE PRIVATE KEY-----\n`;
        await keyErrorOf(loadPrivateKey(pem, 'pw'));
      }),
      { numRuns: 200 },
    );
  });
});

describe('public keys', () => {
  const pem = (k: ReturnType<typeof generateKeyPairSync>['publicKey']): string =>
    k.export({ type: 'spki', format: 'pem' }).toString();

  it.each([
    ['P-256', () => generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey, 'ecdsa-p256'],
    ['P-384', () => generateKeyPairSync('ec', { namedCurve: 'P-384' }).publicKey, 'ecdsa-p384'],
    ['P-521', () => generateKeyPairSync('ec', { namedCurve: 'P-521' }).publicKey, 'ecdsa-p521'],
    ['RSA-2048', () => generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey, 'rsa'],
    ['Ed25519', () => generateKeyPairSync('ed25519').publicKey, 'ed25519'],
  ])('accepts %s', (_n, make, alg) => {
    expect(loadPublicKey(pem(make())).algorithm).toBe(alg);
  });

  it('accepts RSA PUBLIC KEY (PKCS#1)', () => {
    const k = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey;
    expect(loadPublicKey(k.export({ type: 'pkcs1', format: 'pem' }).toString()).algorithm).toBe('rsa');
  });

  it.each([
    ['RSA-1024', () => generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey],
    ['secp256k1', () => generateKeyPairSync('ec', { namedCurve: 'secp256k1' }).publicKey],
    ['Ed448', () => generateKeyPairSync('ed448').publicKey],
  ])('refuses %s with KEY_ERROR', (_n, make) => {
    expect(() => loadPublicKey(pem(make()))).toThrow(expect.objectContaining({ code: 'KEY_ERROR' }));
  });

  it('refuses garbage with KEY_ERROR', () => {
    expect(() => loadPublicKey('-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----')).toThrow(
      expect.objectContaining({ code: 'KEY_ERROR' }),
    );
    expect(() => loadPublicKey('nothing')).toThrow(expect.objectContaining({ code: 'KEY_ERROR' }));
  });
});

describe('password source', () => {
  it.each([
    [{ BULWARK_PASSWORD: 'a', COSIGN_PASSWORD: 'b' }, 'a'],
    [{ COSIGN_PASSWORD: 'b' }, 'b'],
    [{ BULWARK_PASSWORD: '' }, ''],
    [{}, undefined],
  ])('%j → %s', (env, want) => {
    expect(passwordFromEnv(env as NodeJS.ProcessEnv)).toBe(want);
  });
});

describe('encryptPrivateKey', () => {
  it('uses fresh salt and nonce each time', async () => {
    const der = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({
      type: 'pkcs8',
      format: 'der',
    });
    const a = await encryptPrivateKey(der, 'pw');
    const b = await encryptPrivateKey(der, 'pw');
    expect(a).not.toBe(b);
  });
});
