// Cosign's encrypted private key format, read and written byte-compatibly.
// ref: sigstore/cosign pkg/cosign/keys.go (PEM types), secure-systems-lab/go-securesystemslib
// encrypted/encrypted.go (the JSON envelope): scrypt(password, salt, N, r, p) → 32-byte key,
// NaCl secretbox (XSalsa20-Poly1305) over the PKCS#8 DER private key. Node has no XSalsa20,
// hence tweetnacl; Node's scrypt needs `maxmem` raised for N=32768, r=8 (32 MiB working set).
import { randomBytes, scrypt as scryptCb, type ScryptOptions } from 'node:crypto';
import nacl from 'tweetnacl';
import { BulwarkError } from '../../core/errors.js';
import { readPemBlocks, writePem } from './pem.js';

/** PEM type cosign ≥ 2.0 writes. */
export const SIGSTORE_PRIVATE_KEY_PEM = 'ENCRYPTED SIGSTORE PRIVATE KEY';
/** PEM type cosign < 2.0 wrote; still read. */
export const COSIGN_PRIVATE_KEY_PEM = 'ENCRYPTED COSIGN PRIVATE KEY';

/** The parameters cosign uses (go-securesystemslib encrypted.go, "defaultScrypt"). */
export const COSIGN_SCRYPT = { N: 32768, r: 8, p: 1 } as const;
const SALT_BYTES = 32;
const KEY_BYTES = 32;
// Upper bound on scrypt memory (128·N·r·p bytes) that a key file may ask for: a hostile file must
// not be able to make us allocate gigabytes. 256 MiB is 8× cosign's default.
const MAX_SCRYPT_MEMORY = 256 * 1024 * 1024;

/**
 * The JSON inside the PEM, field order as Go's encoding/json writes the structs
 * (EncryptedContent{KDF{Name,Params{N,r,p},Salt}, Cipher{Name,Nonce}, Ciphertext}); []byte fields
 * are standard base64.
 */
export interface EncryptedKeyJson {
  kdf: { name: 'scrypt'; params: { N: number; r: number; p: number }; salt: string };
  cipher: { name: 'nacl/secretbox'; nonce: string };
  ciphertext: string;
}

function scrypt(password: Buffer, salt: Buffer, p: { N: number; r: number; p: number }): Promise<Buffer> {
  const opts: ScryptOptions = { N: p.N, r: p.r, p: p.p, maxmem: 128 * p.N * p.r * p.p + 16 * 1024 * 1024 };
  return new Promise((resolve, reject) =>
    scryptCb(password, salt, KEY_BYTES, opts, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

/** Encrypt a PKCS#8 DER private key into cosign's `ENCRYPTED SIGSTORE PRIVATE KEY` PEM. */
export async function encryptPrivateKey(pkcs8Der: Buffer, password: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const nonce = randomBytes(nacl.secretbox.nonceLength);
  const key = await scrypt(Buffer.from(password, 'utf8'), salt, COSIGN_SCRYPT);
  const sealed = nacl.secretbox(new Uint8Array(pkcs8Der), new Uint8Array(nonce), new Uint8Array(key));
  key.fill(0);
  const body: EncryptedKeyJson = {
    kdf: { name: 'scrypt', params: { ...COSIGN_SCRYPT }, salt: salt.toString('base64') },
    cipher: { name: 'nacl/secretbox', nonce: nonce.toString('base64') },
    ciphertext: Buffer.from(sealed).toString('base64'),
  };
  return writePem(SIGSTORE_PRIVATE_KEY_PEM, Buffer.from(JSON.stringify(body), 'utf8'));
}

function fail(what: string, why: string): BulwarkError {
  return new BulwarkError('KEY_ERROR', `${what}: ${why}`);
}

const B64_RE = /^[A-Za-z0-9+/]*={0,2}$/;

function b64Field(v: unknown, field: string, what: string, len?: number): Buffer {
  if (typeof v !== 'string' || !B64_RE.test(v) || v.length % 4 !== 0) {
    throw fail(what, `field ${field} is not base64; the key file is damaged`);
  }
  const buf = Buffer.from(v, 'base64');
  if (len !== undefined && buf.length !== len) {
    throw fail(what, `field ${field} has ${buf.length} bytes, expected ${len}; the key file is damaged`);
  }
  return buf;
}

/** Parse and check the JSON envelope; every field is checked before any work is done. */
export function parseEncryptedKey(
  pemText: string,
  what = 'private key',
): {
  json: EncryptedKeyJson;
  salt: Buffer;
  nonce: Buffer;
  ciphertext: Buffer;
} {
  const blocks = readPemBlocks(pemText, what);
  const block = blocks.find(
    (b) => b.label === SIGSTORE_PRIVATE_KEY_PEM || b.label === COSIGN_PRIVATE_KEY_PEM,
  );
  if (!block) {
    const found = blocks.map((b) => b.label).join(', ') || 'no PEM block';
    throw fail(what, `expected an ${SIGSTORE_PRIVATE_KEY_PEM} PEM block, found ${found}`);
  }
  let json: EncryptedKeyJson;
  try {
    json = JSON.parse(block.body.toString('utf8')) as EncryptedKeyJson;
  } catch {
    throw fail(what, 'the PEM body is not JSON; is this a cosign key?');
  }
  if (typeof json !== 'object' || json === null) throw fail(what, 'the PEM body is not a JSON object');
  if (json.kdf?.name !== 'scrypt') throw fail(what, `unsupported KDF ${JSON.stringify(json.kdf?.name)}`);
  if (json.cipher?.name !== 'nacl/secretbox') {
    throw fail(what, `unsupported cipher ${JSON.stringify(json.cipher?.name)}`);
  }
  const { N, r, p } = json.kdf.params ?? ({} as { N: number; r: number; p: number });
  const okInt = (x: unknown): x is number => Number.isSafeInteger(x) && (x as number) > 0;
  if (!okInt(N) || !okInt(r) || !okInt(p) || (N & (N - 1)) !== 0 || N < 2) {
    throw fail(what, 'scrypt parameters are invalid');
  }
  if (128 * N * r * p > MAX_SCRYPT_MEMORY) {
    throw fail(what, `scrypt parameters need more than ${MAX_SCRYPT_MEMORY >> 20} MiB; refusing`);
  }
  const salt = b64Field(json.kdf.salt, 'kdf.salt', what);
  const nonce = b64Field(json.cipher.nonce, 'cipher.nonce', what, nacl.secretbox.nonceLength);
  const ciphertext = b64Field(json.ciphertext, 'ciphertext', what);
  if (ciphertext.length < nacl.secretbox.overheadLength) throw fail(what, 'ciphertext is truncated');
  return { json, salt, nonce, ciphertext };
}

/** Decrypt cosign's encrypted private key PEM to the PKCS#8 DER bytes. Wrong password → KEY_ERROR. */
export async function decryptPrivateKey(
  pemText: string,
  password: string,
  what = 'private key',
): Promise<Buffer> {
  const { json, salt, nonce, ciphertext } = parseEncryptedKey(pemText, what);
  const key = await scrypt(Buffer.from(password, 'utf8'), salt, json.kdf.params);
  const opened = nacl.secretbox.open(new Uint8Array(ciphertext), new Uint8Array(nonce), new Uint8Array(key));
  key.fill(0);
  if (!opened) {
    throw fail(what, 'wrong password or corrupted key (set BULWARK_PASSWORD or COSIGN_PASSWORD)');
  }
  return Buffer.from(opened);
}
