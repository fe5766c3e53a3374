// sign / attest / verify / verify-attestation through the CLI against a real docker-registry: round trips
// (legacy .sig/.att and sigstore bundle referrers), every tamper case with its exit code, registry errors,
// and 10 concurrent signers on one image.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RegistryClient } from '../../src/image/registry/client.js';
import { digestOf } from '../../src/image/registry/digest.js';
import { OCI_MANIFEST } from '../../src/image/registry/media-types.js';
import { generateKeyPair } from '../../src/signing/keys/generate.js';
import { cli, cliAsync } from '../support/cli.js';
import { fixture, hasFixtures } from '../support/fixtures.js';
import { bookwormOciLayout } from '../support/images.js';
import { htpasswdEntry } from '../support/registry-auth.js';
import { blobDataPath } from '../support/registry-storage.js';
import { freePort, startRegistry, type TestRegistry } from '../support/registry.js';
import { tinyImage } from '../support/tiny-image.js';
import { missingTools } from '../support/tools.js';

const skip = missingTools(['docker-registry', 'skopeo', 'umoci', 'debootstrap', 'htpasswd'], { root: true });
const PW = 'e2e-password';
const env = { BULWARK_PASSWORD: PW, COSIGN_REPOSITORY: '' };

interface Report {
  digest: string;
  discovery: { path: string; tag?: string; found: number; absent?: boolean; error?: unknown }[];
  verified: {
    kind: string;
    path: string;
    signer: { keyId?: string };
    predicateType?: string;
    statement?: { predicate?: unknown };
  }[];
  rejected: { code: string }[];
  signers: string[];
  error?: { code: string };
}

