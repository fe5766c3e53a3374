// `bulwark verify --policy` against a real docker-registry: a rule needing two signers and a SLSA
// provenance attestation from a given builder; each unmet requirement denies with its own code.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RegistryClient } from '../../src/image/registry/client.js';
import { generateKeyPair } from '../../src/signing/keys/generate.js';
import { cli } from '../support/cli.js';
import { fixture, hasFixtures } from '../support/fixtures.js';
import { startRegistry, type TestRegistry } from '../support/registry.js';
import { tinyImage } from '../support/tiny-image.js';
import { missingTools } from '../support/tools.js';

const skip = missingTools(['docker-registry']) ?? (hasFixtures('supply') ? null : 'no fixtures');
const env = { BULWARK_PASSWORD: 'pw' };
const BUILDER = 'https://github.com/loosebazooka/aa-test/.github/workflows/provenance.yaml@refs/heads/main';

describe.skipIf(skip)('verify --policy', () => {
  let reg: TestRegistry;
  let dir: string;
  const policy = (builder: string) => `apiVersion: bulwark.dev/v1
kind: TrustPolicy
signers:
  alice: { key: alice.pub }
  bob: { key: bob.pub }
rules:
  - name: apps
    images: ['${reg.host}/policy/*']
    signers: [alice, bob]
    threshold: 2
    attestations:
      - type: slsaprovenance
        signers: [alice]
        builderId: ${builder}
`;

  beforeAll(async () => {
    reg = await startRegistry();
    dir = mkdtempSync(join(tmpdir(), 'bulwark-policy-'));
    for (const name of ['alice', 'bob']) {
      const pair = await generateKeyPair('pw');
      writeFileSync(join(dir, `${name}.key`), pair.privateKeyPem, { mode: 0o600 });
      writeFileSync(join(dir, `${name}.pub`), pair.publicKeyPem);
    }
    const client = new RegistryClient({ anonymous: true });
    for (const name of ['policy/both', 'policy/alice-only', 'other/app']) {
      const repo = { registry: reg.host, repository: name };
      const img = await tinyImage(name);
      await client.pushBlob(repo, img.config);
      await client.pushBlob(repo, img.layer);
      await client.putManifest(repo, 'v1', img.manifest, img.mediaType);
    }
    await client.close();
    const predicate = JSON.parse(
      readFileSync(fixture('supply/slsa-v1-provenance-statement.from-conformance.json'), 'utf8'),
    ).predicate;
    writeFileSync(join(dir, 'provenance.json'), JSON.stringify(predicate));
    const sign = (key: string, ref: string) =>
      expect(cli(['sign', '--key', join(dir, `${key}.key`), ref], { env }).status).toBe(0);
    sign('alice', `${reg.host}/policy/both:v1`);
    sign('bob', `${reg.host}/policy/both:v1`);
    sign('alice', `${reg.host}/policy/alice-only:v1`);
    for (const name of ['both', 'alice-only']) {
      const a = cli(
        [
          'attest',
          '--key',
          join(dir, 'alice.key'),
          '--type',
          'slsaprovenance1',
          '--predicate',
          join(dir, 'provenance.json'),
          `${reg.host}/policy/${name}:v1`,
        ],
        { env },
      );
      expect(a.status).toBe(0);
    }
    writeFileSync(join(dir, 'policy.yaml'), policy(BUILDER));
    writeFileSync(join(dir, 'wrong-builder.yaml'), policy('https://example.com/other-builder'));
  });
  afterAll(async () => {
    await reg?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('allows an image signed by both with provenance from the right builder', () => {
    const v = cli([
      'verify',
      '--policy',
      join(dir, 'policy.yaml'),
      '--format',
      'json',
      `${reg.host}/policy/both:v1`,
    ]);
    expect(v.stderr).toBe('');
    expect(v.status).toBe(0);
    const r = (
      JSON.parse(v.stdout) as { decision: { allowed: boolean; rule: string; reasons: string[] } }[]
    )[0]!;
    expect(r.decision).toMatchObject({ allowed: true, rule: 'apps' });
    expect(r.decision.reasons.join('\n')).toMatch(/signed by alice, bob/);
  });

  it.each([
    ['one signer short → 22', 'policy.yaml', 'alice-only', 22],
    ['provenance from another builder → 23', 'wrong-builder.yaml', 'both', 23],
  ])('%s', (_n, file, image, code) => {
    const v = cli(['verify', '--policy', join(dir, file), `${reg.host}/policy/${image}:v1`]);
    expect(v.status).toBe(code);
    expect(v.stderr).toMatch(/denied/);
  });

  it('an image no rule matches is denied by default → 23; a missing image → 10', () => {
    const v = cli(['verify', '--policy', join(dir, 'policy.yaml'), `${reg.host}/other/app:v1`]);
    expect(v.status).toBe(23);
    expect(v.stderr).toMatch(/no rule matches/);
    expect(cli(['verify', '--policy', join(dir, 'policy.yaml'), `${reg.host}/policy/absent:v1`]).status).toBe(
      10,
    );
  });
});
