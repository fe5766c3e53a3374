// The registry source against a real Distribution registry (Debian's docker-registry) on 127.0.0.1,
// with images pushed by skopeo: plain HTTP on loopback, tags and digests, manifest lists, Basic auth
// from ~/.docker/config.json, and the bad-input cases of acceptance item 5 that need a registry.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildImage, tarOf, writeLayout, type BuiltImage } from '../../../test/support/oci.js';
import { htpasswdEntry } from '../../../test/support/registry-auth.js';
import { freePort, startRegistry, type TestRegistry } from '../../../test/support/registry.js';
import { missingTools } from '../../../test/support/tools.js';
import { isBulwarkError } from '../../core/errors.js';
import { openImage } from '../open.js';
import { parseReference } from '../reference.js';
import type { ImageHandle } from '../types.js';
import { resolveLimits } from '../walk/limits.js';
import { DEFAULT_PLATFORM } from '../platform.js';
import { openRegistryImage } from './registry.js';

const skip = missingTools(['skopeo', 'docker-registry', 'htpasswd']);

async function files(h: ImageHandle): Promise<string[][]> {
  const out: string[][] = [];
  for (let i = 0; i < h.layers.length; i++) {
    const f: string[] = [];
    await h.walkLayer(i, async (e) => {
      f.push(e.type === 'file' ? `${e.path}=${(await e.read()).toString()}` : e.path);
    });
    out.push(f);
  }
  return out;
}

async function code(p: Promise<ImageHandle>, walk = false): Promise<string> {
  try {
    const h = await p;
    if (walk) await files(h);
    await h.close();
    return 'ok';
  } catch (err) {
    return isBulwarkError(err) ? err.code : `not a BulwarkError: ${String(err)}`;
  }
}

