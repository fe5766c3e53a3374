// bench/verify: image signature verifications per second against a local docker-registry, cold (every
// verification walks the registry: resolve, manifest, .sig tag, payload blob, referrers probe + tag index)
// and warm (the verification cache answers; by tag one HEAD remains, by digest nothing), against the raw
// P-256 ECDSA verify rate measured in the same run as the baseline.
// Run: npx tsx bench/verify.ts [seconds-per-phase]
import { createPublicKey, verify as cryptoVerify } from 'node:crypto';
import { RegistryClient } from '../src/image/registry/client.js';
import { generateKeyPair } from '../src/signing/keys/generate.js';
import { loadPrivateKey } from '../src/signing/keys/private.js';
import { loadPublicKey } from '../src/signing/keys/public.js';
import { signImage } from '../src/signing/registry/sign.js';
import { VerificationCache } from '../src/signing/verify/cache.js';
import { verifyImage } from '../src/signing/verify/pipeline.js';
import { startRegistry } from '../test/support/registry.js';
import { tinyImage } from '../test/support/tiny-image.js';

const seconds = Number(process.argv[2] ?? '3');

async function rate(label: string, fn: () => Promise<void> | void): Promise<number> {
  // Warm-up, then count completed operations for `seconds`.
  for (let i = 0; i < 5; i++) await fn();
  const end = performance.now() + seconds * 1000;
  let n = 0;
  const start = performance.now();
  while (performance.now() < end) {
    await fn();
    n++;
  }
  const perSec = n / ((performance.now() - start) / 1000);
  console.log(`${label.padEnd(46)} ${perSec.toFixed(1).padStart(10)} /s  (${n} in ${seconds}s)`);
  return perSec;
}

const reg = await startRegistry();
const client = new RegistryClient({ anonymous: true });
try {
  const repo = { registry: reg.host, repository: 'bench/app' };
  const img = await tinyImage('bench');
  await client.pushBlob(repo, img.config);
  await client.pushBlob(repo, img.layer);
  await client.putManifest(repo, 'v1', img.manifest, img.mediaType);
  const pair = await generateKeyPair('bench');
  const key = await loadPrivateKey(pair.privateKeyPem, 'bench');
  const pub = loadPublicKey(pair.publicKeyPem);
  const signed = await signImage(client, { ...repo, tag: 'v1' }, key);
  const trust = { keys: [pub], threshold: 1 };
  const byTag = { ...repo, tag: 'v1' };
  const byDigest = { ...repo, digest: signed.digest };

  // Baseline: the raw signature check cosign-style verification cannot avoid.
  const payload = await client.getBlob(repo, signed.layerDigest);
  const sig = Buffer.from(
    JSON.parse((await client.getManifest(repo, signed.tag!)).bytes.toString()).layers[0].annotations[
      'dev.cosignproject.cosign/signature'
    ],
    'base64',
  );
  const spki = createPublicKey(pair.publicKeyPem);
  console.log(
    `bench/verify: docker-registry on ${reg.host}, ${seconds}s per phase, node ${process.versions.node}`,
  );
  const raw = await rate('raw P-256 verify (node:crypto, baseline)', () => {
    if (!cryptoVerify('sha256', payload, spki, sig)) throw new Error('baseline signature does not verify');
  });
  const cold = await rate('verify by tag, cold (no cache)', async () => {
    await verifyImage(client, byTag, trust, { mode: 'signature' });
  });
  const coldDigest = await rate('verify by digest, cold (no cache)', async () => {
    await verifyImage(client, byDigest, trust, { mode: 'signature' });
  });
  const cache = new VerificationCache();
  await verifyImage(client, byTag, trust, { mode: 'signature', cache }); // fills the cache (the one cold miss)
  const warmTag = await rate('verify by tag, warm cache (1 HEAD)', async () => {
    const r = await verifyImage(client, byTag, trust, { mode: 'signature', cache });
    if (!r.cached) throw new Error('expected a cache hit');
  });
  const warmDigest = await rate('verify by digest, warm cache (no request)', async () => {
    const r = await verifyImage(client, byDigest, trust, { mode: 'signature', cache });
    if (!r.cached) throw new Error('expected a cache hit');
  });
  console.log('');
  console.log(
    `ratio cold (tag) / raw P-256        ${(cold / raw).toFixed(4)}  (${(raw / cold).toFixed(0)}x slower than the bare signature check)`,
  );
  console.log(`ratio cold (digest) / raw P-256     ${(coldDigest / raw).toFixed(4)}`);
  console.log(`ratio warm (tag) / raw P-256        ${(warmTag / raw).toFixed(4)}`);
  console.log(`ratio warm (digest) / raw P-256     ${(warmDigest / raw).toFixed(4)}`);
  console.log(`ratio warm / cold (tag)             ${(warmTag / cold).toFixed(1)}x`);
  console.log(`cache: ${cache.hits} hits, ${cache.misses} misses, ${cache.size} entries`);
} finally {
  await client.close();
  await reg.stop();
}
