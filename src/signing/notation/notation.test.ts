import { execFileSync } from 'node:child_process';
import { createPrivateKey, sign as nodeSign } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { describeWithFixtures, fixture } from '../../../test/support/fixtures.js';
import { missingTools } from '../../../test/support/tools.js';
import { digestOf } from '../digest.js';
import {
  loadTrustStore,
  parseNotationTrustPolicy,
  trustStoreFromPems,
  verifyNotationSignature,
  type NotationTrustPolicyDocument,
} from './index.js';

const DIR = 'supply/connaisseur-notation';
const code = (c: string) => expect.objectContaining({ code: c });

function policy(overrides: Record<string, unknown> = {}): NotationTrustPolicyDocument {
  return parseNotationTrustPolicy({
    version: '1.0',
    trustPolicies: [
      {
        name: 'default',
        registryScopes: ['*'],
        signatureVerification: { level: 'strict' },
        trustStores: ['ca:default'],
        trustedIdentities: ['*'],
        ...overrides,
      },
    ],
  });
}

describeWithFixtures('Notation JWS signature (connaisseur fixture)', [DIR], () => {
  // The referrers tag-schema index names the signature manifest; its layer is the JWS blob.
  const image = 'sha256:a136cc4e785798e5e8483047cf621cf0a0300a93d47703a3f066c340c070f5cf';
  const index = JSON.parse(
    readFileSync(fixture(DIR, 'manifests', `${image.replace(':', '-')}.json`), 'utf8'),
  );
  const sigManifestBytes = readFileSync(fixture(DIR, 'manifests', `${index.manifests[0].digest}.json`));
  const sigManifest = JSON.parse(sigManifestBytes.toString());
  const layer = sigManifest.layers[0];
  const envelope = readFileSync(fixture(DIR, 'blobs', `${layer.digest}.json`));
  const roots = parseYaml(readFileSync(fixture(DIR, '01_notation.yaml'), 'utf8')).trustRoots as {
    name: string;
    cert: string;
  }[];
  const signerCa = roots.find((r) => r.name === 'default')!.cert;
  const differentCert = roots.find((r) => r.name === 'different-cert')!.cert;
  const input = {
    envelope,
    mediaType: layer.mediaType,
    subject: sigManifest.subject,
    repository: 'ghcr.io/sse-secure-systems/notation-test',
  };

  it('fixture bytes are what the manifests say', () => {
    expect(digestOf(sigManifestBytes)).toBe(index.manifests[0].digest);
    expect(digestOf(envelope)).toBe(layer.digest);
    expect(digestOf(readFileSync(fixture(DIR, 'manifests/notation-sign.json')))).toBe(image);
    expect(sigManifest.subject.digest).toBe(image);
  });

  it('verifies (strict) with its trust root in a ca trust store', () => {
    const v = verifyNotationSignature(input, {
      trustPolicy: policy(),
      trustStore: trustStoreFromPems({ 'ca:default': signerCa }),
    });
    expect(v.verified).toBe(true);
    expect(v.signer?.subject).toBe('C=DE, ST=Berlin, L=Berlin, O=SSE, OU=Defensive, CN=securesystems.de');
    expect(v.signer?.thumbprints).toEqual(
      JSON.parse(sigManifest.annotations['io.cncf.notary.x509chain.thumbprint#S256']),
    );
    expect(v.signingTime?.toISOString()).toBe('2025-01-24T12:43:46.000Z');
    expect(v.warnings).toEqual(['revocation: not checked (offline; no OCSP/CRL)']);
  });

  it.each([
    ['ca.pem (another CA)', () => readFileSync(fixture(DIR, 'ca.pem'), 'utf8')],
    ['different-cert', () => differentCert],
  ])('fails with %s → UNTRUSTED_IDENTITY', (_n, pem) => {
    expect(() =>
      verifyNotationSignature(input, {
        trustPolicy: policy(),
        trustStore: trustStoreFromPems({ 'ca:default': pem() }),
      }),
    ).toThrow(code('UNTRUSTED_IDENTITY'));
  });

  it('audit level: a wrong CA is logged, and the signature does not count as verified', () => {
    const v = verifyNotationSignature(input, {
      trustPolicy: policy({ signatureVerification: { level: 'audit' } }),
      trustStore: trustStoreFromPems({ 'ca:default': readFileSync(fixture(DIR, 'ca.pem'), 'utf8') }),
    });
    expect(v.verified).toBe(false);
    expect(v.warnings.join('\n')).toMatch(/authenticity/);
  });

  it.each([
    ['matching subject', ['x509.subject: C=DE, ST=Berlin, O=SSE'], true],
    ['other org', ['x509.subject: C=DE, ST=Berlin, O=Evil'], false],
  ])('trusted identity %s', (_n, ids, ok) => {
    const run = () =>
      verifyNotationSignature(input, {
        trustPolicy: policy({ trustedIdentities: ids }),
        trustStore: trustStoreFromPems({ 'ca:default': signerCa }),
      });
    if (ok) expect(run().verified).toBe(true);
    else expect(run).toThrow(code('UNTRUSTED_IDENTITY'));
  });

  it('a signature for another manifest → DIGEST_MISMATCH', () => {
    const other = { ...input, subject: { ...input.subject, digest: `sha256:${'0'.repeat(64)}` } };
    expect(() =>
      verifyNotationSignature(other, {
        trustPolicy: policy(),
        trustStore: trustStoreFromPems({ 'ca:default': signerCa }),
      }),
    ).toThrow(code('DIGEST_MISMATCH'));
  });

  it('a policy scoped to another repository does not apply', () => {
    const p = policy({ registryScopes: ['ghcr.io/other/repo'] });
    expect(() =>
      verifyNotationSignature(input, {
        trustPolicy: p,
        trustStore: trustStoreFromPems({ 'ca:default': signerCa }),
      }),
    ).toThrow(code('UNTRUSTED_IDENTITY'));
  });

  it('rejects any byte flip in the signed parts', () => {
    const doc = JSON.parse(envelope.toString());
    const store = trustStoreFromPems({ 'ca:default': signerCa });
    fc.assert(
      fc.property(
        fc.constantFrom('payload', 'protected', 'signature'),
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        (field, pos, xor) => {
          const bytes = Buffer.from(doc[field], 'base64url');
          bytes[pos % bytes.length]! ^= xor;
          const changed = Buffer.from(JSON.stringify({ ...doc, [field]: bytes.toString('base64url') }));
          expect(() =>
            verifyNotationSignature(
              { ...input, envelope: changed },
              { trustPolicy: policy(), trustStore: store },
            ),
          ).toThrow();
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('Notation trust policy validation', () => {
  it.each([
    ['bad version', { version: '2.0', trustPolicies: [] }],
    [
      'two globals',
      {
        version: '1.0',
        trustPolicies: [1, 2].map((i) => ({
          name: `p${i}`,
          registryScopes: ['*'],
          signatureVerification: { level: 'strict' },
          trustStores: ['ca:x'],
          trustedIdentities: ['*'],
        })),
      },
    ],
    [
      'scope with tag',
      {
        version: '1.0',
        trustPolicies: [
          {
            name: 'p',
            registryScopes: ['r.io/a:1'],
            signatureVerification: { level: 'strict' },
            trustStores: ['ca:x'],
            trustedIdentities: ['*'],
          },
        ],
      },
    ],
    [
      'subject without O',
      {
        version: '1.0',
        trustPolicies: [
          {
            name: 'p',
            registryScopes: ['*'],
            signatureVerification: { level: 'strict' },
            trustStores: ['ca:x'],
            trustedIdentities: ['x509.subject: C=US, ST=WA'],
          },
        ],
      },
    ],
    [
      'bad store type',
      {
        version: '1.0',
        trustPolicies: [
          {
            name: 'p',
            registryScopes: ['*'],
            signatureVerification: { level: 'strict' },
            trustStores: ['x509:x'],
            trustedIdentities: ['*'],
          },
        ],
      },
    ],
    [
      'unknown level',
      {
        version: '1.0',
        trustPolicies: [
          {
            name: 'p',
            registryScopes: ['*'],
            signatureVerification: { level: 'lenient' },
            trustStores: ['ca:x'],
            trustedIdentities: ['*'],
          },
        ],
      },
    ],
  ])('rejects %s', (_n, doc) => {
    expect(() => parseNotationTrustPolicy(doc)).toThrow(code('INVALID_INPUT'));
  });

  it('picks the exact scope over "*"', async () => {
    const { selectTrustPolicy } = await import('./trust-policy.js');
    const doc = parseNotationTrustPolicy({
      version: '1.0',
      trustPolicies: [
        { name: 'all', registryScopes: ['*'], signatureVerification: { level: 'skip' } },
        {
          name: 'app',
          registryScopes: ['r.io/team/app'],
          signatureVerification: { level: 'strict' },
          trustStores: ['ca:x'],
          trustedIdentities: ['*'],
        },
      ],
    });
    expect(selectTrustPolicy(doc, 'r.io/team/app')?.name).toBe('app');
    expect(selectTrustPolicy(doc, 'r.io/team/other')?.name).toBe('all');
  });
});

// Signatures made here with openssl-issued certificates and a JWS written from the spec, independent
// of jws.ts, to cover ES256, intermediates, crit handling and expiry.
describe.skipIf(missingTools(['openssl']) !== null)(
  'Notation JWS made from the spec (openssl certificates)',
  () => {
    let dir: string;
    let root: string;
    let chainB64: string[];
    let leafKey: ReturnType<typeof createPrivateKey>;
    const digest = `sha256:${'c'.repeat(64)}`;
    const subject = { digest, mediaType: 'application/vnd.oci.image.manifest.v1+json', size: 100 };

    const ossl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'bulwark-notation-'));
      writeFileSync(
        join(dir, 'ca.ext'),
        'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n',
      );
      writeFileSync(
        join(dir, 'leaf.ext'),
        'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=codeSigning\n',
      );
      ossl('ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'root.key');
      ossl(
        'req',
        '-x509',
        '-new',
        '-key',
        'root.key',
        '-subj',
        '/C=US/ST=WA/O=Acme/CN=Root',
        '-days',
        '30',
        '-out',
        'root.pem',
        '-addext',
        'basicConstraints=critical,CA:TRUE',
        '-addext',
        'keyUsage=critical,keyCertSign',
      );
      ossl('ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'int.key');
      ossl(
        'req',
        '-new',
        '-key',
        'int.key',
        '-subj',
        '/C=US/ST=WA/O=Acme/CN=Intermediate',
        '-out',
        'int.csr',
      );
      ossl(
        'x509',
        '-req',
        '-in',
        'int.csr',
        '-CA',
        'root.pem',
        '-CAkey',
        'root.key',
        '-CAcreateserial',
        '-days',
        '20',
        '-extfile',
        'ca.ext',
        '-out',
        'int.pem',
      );
      ossl('ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'leaf.key');
      ossl('req', '-new', '-key', 'leaf.key', '-subj', '/C=US/ST=WA/O=Acme/CN=Builder', '-out', 'leaf.csr');
      ossl(
        'x509',
        '-req',
        '-in',
        'leaf.csr',
        '-CA',
        'int.pem',
        '-CAkey',
        'int.key',
        '-CAcreateserial',
        '-days',
        '10',
        '-extfile',
        'leaf.ext',
        '-out',
        'leaf.pem',
      );
      const der = (f: string) => ossl('x509', '-in', f, '-outform', 'DER').toString('base64');
      chainB64 = [der('leaf.pem'), der('int.pem'), der('root.pem')];
      root = readFileSync(join(dir, 'root.pem'), 'utf8');
      leafKey = createPrivateKey(readFileSync(join(dir, 'leaf.key')));
      // A trust store directory laid out as Notation's.
      mkdirSync(join(dir, 'store/x509/ca/acme'), { recursive: true });
      writeFileSync(join(dir, 'store/x509/ca/acme/root.pem'), root);
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    function jws(
      headers: Record<string, unknown>,
      payload: unknown = { targetArtifact: subject },
      chain = chainB64,
    ): Buffer {
      const ph = {
        alg: 'ES256',
        crit: ['io.cncf.notary.signingScheme'],
        cty: 'application/vnd.cncf.notary.payload.v1+json',
        'io.cncf.notary.signingScheme': 'notary.x509',
        'io.cncf.notary.signingTime': new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
        ...headers,
      };
      const p = Buffer.from(JSON.stringify(ph)).toString('base64url');
      const b = Buffer.from(JSON.stringify(payload)).toString('base64url');
      const sig = nodeSign('sha256', Buffer.from(`${p}.${b}`), { key: leafKey, dsaEncoding: 'ieee-p1363' });
      return Buffer.from(
        JSON.stringify({
          payload: b,
          protected: p,
          header: { x5c: chain },
          signature: sig.toString('base64url'),
        }),
      );
    }
    const opts = () => ({
      trustPolicy: policy({
        trustStores: ['ca:acme'],
        trustedIdentities: ['x509.subject: C=US, ST=WA, O=Acme, CN=Builder'],
      }),
    });
    const input = (envelope: Buffer) => ({ envelope, subject, repository: 'localhost:5000/app' });

    it('ES256 with leaf → intermediate → root verifies against a trust store directory', async () => {
      const trustStore = await loadTrustStore(join(dir, 'store'));
      expect([...trustStore.keys()]).toEqual(['ca:acme']);
      expect(verifyNotationSignature(input(jws({})), { ...opts(), trustStore }).verified).toBe(true);
    });

    it.each([
      [
        'an unknown crit header',
        { crit: ['io.cncf.notary.signingScheme', 'x-custom'], 'x-custom': 1 },
        'BAD_SIGNATURE',
      ],
      ['crit missing the scheme', { crit: [] }, 'BAD_SIGNATURE'],
      [
        'expiry in crit but absent',
        { crit: ['io.cncf.notary.signingScheme', 'io.cncf.notary.expiry'] },
        'BAD_SIGNATURE',
      ],
      ['expiry not in crit', { 'io.cncf.notary.expiry': '2100-01-01T00:00:00Z' }, 'BAD_SIGNATURE'],
      [
        'a past expiry (strict)',
        {
          crit: ['io.cncf.notary.signingScheme', 'io.cncf.notary.expiry'],
          'io.cncf.notary.expiry': '2020-01-01T00:00:00Z',
        },
        'BAD_SIGNATURE',
      ],
      ['alg not matching the key', { alg: 'ES384' }, 'BAD_SIGNATURE'],
      ['no signing time', { 'io.cncf.notary.signingTime': undefined }, 'BAD_SIGNATURE'],
      [
        'a verification plugin',
        {
          crit: ['io.cncf.notary.signingScheme', 'io.cncf.notary.verificationPlugin'],
          'io.cncf.notary.verificationPlugin': 'x',
        },
        'BAD_SIGNATURE',
      ],
    ])('rejects %s', (_n, headers, c) => {
      const store = trustStoreFromPems({ 'ca:acme': root });
      expect(() => verifyNotationSignature(input(jws(headers)), { ...opts(), trustStore: store })).toThrow(
        code(c),
      );
    });

    it('a past expiry is only a warning at permissive level', () => {
      const store = trustStoreFromPems({ 'ca:acme': root });
      const p = policy({ trustStores: ['ca:acme'], signatureVerification: { level: 'permissive' } });
      const v = verifyNotationSignature(
        input(
          jws({
            crit: ['io.cncf.notary.signingScheme', 'io.cncf.notary.expiry'],
            'io.cncf.notary.expiry': '2020-01-01T00:00:00Z',
          }),
        ),
        { trustPolicy: p, trustStore: store },
      );
      expect(v.verified).toBe(true);
      expect(v.warnings.some((w) => w.startsWith('expiry:'))).toBe(true);
    });

    it('a chain whose certificates have expired by now fails strict authentic-timestamp', () => {
      const store = trustStoreFromPems({ 'ca:acme': root });
      const later = new Date(Date.now() + 15 * 86400_000);
      expect(() =>
        verifyNotationSignature(input(jws({})), { ...opts(), trustStore: store, now: later }),
      ).toThrow(code('UNTRUSTED_IDENTITY'));
    });

    it('a broken chain (intermediate missing) is rejected', () => {
      const store = trustStoreFromPems({ 'ca:acme': root });
      expect(() =>
        verifyNotationSignature(input(jws({}, undefined, [chainB64[0]!, chainB64[2]!])), {
          ...opts(),
          trustStore: store,
        }),
      ).toThrow(code('BAD_SIGNATURE'));
    });

    it('a COSE envelope is reported as unsupported', () => {
      const store = trustStoreFromPems({ 'ca:acme': root });
      expect(() =>
        verifyNotationSignature(
          { ...input(jws({})), mediaType: 'application/cose' },
          { ...opts(), trustStore: store },
        ),
      ).toThrow(code('UNSUPPORTED_MEDIA_TYPE'));
    });
  },
);