describe.skipIf(skip)('sign and verify against docker-registry (CLI)', () => {
  let reg: TestRegistry;
  let dir: string;
  let client: RegistryClient;
  const keys: { key: string; pub: string; keyId: string }[] = [];

  async function pushTiny(repository: string, tag: string, seed: string): Promise<string> {
    const repo = { registry: reg.host, repository };
    const img = await tinyImage(seed);
    await client.pushBlob(repo, img.config);
    await client.pushBlob(repo, img.layer);
    return client.putManifest(repo, tag, img.manifest, img.mediaType);
  }

  const verify = (ref: string, ...args: string[]) =>
    cli(['verify', ...args, '--format', 'json', ref], { env });
  const reportOf = (out: string): Report => (JSON.parse(out) as Report[])[0]!;

  beforeAll(async () => {
    reg = await startRegistry();
    client = new RegistryClient({ anonymous: true });
    dir = mkdtempSync(join(tmpdir(), 'bulwark-e2e-sign-'));
    for (let i = 0; i < 10; i++) {
      const pair = await generateKeyPair(PW);
      writeFileSync(join(dir, `k${i}.key`), pair.privateKeyPem, { mode: 0o600 });
      writeFileSync(join(dir, `k${i}.pub`), pair.publicKeyPem);
      keys.push({ key: join(dir, `k${i}.key`), pub: join(dir, `k${i}.pub`), keyId: pair.keyId });
    }
    const { dir: layout, tag } = await bookwormOciLayout();
    execFileSync('skopeo', [
      'copy',
      '--quiet',
      '--dest-tls-verify=false',
      `oci:${layout}:${tag}`,
      `docker://${reg.host}/debian:bookworm`,
    ]);
  });

  afterAll(async () => {
    await client?.close();
    await reg?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('legacy .sig round trip on a real debootstrap image', () => {
    const ref = `${reg.host}/debian:bookworm`;
    const s = cli(['sign', '--key', keys[0]!.key, '--format', 'json', ref], { env });
    expect(s.stderr).toBe('');
    expect(s.status).toBe(0);
    const signed = JSON.parse(s.stdout) as { digest: string; tag: string; kind: string }[];
    expect(signed[0]!.kind).toBe('cosign-signature');
    expect(signed[0]!.tag).toBe(`${signed[0]!.digest.replace(':', '-')}.sig`);
    const v = verify(ref, '--key', keys[0]!.pub);
    expect(v.status).toBe(0);
    const r = reportOf(v.stdout);
    expect(r.digest).toBe(signed[0]!.digest);
    expect(r.verified.map((x) => [x.kind, x.path, x.signer.keyId])).toEqual([
      ['cosign-signature', 'cosign-tag', keys[0]!.keyId],
    ]);
    expect(r.discovery.map((d) => [d.path, d.found, d.absent ?? false])).toEqual([
      ['cosign-tag', 1, false],
      ['tag-schema', 0, true],
    ]);
    const table = cli(['verify', '--key', keys[0]!.pub, ref], { env });
    expect(table.status).toBe(0);
    expect(table.stdout).toMatch(/^Verified OK: /);
    expect(table.stderr).toMatch(/cosign-tag sha256-[0-9a-f]{64}\.sig: 1 found/);
  });

  it('sigstore bundle referrer round trip (tag-index fallback on docker-registry 2.8)', async () => {
    const digest = await pushTiny('bundle/app', 'v1', 'bundle');
    const ref = `${reg.host}/bundle/app:v1`;
    const s = cli(['sign', '--key', keys[1]!.key, '--bundle', '--format', 'json', ref], { env });
    expect(s.status).toBe(0);
    expect(JSON.parse(s.stdout)[0]).toMatchObject({
      kind: 'sigstore-bundle',
      path: 'tag-schema',
      tag: digest.replace(':', '-'),
    });
    const v = verify(ref, '--key', keys[1]!.pub);
    expect(v.status).toBe(0);
    const r = reportOf(v.stdout);
    expect(r.verified.map((x) => [x.kind, x.path])).toEqual([['sigstore-bundle', 'tag-schema']]);
    expect(r.discovery.find((d) => d.path === 'cosign-tag')?.absent).toBe(true);
    expect(verify(ref, '--key', keys[2]!.pub).status).toBe(22);
  });

  it.each([
    ['slsaprovenance', 'legacy .att', false],
    ['cyclonedx', 'bundle referrer', true],
  ] as const)('attest %s (%s) and verify-attestation', async (type, _how, bundle) => {
    const ref = `${reg.host}/att/${type}:v1`;
    await pushTiny(`att/${type}`, 'v1', `att-${type}`);
    const predicate =
      type === 'slsaprovenance'
        ? (
            JSON.parse(
              readFileSync(fixture('supply/slsa-v1-provenance-statement.from-conformance.json'), 'utf8'),
            ) as { predicate: unknown }
          ).predicate
        : {
            bomFormat: 'CycloneDX',
            specVersion: '1.5',
            version: 1,
            components: [{ type: 'library', name: 'zlib', version: '1.2.13' }],
          };
    const pfile = join(dir, `${type}.json`);
    writeFileSync(pfile, JSON.stringify(predicate));
    const typeArg = type === 'slsaprovenance' ? 'slsaprovenance1' : type;
    const a = cli(
      [
        'attest',
        '--key',
        keys[3]!.key,
        '--type',
        typeArg,
        '--predicate',
        pfile,
        ...(bundle ? ['--bundle'] : []),
        '--format',
        'json',
        ref,
      ],
      { env },
    );
    expect(a.stderr).toBe('');
    expect(a.status).toBe(0);
    const v = cli(['verify-attestation', '--key', keys[3]!.pub, '--type', type, '--format', 'json', ref], {
      env,
    });
    expect(v.status).toBe(0);
    const r = reportOf(v.stdout);
    expect(r.verified).toHaveLength(1);
    expect(r.verified[0]!.kind).toBe(bundle ? 'sigstore-bundle' : 'cosign-attestation');
    expect(r.verified[0]!.statement?.predicate).toEqual(predicate);
    // Other types are not accepted, and the image carries no signature (only an attestation).
    expect(cli(['verify-attestation', '--key', keys[3]!.pub, '--type', 'spdx', ref], { env }).status).toBe(
      20,
    );
    expect(verify(ref, '--key', keys[3]!.pub).status).toBe(20);
  });

  describe('tampering', () => {
    async function signedImage(
      name: string,
      key = 0,
    ): Promise<{ ref: string; digest: string; repo: { registry: string; repository: string } }> {
      const digest = await pushTiny(`tamper/${name}`, 'v1', `tamper-${name}`);
      const ref = `${reg.host}/tamper/${name}:v1`;
      expect(cli(['sign', '--key', keys[key]!.key, ref], { env }).status).toBe(0);
      return { ref, digest, repo: { registry: reg.host, repository: `tamper/${name}` } };
    }
    const sigTag = (digest: string): string => `${digest.replace(':', '-')}.sig`;

    async function rewriteSig(
      repo: { registry: string; repository: string },
      digest: string,
      edit: (m: {
        layers: { digest: string; size: number; annotations: Record<string, string> }[];
      }) => Promise<void> | void,
    ): Promise<void> {
      const m = await client.getManifest(repo, sigTag(digest));
      const json = JSON.parse(m.bytes.toString()) as {
        layers: { digest: string; size: number; annotations: Record<string, string> }[];
      };
      await edit(json);
      await client.putManifest(repo, sigTag(digest), Buffer.from(JSON.stringify(json)), OCI_MANIFEST);
    }

    it('a changed payload → 21 bad signature', async () => {
      const { ref, digest, repo } = await signedImage('payload');
      await rewriteSig(repo, digest, async (m) => {
        const payload = await client.getBlob(repo, m.layers[0]!.digest);
        const changed = Buffer.from(
          payload.toString().replace('"optional":null', '"optional":{"evil":"yes"}'),
        );
        await client.pushBlob(repo, changed);
        m.layers[0]!.digest = digestOf(changed);
        m.layers[0]!.size = changed.length;
      });
      const v = verify(ref, '--key', keys[0]!.pub);
      expect(v.status).toBe(21);
      expect(reportOf(v.stdout).rejected.map((x) => x.code)).toEqual(['BAD_SIGNATURE']);
    });

    it('a signature of another image replayed onto this one → 9 digest mismatch', async () => {
      const a = await signedImage('replay-a');
      const digestB = await pushTiny('tamper/replay-a', 'b', 'tamper-replay-b');
      const sigA = await client.getManifest(a.repo, sigTag(a.digest));
      await client.putManifest(a.repo, sigTag(digestB), sigA.bytes, OCI_MANIFEST);
      const v = verify(`${reg.host}/tamper/replay-a:b`, '--key', keys[0]!.pub);
      expect(v.status).toBe(9);
      expect(v.stderr).toMatch(/signature of another image/);
    });

    it('the wrong key → 22 untrusted signer', async () => {
      const { ref } = await signedImage('wrong-key');
      const v = verify(ref, '--key', keys[5]!.pub);
      expect(v.status).toBe(22);
      expect(v.stderr).toContain(keys[0]!.keyId);
    });

    it('the manifest changed after signing → 20 unsigned (tag moved), 9 when served under the old digest', async () => {
      const { ref, digest, repo } = await signedImage('moved');
      await pushTiny('tamper/moved', 'v1', 'tamper-moved-new-content');
      const v = verify(ref, '--key', keys[0]!.pub);
      expect(v.status).toBe(20);
      // The registry now serves other bytes for the signed digest.
      const original = readFileSync(blobDataPath(reg, digest));
      writeFileSync(
        blobDataPath(reg, digest),
        Buffer.from(original.toString().replace('"schemaVersion":2', '"schemaVersion": 2')),
      );
      expect(verify(`${reg.host}/${repo.repository}@${digest}`, '--key', keys[0]!.pub).status).toBe(9);
    });

    it('a truncated signature → 5 truncated', async () => {
      const { ref, digest, repo } = await signedImage('truncated');
      await rewriteSig(repo, digest, (m) => {
        const sig = Buffer.from(m.layers[0]!.annotations['dev.cosignproject.cosign/signature']!, 'base64');
        m.layers[0]!.annotations['dev.cosignproject.cosign/signature'] = sig
          .subarray(0, 40)
          .toString('base64');
      });
      const v = verify(ref, '--key', keys[0]!.pub);
      expect(v.status).toBe(5);
      expect(v.stderr).toMatch(/truncated/);
    });

    it('a registry returning a different blob than its digest → 9 digest mismatch', async () => {
      const { ref, digest, repo } = await signedImage('blob');
      const m = await client.getManifest(repo, sigTag(digest));
      const layer = JSON.parse(m.bytes.toString()).layers[0] as { digest: string };
      const data = readFileSync(blobDataPath(reg, layer.digest));
      writeFileSync(
        blobDataPath(reg, layer.digest),
        Buffer.from(data.toString().replace('tamper', 'TAMPER')),
      );
      const v = verify(ref, '--key', keys[0]!.pub);
      expect(v.status).toBe(9);
      expect(reportOf(v.stdout).rejected[0]!.code).toBe('DIGEST_MISMATCH');
    });
  });

  it('an unsigned image → 20, listing the paths it looked in', async () => {
    await pushTiny('plain/app', 'v1', 'unsigned');
    const v = cli(['verify', '--key', keys[0]!.pub, `${reg.host}/plain/app:v1`], { env });
    expect(v.status).toBe(20);
    expect(v.stderr).toMatch(
      /no signature found \(looked in cosign-tag sha256-[0-9a-f]+\.sig, tag-schema sha256-/,
    );
  });

  it('an unreachable registry → 12, a missing login → 13', async () => {
    const port = await freePort();
    const u = cli(['verify', '--key', keys[0]!.pub, `127.0.0.1:${port}/app:v1`], { env });
    expect(u.status).toBe(12);
    expect(u.stderr.trim().split('\n')).toHaveLength(1);
    const locked = await startRegistry({ htpasswd: htpasswdEntry('alice', 'pw') });
    try {
      const emptyConfig = mkdtempSync(join(tmpdir(), 'bulwark-e2e-dc-'));
      const a = cli(['sign', '--key', keys[0]!.key, `${locked.host}/app:v1`], {
        env: { ...env, DOCKER_CONFIG: emptyConfig },
      });
      expect(a.status).toBe(13);
      expect(a.stderr).toMatch(/docker login/);
      rmSync(emptyConfig, { recursive: true, force: true });
    } finally {
      await locked.stop();
    }
  });

  it('10 concurrent `bulwark sign` runs with different keys leave 10 verifiable signatures', async () => {
    const digest = await pushTiny('concurrent/app', 'v1', 'concurrent');
    const ref = `${reg.host}/concurrent/app:v1`;
    const runs = await Promise.all(keys.map((k) => cliAsync(['sign', '--key', k.key, ref], { env })));
    expect(
      runs.map((r) => r.status),
      runs.map((r) => r.stderr.trim()).join('\n'),
    ).toEqual(Array(10).fill(0));
    const sig = await client.getManifest(
      { registry: reg.host, repository: 'concurrent/app' },
      `${digest.replace(':', '-')}.sig`,
    );
    expect(sig.kind === 'manifest' && sig.manifest.layers.length).toBe(10);
    for (const k of keys) expect(verify(ref, '--key', k.pub).status).toBe(0);
    const all = verify(ref, ...keys.flatMap((k) => ['--key', k.pub]), '--threshold', '10');
    expect(all.status).toBe(0);
    expect(reportOf(all.stdout).signers).toHaveLength(10);
  });
});

it.skipIf(!hasFixtures('supply'))('fixtures are present for the signing e2e tests', () => {
  expect(hasFixtures('supply/connaisseur-cosign')).toBe(true);
});
