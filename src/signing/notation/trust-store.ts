// Notation trust stores: `<root>/x509/{ca,signingAuthority,tsa}/<name>/*` certificate files (PEM, one
// or more certificates, or DER). ref: notaryproject/specifications specs/trust-store-trust-policy.md.
// A trust store is named `type:name` in trust policies (e.g. `ca:acme-rockets`).
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { BulwarkError } from '../../core/errors.js';
import { readPemBlocks } from '../keys/pem.js';
import { parseCertDer, type Cert } from './certs.js';

export const TRUST_STORE_TYPES = ['ca', 'signingAuthority', 'tsa'] as const;
export type TrustStoreType = (typeof TRUST_STORE_TYPES)[number];

/** `type:name` → certificates. */
export type NotationTrustStore = Map<string, Cert[]>;

const MAX_CERT_FILE = 1024 * 1024;
const MAX_FILES = 1000;

/** Certificates from PEM text (any number of CERTIFICATE blocks) or a DER buffer. */
export function parseCertificates(data: Buffer | string, what: string): Cert[] {
  const text = Buffer.isBuffer(data) ? data.toString('latin1') : data;
  if (text.includes('-----BEGIN')) {
    const blocks = readPemBlocks(text, what).filter((b) => b.label === 'CERTIFICATE');
    if (blocks.length === 0) throw new BulwarkError('INVALID_INPUT', `${what} holds no CERTIFICATE block`);
    return blocks.map((b, i) => parseCertDer(b.body, `${what} certificate ${i + 1}`));
  }
  return [parseCertDer(Buffer.isBuffer(data) ? data : Buffer.from(data, 'latin1'), what)];
}

/** Build a trust store from PEM strings, e.g. `{ 'ca:default': pem }` (for tests and inline policy). */
export function trustStoreFromPems(entries: Record<string, string>): NotationTrustStore {
  const store: NotationTrustStore = new Map();
  for (const [id, pem] of Object.entries(entries)) {
    const [type] = id.split(':');
    if (!(TRUST_STORE_TYPES as readonly string[]).includes(type ?? '')) {
      throw new BulwarkError('INVALID_INPUT', `trust store ${id}: type must be ca, signingAuthority or tsa`);
    }
    store.set(id, [...(store.get(id) ?? []), ...parseCertificates(pem, `trust store ${id}`)]);
  }
  return store;
}

/** Read `<root>/x509/<type>/<name>/*` into a trust store. Unreadable or bad files are errors, not skipped. */
export async function loadTrustStore(root: string): Promise<NotationTrustStore> {
  const store: NotationTrustStore = new Map();
  const x509 = join(root, 'x509');
  try {
    await stat(x509);
  } catch (err) {
    throw new BulwarkError('NOT_FOUND', `Notation trust store ${root} has no x509/ directory`, {
      cause: err,
    });
  }
  let files = 0;
  for (const type of TRUST_STORE_TYPES) {
    let names: string[];
    try {
      names = await readdir(join(x509, type));
    } catch {
      continue; // a type with no stores
    }
    for (const name of names.sort()) {
      const dir = join(x509, type, name);
      if (!(await stat(dir)).isDirectory()) continue;
      const certs: Cert[] = [];
      for (const f of (await readdir(dir)).sort()) {
        const p = join(dir, f);
        const st = await stat(p);
        if (!st.isFile()) continue;
        if (++files > MAX_FILES)
          throw new BulwarkError(
            'LIMIT_EXCEEDED',
            `Notation trust store ${root} has more than ${MAX_FILES} files`,
          );
        if (st.size > MAX_CERT_FILE)
          throw new BulwarkError('LIMIT_EXCEEDED', `${p} is larger than ${MAX_CERT_FILE} bytes`);
        certs.push(...parseCertificates(await readFile(p), p));
      }
      if (certs.length) store.set(`${type}:${name}`, certs);
    }
  }
  return store;
}
