// Offline verification speed of each signature format, against raw ECDSA P-256 verification measured
// in the same run (the floor every format pays once). Inputs: the supply fixtures (BULWARK_FIXTURES).
// Run: npx tsx bench/signing.ts
import { verify as nodeVerify } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { verifyBundle, parseTrustedRoot, createImageSignatureBundle } from '../src/signing/bundle/index.js';
import { verifyEnvelope, signEnvelope } from '../src/signing/dsse/index.js';
import { generateKeyPair, loadPrivateKey, loadPublicKey } from '../src/signing/keys/index.js';
import {
  trustStoreFromPems,
  verifyNotationSignature,
  parseNotationTrustPolicy,
} from '../src/signing/notation/index.js';
import { verifySimpleSignature } from '../src/signing/simple-signing/index.js';
import { evaluatePolicy, parseTrustPolicy, type ResolvedTrustPolicy } from '../src/policy/trust/index.js';
import { fixture } from '../test/support/fixtures.js';

const MIN_MS = 1500;
function rate(fn: () => void): number {
  fn();
  let n = 0;
  const start = process.hrtime.bigint();
  let ms = 0;
  while (ms < MIN_MS) {
    fn();
    n++;
    ms = Number(process.hrtime.bigint() - start) / 1e6;
  }
  return n / (ms / 1000);
}

const C = (...p: string[]) => fixture('supply', 'connaisseur-cosign', ...p);
const image = 'sha256:071bf7a986f1ca9cb2a1f0bc8392822a7777f90d58f2d2c6f271913e08de7c81';
const sigManifest = JSON.parse(readFileSync(C('manifests', `${image.replace(':', '-')}.sig.json`), 'utf8'));
const layer = sigManifest.layers[0];
const payload = readFileSync(C('blobs', `${layer.digest}.json`));
const signature = layer.annotations['dev.cosignproject.cosign/signature'] as string;
const alice = loadPublicKey(readFileSync(C('alice.pub'), 'utf8'));

const rows: [string, number][] = [];
const raw = rate(() => {
  if (!nodeVerify('sha256', payload, alice.key, Buffer.from(signature, 'base64')))
    throw new Error('raw verify failed');
});
rows.push(['raw P-256 verify (node:crypto, baseline)', raw]);

rows.push([
  'cosign simple signing (connaisseur alice)',
  rate(() => void verifySimpleSignature({ payload, signature, expectedDigest: image }, [alice])),
]);

const dsseVector = JSON.parse(readFileSync(fixture('supply/dsse/dsse-spec-vector.json'), 'utf8'));
const key = await loadPrivateKey((await generateKeyPair('')).privateKeyPem, '');
const env = signEnvelope('application/vnd.in-toto+json', Buffer.from('{"a":1}'), [key]);
rows.push(['DSSE envelope (P-256 DER)', rate(() => void verifyEnvelope(env, [key.publicKey]))]);
void dsseVector;

const pgi = parseTrustedRoot(readFileSync(fixture('supply/cosign/trusted_root_pgi.json')));
const v3 = readFileSync(fixture('supply/cosign/oci-attestation.sigstore.json'));
rows.push([
  'sigstore bundle, keyless (cosign v3 fixture, pgi root)',
  rate(
    () =>
      void verifyBundle(v3, {
        trustedRoot: pgi,
        identities: [{ subject: 'cody@soyland.com', issuer: 'https://github.com/login/oauth' }],
      }),
  ),
]);
const digest = `sha256:${'a'.repeat(64)}`;
const keyBundle = createImageSignatureBundle(key, { name: 'localhost:5000/app', digest }).bytes;
rows.push([
  'sigstore bundle, key-based (Bulwark v0.3)',
  rate(() => void verifyBundle(keyBundle, { keys: [key.publicKey], subjectDigest: digest })),
]);

const N = (...p: string[]) => fixture('supply', 'connaisseur-notation', ...p);
const nIndex = JSON.parse(
  readFileSync(
    N('manifests', 'sha256-a136cc4e785798e5e8483047cf621cf0a0300a93d47703a3f066c340c070f5cf.json'),
    'utf8',
  ),
);
const nManifest = JSON.parse(readFileSync(N('manifests', `${nIndex.manifests[0].digest}.json`), 'utf8'));
const jws = readFileSync(N('blobs', `${nManifest.layers[0].digest}.json`));
const roots = parseYaml(readFileSync(N('01_notation.yaml'), 'utf8')).trustRoots as {
  name: string;
  cert: string;
}[];
const trustStore = trustStoreFromPems({ 'ca:default': roots.find((r) => r.name === 'default')!.cert });
const trustPolicy = parseNotationTrustPolicy({
  version: '1.0',
  trustPolicies: [
    {
      name: 'd',
      registryScopes: ['*'],
      signatureVerification: { level: 'strict' },
      trustStores: ['ca:default'],
      trustedIdentities: ['*'],
    },
  ],
});
rows.push([
  'Notation JWS (PS256, RSA-2048)',
  rate(
    () =>
      void verifyNotationSignature(
        { envelope: jws, subject: nManifest.subject, repository: 'r.io/a' },
        { trustPolicy, trustStore },
      ),
  ),
]);

const doc = parseTrustPolicy(`apiVersion: bulwark.dev/v1
kind: TrustPolicy
signers: {alice: {key: a.pub}}
rules:
${Array.from({ length: 200 }, (_, i) => `  - {name: r${i}, images: ["registry.acme.io/team${i}/**"], signers: [alice]}`).join('\n')}
  - {name: all, images: ["**"], action: deny}
`);
const policy: ResolvedTrustPolicy = {
  document: doc,
  source: 'bench',
  signers: new Map([['alice', { name: 'alice', kind: 'key', key: alice }]]),
};
const facts = {
  digest: image,
  signatures: [{ signer: { kind: 'key' as const, keyId: alice.keyId } }],
  attestations: [],
};
rows.push([
  'policy evaluation, 201 rules (no crypto)',
  rate(() => void evaluatePolicy(policy, 'registry.acme.io/team150/api:1', facts)),
]);

const w = Math.max(...rows.map(([n]) => n.length));
console.log(
  `${'check'.padEnd(w)}  ${'per second'.padStart(12)}  ${'ms each'.padStart(8)}  time vs raw P-256`,
);
for (const [name, r] of rows) {
  console.log(
    `${name.padEnd(w)}  ${r.toFixed(0).padStart(12)}  ${(1000 / r).toFixed(3).padStart(8)}  ${(raw / r).toFixed(2)}×`,
  );
}