describe.skipIf(skip)('registry source', () => {
  let reg: TestRegistry;
  let tmp: string;
  let image: BuiltImage;
  let layout: string;

  function push(src: string, dest: string, extra: string[] = []): void {
    execFileSync('skopeo', [
      'copy',
      '--quiet',
      '--dest-tls-verify=false',
      ...extra,
      src,
      `docker://${reg.host}/${dest}`,
    ]);
  }

  beforeAll(async () => {
    reg = await startRegistry();
    tmp = mkdtempSync(join(tmpdir(), 'bulwark-regsrc-'));
    image = buildImage({
      layers: [
        { tar: await tarOf([{ name: 'etc/os-release', content: 'ID=test' }]), compression: 'gzip' },
        {
          tar: await tarOf([
            { name: 'etc/.wh.os-release', content: '' },
            { name: 'app', content: 'v1' },
          ]),
          compression: 'none',
        },
      ],
    });
    layout = writeLayout(join(tmp, 'layout'), [{ image, tag: 'v1' }]);
    push(`oci:${layout}:v1`, 'app:v1', ['--preserve-digests']);
  });

  afterAll(async () => {
    await reg?.stop();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('opens by tag over plain HTTP on 127.0.0.1 and walks the same files as the layout', async () => {
    const h = await openImage(`${reg.host}/app:v1`);
    expect(h.kind).toBe('registry');
    expect(h.digest).toBe(image.manifestDigest);
    expect(h.repoTags).toEqual([`${reg.host}/app:v1`]);
    const fromRegistry = await files(h);
    await h.close();
    const local = await openImage(`oci:${layout}:v1`);
    expect(fromRegistry).toEqual(await files(local));
    await local.close();
    expect(fromRegistry).toEqual([['etc/os-release=ID=test'], ['app=v1']]);
  });

  it('opens by digest, and with docker:// explicitly', async () => {
    const h = await openImage(`docker://${reg.host}/app@${image.manifestDigest}`);
    expect(h.digest).toBe(image.manifestDigest);
    expect(await files(h)).toHaveLength(2);
    await h.close();
  });

  it('chooses the platform from a manifest list', async () => {
    const arm = buildImage({
      layers: [{ tar: await tarOf([{ name: 'arch', content: 'arm64' }]) }],
      architecture: 'arm64',
    });
    const amd = buildImage({ layers: [{ tar: await tarOf([{ name: 'arch', content: 'amd64' }]) }] });
    const dir = join(tmp, 'multi');
    writeLayout(dir, [
      { image: amd, platform: { os: 'linux', architecture: 'amd64' } },
      { image: arm, platform: { os: 'linux', architecture: 'arm64' } },
    ]);
    // Make index.json's entries an image index under a tag, as a multi-arch push has.
    const idx = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8'));
    const inner = Buffer.from(
      JSON.stringify({ ...idx, mediaType: 'application/vnd.oci.image.index.v1+json' }),
    );
    const { sha256 } = await import('../../../test/support/oci.js');
    writeFileSync(join(dir, 'blobs/sha256', sha256(inner).slice(7)), inner);
    writeFileSync(
      join(dir, 'index.json'),
      JSON.stringify({
        schemaVersion: 2,
        manifests: [
          {
            mediaType: 'application/vnd.oci.image.index.v1+json',
            digest: sha256(inner),
            size: inner.length,
            annotations: { 'org.opencontainers.image.ref.name': 'multi' },
          },
        ],
      }),
    );
    push(`oci:${dir}:multi`, 'multi:1', ['--all', '--preserve-digests']);
    for (const [platform, want] of [
      [undefined, 'amd64'],
      ['linux/arm64', 'arm64'],
    ] as const) {
      const h = await openImage(`${reg.host}/multi:1`, platform ? { platform } : {});
      expect(await files(h)).toEqual([[`arch=${want}`]]);
      await h.close();
    }
    await expect(openImage(`${reg.host}/multi:1`, { platform: 'linux/s390x' })).rejects.toMatchObject({
      code: 'MANIFEST_NOT_FOUND',
      message: expect.stringContaining('available: linux/amd64, linux/arm64'),
    });
    // A single-platform image with an explicit, different --platform.
    expect(await code(openImage(`${reg.host}/app:v1`, { platform: 'linux/arm64' }))).toBe(
      'MANIFEST_NOT_FOUND',
    );
  });

  it('a missing tag → MANIFEST_NOT_FOUND; a missing repository → MANIFEST_NOT_FOUND or NOT_FOUND', async () => {
    expect(await code(openImage(`${reg.host}/app:nope`))).toBe('MANIFEST_NOT_FOUND');
    expect(['MANIFEST_NOT_FOUND', 'NOT_FOUND']).toContain(
      await code(openImage(`${reg.host}/nothing/here:1`)),
    );
  });

  it('an unreachable registry → REGISTRY_UNREACHABLE (12)', async () => {
    const port = await freePort();
    const started = Date.now();
    expect(await code(openImage(`127.0.0.1:${port}/app:v1`))).toBe('REGISTRY_UNREACHABLE');
    expect(Date.now() - started).toBeLessThan(60_000);
  });

  it('a blob the registry serves with other content → DIGEST_MISMATCH (9)', async () => {
    const other = await startRegistry();
    try {
      execFileSync('skopeo', [
        'copy',
        '--quiet',
        '--dest-tls-verify=false',
        '--preserve-digests',
        `oci:${layout}:v1`,
        `docker://${other.host}/app:v1`,
      ]);
      // Corrupt the stored layer in the registry's filesystem storage (same size).
      const hex = image.layerDigests[0]!.slice(7);
      const data = join(other.dir, 'data/docker/registry/v2/blobs/sha256', hex.slice(0, 2), hex, 'data');
      expect(statSync(data).size).toBeGreaterThan(20);
      const bytes = readFileSync(data);
      bytes[bytes.length - 10]! ^= 0xff;
      writeFileSync(data, bytes);
      expect(await code(openImage(`${other.host}/app:v1`), true)).toBe('DIGEST_MISMATCH');
    } finally {
      await other.stop();
    }
  });

  describe('with Basic auth', () => {
    let authReg: TestRegistry;
    beforeAll(async () => {
      authReg = await startRegistry({ htpasswd: htpasswdEntry('alice', 's3cret') });
      execFileSync('skopeo', [
        'copy',
        '--quiet',
        '--dest-tls-verify=false',
        '--dest-creds',
        'alice:s3cret',
        `oci:${layout}:v1`,
        `docker://${authReg.host}/private:v1`,
      ]);
    });
    afterAll(() => authReg?.stop());

    const emptyConfig = (): string => {
      const dir = mkdtempSync(join(tmp, 'docker-'));
      writeFileSync(join(dir, 'config.json'), '{}');
      return dir;
    };

    it('without credentials → REGISTRY_AUTH (13)', async () => {
      const ref = parseReference(`${authReg.host}/private:v1`);
      const opts = {
        name: 'x',
        select: { platform: DEFAULT_PLATFORM, explicitPlatform: false },
        limits: resolveLimits(),
        insecure: false,
        client: { credentialLookup: { dockerConfigDir: emptyConfig(), env: {} } },
      };
      expect(await code(openRegistryImage(ref, opts))).toBe('REGISTRY_AUTH');
      const wrong = {
        ...opts,
        client: {
          credentials: {
            credential: { kind: 'basic' as const, username: 'alice', password: 'no' },
            source: 'test',
          },
        },
      };
      expect(await code(openRegistryImage(ref, wrong))).toBe('REGISTRY_AUTH');
    });

    it('with credentials from ~/.docker/config.json', async () => {
      const dir = mkdtempSync(join(tmp, 'docker-'));
      const auth = Buffer.from('alice:s3cret').toString('base64');
      writeFileSync(join(dir, 'config.json'), JSON.stringify({ auths: { [authReg.host]: { auth } } }));
      // Through the public entry point, as the CLI calls it.
      const h = await openImage(`${authReg.host}/private:v1`, {
        registry: { credentialLookup: { dockerConfigDir: dir, env: {} } },
      });
      expect(await files(h)).toEqual([['etc/os-release=ID=test'], ['app=v1']]);
      await h.close();
    });
  });
});
