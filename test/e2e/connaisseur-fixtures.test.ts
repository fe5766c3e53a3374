// The connaisseur cosign fixtures (real cosign signatures of real images), loaded into a real
// docker-registry: the `.sig` manifests are pushed byte for byte through the API (their config blobs are
// rebuilt exactly as cosign writes them — the digests match), the signed image manifests are placed in
// storage directly because the fixtures do not ship the images' layers. Then `bulwark verify` must
// accept alice, bob and charlie, refuse any other key, and verify the keyless signature offline.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { RegistryClient } from '../../src/image/registry/client.js';
import { digestOf } from '../../src/image/registry/digest.js';
import { OCI_MANIFEST } from '../../src/image/registry/media-types.js';
import { cosignConfig } from '../../src/signing/registry/layout.js';
import { cli } from '../support/cli.js';
import { describeWithFixtures, fixture } from '../support/fixtures.js';
import { storeManifest } from '../support/registry-storage.js';
import { startRegistry, type TestRegistry } from '../support/registry.js';
import { missingTools } from '../support/tools.js';

const DIR = 'supply/connaisseur-cosign';
const ABC = 'sha256:bfec161fecb0a887df7cb85e4da327c65986ccda7060cf3cd92171c6c90d7533';
const ALICE_ONLY = 'sha256:071bf7a986f1ca9cb2a1f0bc8392822a7777f90d58f2d2c6f271913e08de7c81';
const KEYLESS = 'sha256:31dc72a13a0c34b40eb95419d2b2fd67320c856baf3b72da518023ee8d370aee';
const skip = missingTools(['docker-registry']);

describeWithFixtures(
  'connaisseur cosign fixtures in a real registry',
  [DIR, 'supply/cosign/trusted_root_pgi.json'],
  () => {
    let reg: TestRegistry;
    const repo = 'securesystemsengineering/testimage';
    const pub = (name: string): string => fixture(DIR, `${name}.pub`);

    beforeAll(async () => {
      if (skip) return;
      reg = await startRegistry();
      const client = new RegistryClient({ anonymous: true });
      const r = { registry: reg.host, repository: repo };
      try {
        for (const f of readdirSync(fixture(DIR, 'blobs')))
          await client.pushBlob(r, readFileSync(fixture(DIR, 'blobs', f)));
        for (const f of readdirSync(fixture(DIR, 'manifests')).filter((n) => n.endsWith('.sig.json'))) {
          const bytes = readFileSync(fixture(DIR, 'manifests', f));
          const m = JSON.parse(bytes.toString()) as {
            config: { digest: string };
            layers: { digest: string }[];
          };
          const config = cosignConfig(m.layers as never);
          expect(digestOf(config)).toBe(m.config.digest); // cosign's config, reproduced exactly
          await client.pushBlob(r, config);
          await client.putManifest(r, f.replace(/\.json$/, ''), bytes, OCI_MANIFEST);
        }
        storeManifest(
          reg,
          repo,
          readFileSync(fixture(DIR, 'manifests/multi-cosigned-alice-bob-charlie.json')),
          'v1',
        );
        storeManifest(reg, repo, readFileSync(fixture(DIR, 'manifests/multi-cosigned-alice.json')), 'alice');
        storeManifest(reg, repo, readFileSync(fixture(DIR, 'manifests/keyless.json')), 'keyless');
      } finally {
        await client.close();
      }
    });
    afterAll(async () => {
      await reg?.stop();
    });

    const verify = (ref: string, ...args: string[]) => cli(['verify', ...args, '--format', 'json', ref]);

    it.skipIf(skip).each(['alice', 'bob', 'charlie'])(
      'the three-signature image verifies with %s',
      (name) => {
        const v = verify(`${reg.host}/${repo}:v1`, '--key', pub(name));
        expect(v.stderr).toBe('');
        expect(v.status).toBe(0);
        const r = (
          JSON.parse(v.stdout) as { digest: string; verified: unknown[]; rejected: { code: string }[] }[]
        )[0]!;
        expect(r.digest).toBe(ABC);
        expect(r.verified).toHaveLength(1);
        // The other two signatures are by keys not given: rejected, but they do not fail the image.
        expect(r.rejected.map((x) => x.code)).toEqual(['BAD_SIGNATURE', 'BAD_SIGNATURE']);
      },
    );

    it.skipIf(skip)('all three together meet --threshold 3; by digest too', () => {
      const keys = ['alice', 'bob', 'charlie'].flatMap((n) => ['--key', pub(n)]);
      const v = verify(`${reg.host}/${repo}@${ABC}`, ...keys, '--threshold', '3');
      expect(v.status).toBe(0);
      expect((JSON.parse(v.stdout) as { signers: string[] }[])[0]!.signers).toHaveLength(3);
    });

    it.skipIf(skip)('another key fails with 21 (cosign signatures carry no key id)', () => {
      const v = verify(`${reg.host}/${repo}:v1`, '--key', pub('default'));
      expect(v.status).toBe(21);
      expect(cli(['verify', '--key', pub('bob'), `${reg.host}/${repo}:alice`]).status).toBe(21);
      expect(verify(`${reg.host}/${repo}:alice`, '--key', pub('alice')).status).toBe(0);
    });

    it.skipIf(skip)('a threshold the signatures cannot meet fails with 22', () => {
      const v = cli([
        'verify',
        '--key',
        pub('alice'),
        '--key',
        pub('default'),
        '--threshold',
        '2',
        `${reg.host}/${repo}:v1`,
      ]);
      expect(v.status).toBe(22);
      expect(v.stderr).toMatch(/1 trusted signer\(s\) verified, 2 required/);
    });

    it.skipIf(skip)('the keyless signature verifies offline against the public-good trusted root', () => {
      const root = fixture('supply/cosign/trusted_root_pgi.json');
      const ok = verify(
        `${reg.host}/${repo}:keyless`,
        '--certificate-identity',
        'philipp.belitz@securesystems.de',
        '--certificate-oidc-issuer',
        'https://github.com/login/oauth',
        '--trusted-root',
        root,
      );
      expect(ok.stderr).toBe('');
      expect(ok.status).toBe(0);
      const r = (
        JSON.parse(ok.stdout) as { digest: string; verified: { signer: { subject: string } }[] }[]
      )[0]!;
      expect(r.digest).toBe(KEYLESS);
      expect(r.verified[0]!.signer.subject).toBe('philipp.belitz@securesystems.de');
      const wrong = cli([
        'verify',
        '--certificate-identity',
        'someone@else.example',
        '--certificate-oidc-issuer',
        'https://github.com/login/oauth',
        '--trusted-root',
        root,
        `${reg.host}/${repo}:keyless`,
      ]);
      expect(wrong.status).toBe(22);
      void ALICE_ONLY;
      void join;
    });
  },
);
