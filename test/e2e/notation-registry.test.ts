// The connaisseur Notation fixture (a real `notation sign` JWS signature, legacy manifest form, with its
// referrers tag-schema index), loaded into a real docker-registry and verified with `bulwark verify`
// through discovery: the registry answers 404 to /referrers, so the sha256-<hex> tag index is used.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parse } from 'yaml';
import { RegistryClient } from '../../src/image/registry/client.js';
import { OCI_INDEX, OCI_MANIFEST } from '../../src/image/registry/media-types.js';
import { cli } from '../support/cli.js';
import { describeWithFixtures, fixture } from '../support/fixtures.js';
import { storeManifest } from '../support/registry-storage.js';
import { startRegistry, type TestRegistry } from '../support/registry.js';
import { missingTools } from '../support/tools.js';

const DIR = 'supply/connaisseur-notation';
const IMAGE = 'sha256:a136cc4e785798e5e8483047cf621cf0a0300a93d47703a3f066c340c070f5cf';
const SIG = 'sha256:d397b30282982b80818b2705f8d542d35158bc59d8bf42549f3e898f23d55a77';
const skip = missingTools(['docker-registry']);

describeWithFixtures('Notation fixture verified from a real registry', [DIR], () => {
  let reg: TestRegistry;
  let dir: string;
  const repo = 'connaisseur/notation';
  const policy = (stores: string[]) =>
    JSON.stringify({
      version: '1.0',
      trustPolicies: [
        {
          name: 'default',
          registryScopes: ['*'],
          signatureVerification: { level: 'strict' },
          trustStores: stores,
          trustedIdentities: ['*'],
        },
      ],
    });

  beforeAll(async () => {
    if (skip) return;
    reg = await startRegistry();
    dir = mkdtempSync(join(tmpdir(), 'bulwark-notation-'));
    const client = new RegistryClient({ anonymous: true });
    const r = { registry: reg.host, repository: repo };
    try {
      storeManifest(reg, repo, readFileSync(fixture(DIR, `manifests/${IMAGE}.json`)), 'signed');
      storeManifest(reg, repo, readFileSync(fixture(DIR, 'manifests/notation-unsign.json')), 'unsigned');
      await client.pushBlob(r, Buffer.from('{}'));
      await client.pushBlob(
        r,
        readFileSync(
          fixture(DIR, 'blobs/sha256:929a0a249c4614eb8bef5a914308896e7c8c5422d508eaddfd98dfe61683e556.json'),
        ),
      );
      await client.putManifest(r, SIG, readFileSync(fixture(DIR, `manifests/${SIG}.json`)), OCI_MANIFEST);
      await client.putManifest(
        r,
        IMAGE.replace(':', '-'),
        readFileSync(fixture(DIR, `manifests/${IMAGE.replace(':', '-')}.json`)),
        OCI_INDEX,
      );
    } finally {
      await client.close();
    }
    // The signer's CA is the `default` trust root of connaisseur's 01_notation.yaml; ca.pem is another CA.
    const cfg = parse(readFileSync(fixture(DIR, '01_notation.yaml'), 'utf8')) as {
      trustRoots: { name: string; cert: string }[];
    };
    mkdirSync(join(dir, 'store/x509/ca/default'), { recursive: true });
    writeFileSync(
      join(dir, 'store/x509/ca/default/ca.pem'),
      cfg.trustRoots.find((t) => t.name === 'default')!.cert,
    );
    mkdirSync(join(dir, 'store/x509/ca/other'), { recursive: true });
    cpSync(fixture(DIR, 'ca.pem'), join(dir, 'store/x509/ca/other/ca.pem'));
    writeFileSync(join(dir, 'trusted.json'), policy(['ca:default']));
    writeFileSync(join(dir, 'other.json'), policy(['ca:other']));
  });
  afterAll(async () => {
    await reg?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const verify = (tag: string, policyFile: string) =>
    cli([
      'verify',
      '--notation-trust-policy',
      join(dir, policyFile),
      '--notation-trust-store',
      join(dir, 'store'),
      '--format',
      'json',
      `${reg.host}/${repo}:${tag}`,
    ]);

  it.skipIf(skip)('verifies with the CA that issued it, found through the sha256-<hex> tag index', () => {
    const v = verify('signed', 'trusted.json');
    expect(v.stderr).toBe('');
    expect(v.status).toBe(0);
    const r = (
      JSON.parse(v.stdout) as {
        digest: string;
        discovery: { path: string; found: number }[];
        verified: { kind: string; path: string; manifestDigest: string; signer: { subject: string } }[];
      }[]
    )[0]!;
    expect(r.digest).toBe(IMAGE);
    expect(r.verified).toEqual([
      expect.objectContaining({ kind: 'notation', path: 'tag-schema', manifestDigest: SIG }),
    ]);
    expect(r.verified[0]!.signer.subject).toMatch(/securesystems\.de/);
    expect(r.discovery.find((d) => d.path === 'tag-schema')?.found).toBe(1);
  });

  it.skipIf(skip)('fails with 22 against another CA, 20 for the unsigned image', () => {
    expect(verify('signed', 'other.json').status).toBe(22);
    expect(verify('unsigned', 'trusted.json').status).toBe(20);
  });
});
