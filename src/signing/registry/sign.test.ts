// Library-level signing against a real docker-registry: signatures in another repository
// (COSIGN_REPOSITORY / --signature-repository), idempotent re-signing, and the cosign layout written.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BulwarkError } from '../../core/errors.js';
import { RegistryClient } from '../../image/registry/client.js';
import { digestOf } from '../../image/registry/digest.js';
import { startRegistry, type TestRegistry } from '../../../test/support/registry.js';
import { tinyImage } from '../../../test/support/tiny-image.js';
import { missingTools } from '../../../test/support/tools.js';
import { generateKeyPair } from '../keys/generate.js';
import { loadPrivateKey, type SigningKey } from '../keys/private.js';
import { loadPublicKey, type PublicKey } from '../keys/public.js';
import { verifyImage } from '../verify/pipeline.js';
import { cosignConfig } from './layout.js';
import { signImage } from './sign.js';

describe.skipIf(missingTools(['docker-registry']))('signImage', () => {
  let reg: TestRegistry;
  let client: RegistryClient;
  let key: SigningKey;
  let pub: PublicKey;
  const app = () => ({ registry: reg.host, repository: 'team/app' });

  beforeAll(async () => {
    reg = await startRegistry();
    client = new RegistryClient({ anonymous: true });
    const pair = await generateKeyPair('');
    key = await loadPrivateKey(pair.privateKeyPem, '');
    pub = loadPublicKey(pair.publicKeyPem);
    const img = await tinyImage('sign-lib');
    await client.pushBlob(app(), img.config);
    await client.pushBlob(app(), img.layer);
    await client.putManifest(app(), 'v1', img.manifest, img.mediaType);
  });
  afterAll(async () => {
    await client?.close();
    await reg?.stop();
  });

  it('writes the cosign layout and is idempotent', async () => {
    const first = await signImage(client, { ...app(), tag: 'v1' }, key);
    const again = await signImage(client, { ...app(), tag: 'v1' }, key);
    expect(again.alreadyPresent).toBe(true);
    const m = await client.getManifest(app(), first.tag!);
    expect(m.kind).toBe('manifest');
    if (m.kind !== 'manifest') return;
    expect(m.manifest.layers).toHaveLength(1);
    expect(m.manifest.layers[0]!.annotations).toEqual({
      'dev.bulwark/key-id': pub.keyId,
      'dev.cosignproject.cosign/signature': expect.stringMatching(/^[A-Za-z0-9+/]+=*$/),
    });
    const config = await client.getBlob(app(), m.manifest.config.digest);
    expect(config.equals(cosignConfig(m.manifest.layers))).toBe(true);
    const payload = JSON.parse((await client.getBlob(app(), m.manifest.layers[0]!.digest)).toString());
    expect(payload.critical.identity['docker-reference']).toBe(`${reg.host}/team/app`);
    expect(payload.critical.image['docker-manifest-digest']).toBe(first.digest);
    expect(digestOf(m.bytes)).toBe(m.digest);
  });

  it('stores signatures in another repository when asked, and verification looks there only when told', async () => {
    const sigs = { registry: reg.host, repository: 'signatures/app' };
    const img = await tinyImage('sign-lib-other-repo');
    await client.pushBlob(app(), img.config);
    await client.pushBlob(app(), img.layer);
    await client.putManifest(app(), 'v2', img.manifest, img.mediaType);
    const r = await signImage(client, { ...app(), tag: 'v2' }, key, { signatureRepo: sigs });
    expect((await client.headManifest(sigs, r.tag!))?.digest).toBe(r.manifestDigest);
    expect(await client.headManifest(app(), r.tag!)).toBeNull();
    const ok = await verifyImage(
      client,
      { ...app(), tag: 'v2' },
      { keys: [pub] },
      { mode: 'signature', signatureRepo: sigs },
    );
    expect(ok.verified).toHaveLength(1);
    const err = await verifyImage(
      client,
      { ...app(), tag: 'v2' },
      { keys: [pub] },
      { mode: 'signature' },
    ).catch((e: unknown) => e);
    expect((err as BulwarkError).code).toBe('UNSIGNED');
  });
});
