// Issue 2 acceptance 5 at the user's level: `bulwark image` on hostile or broken input prints one
// line (no stack trace) and exits with the code documented for that kind of failure.
import { execFileSync } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT_CODES, type ErrorCode } from '../../src/core/errors.js';
import { cli } from '../support/cli.js';
import { buildImage, dockerArchive, gzipBomb, sha256, tarOf, writeLayout } from '../support/oci.js';
import { htpasswdEntry } from '../support/registry-auth.js';
import { freePort, startRegistry, type TestRegistry } from '../support/registry.js';
import { missingTools } from '../support/tools.js';

const tmp = mkdtempSync(join(tmpdir(), 'bulwark-e2e-bad-'));
const env = {
  BULWARK_CACHE_DIR: join(tmp, 'cache'),
  BULWARK_DB: join(tmp, 'db.sqlite'),
  HOME: tmp,
  DOCKER_CONFIG: join(tmp, 'docker'),
};
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let n = 0;
const path = (name: string): string => join(tmp, `${n++}-${name}`);

async function plainImage(files: { name: string; content?: string; type?: 'link'; linkname?: string }[]) {
  return buildImage({ layers: [{ tar: await tarOf(files), compression: 'gzip' }] });
}

/** Build each case lazily; returns the target to scan. */
const cases: [string, ErrorCode, () => Promise<string>][] = [
  [
    'a truncated tar',
    'TRUNCATED',
    async () => {
      const file = path('truncated.tar');
      writeFileSync(
        file,
        await dockerArchive(await plainImage([{ name: 'etc/os-release', content: 'ID=x' }])),
      );
      truncateSync(file, readFileSync(file).length - 1500);
      return file;
    },
  ],
  [
    'a digest mismatch',
    'DIGEST_MISMATCH',
    async () => {
      const image = await plainImage([{ name: 'a', content: 'hello' }]);
      const dir = writeLayout(path('mismatch'), [{ image }]);
      const blob = join(dir, 'blobs/sha256', image.layerDigests[0]!.slice(7));
      const bytes = readFileSync(blob);
      bytes[bytes.length - 5]! ^= 0xff;
      writeFileSync(blob, bytes);
      return dir;
    },
  ],
  [
    'a ../ path in a layer',
    'UNSAFE_PATH',
    async () =>
      writeLayout(path('dotdot'), [
        { image: await plainImage([{ name: '../../etc/cron.d/x', content: 'pwn' }]) },
      ]),
  ],
  [
    'an absolute path in the manifest',
    'UNSAFE_PATH',
    async () => {
      const img = await plainImage([{ name: 'a', content: 'x' }]);
      const file = path('abs.tar');
      writeFileSync(
        file,
        await dockerArchive(img, {
          manifest: [{ Config: `${img.configDigest.slice(7)}.json`, Layers: ['/etc/passwd'] }],
        }),
      );
      return file;
    },
  ],
  [
    'a symlink loop',
    'SYMLINK_LOOP',
    async () => {
      const img = await plainImage([{ name: 'a', content: 'x' }]);
      const dir = writeLayout(path('loop'), [{ image: img }]);
      const blob = join(dir, 'blobs/sha256', img.layerDigests[0]!.slice(7));
      rmSync(blob);
      symlinkSync(`${blob}.b`, blob);
      symlinkSync(blob, `${blob}.b`);
      return dir;
    },
  ],
  [
    'a gzip bomb',
    'LIMIT_EXCEEDED',
    async () => {
      const bomb = await gzipBomb(100);
      const base = buildImage({
        layers: [{ tar: Buffer.alloc(0), compression: 'none' }],
        diffIds: [sha256('unknown')],
      });
      const manifest = JSON.parse(base.manifest.toString());
      manifest.layers[0] = {
        mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip',
        digest: sha256(bomb),
        size: bomb.length,
      };
      const m = Buffer.from(JSON.stringify(manifest));
      const dir = writeLayout(
        path('bomb'),
        [],
        new Map([
          [sha256(bomb), bomb],
          [base.configDigest, base.config],
          [sha256(m), m],
        ]),
      );
      writeFileSync(
        join(dir, 'index.json'),
        JSON.stringify({
          schemaVersion: 2,
          manifests: [
            { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: sha256(m), size: m.length },
          ],
        }),
      );
      return dir;
    },
  ],
  [
    'a missing manifest',
    'MANIFEST_NOT_FOUND',
    async () => {
      const file = path('nomanifest.tar');
      writeFileSync(
        file,
        await dockerArchive(await plainImage([{ name: 'a', content: 'x' }]), { omit: ['manifest.json'] }),
      );
      return file;
    },
  ],
  [
    'an unknown media type',
    'UNSUPPORTED_MEDIA_TYPE',
    async () =>
      writeLayout(path('mediatype'), [
        {
          image: buildImage({
            layers: [
              {
                tar: await tarOf([{ name: 'a', content: 'x' }]),
                mediaType: 'application/vnd.example.wasm.v1+tar',
              },
            ],
          }),
        },
      ]),
  ],
  [
    'malformed JSON',
    'INVALID_INPUT',
    async () => {
      const dir = writeLayout(path('badjson'), [{ image: await plainImage([{ name: 'a', content: 'x' }]) }]);
      writeFileSync(join(dir, 'index.json'), '{"schemaVersion": 2, "manifests": [');
      return dir;
    },
  ],
  ['a missing file', 'NOT_FOUND', async () => join(tmp, 'does-not-exist.tar')],
  ['an unreachable registry', 'REGISTRY_UNREACHABLE', async () => `127.0.0.1:${await freePort()}/app:1`],
];

function expectOneLineFailure(
  r: { status: number | null; stderr: string; stdout: string },
  code: ErrorCode,
): void {
  expect(r.stderr).not.toMatch(/\n\s+at /);
  expect(r.stderr.trim().split('\n'), r.stderr).toHaveLength(1);
  expect(r.stderr).toMatch(/^bulwark: /);
  expect(r.stdout).toBe('');
  expect(r.status, r.stderr).toBe(EXIT_CODES[code]);
}

describe('bulwark image on bad input: one line, one exit code each', () => {
  it.each(cases)('%s → %s', async (_name, code, build) => {
    const target = await build();
    expectOneLineFailure(cli(['image', target, '--offline'], { env }), code);
  });

  it('the kinds of failure have distinct exit codes', () => {
    const codes = [...new Set(cases.map(([, c]) => c)), 'REGISTRY_AUTH' as const];
    expect(new Set(codes.map((c) => EXIT_CODES[c])).size).toBe(codes.length);
  });

  it('an unknown flag → usage error (2)', () => {
    expectOneLineFailure(cli(['image', 'x', '--no-such-flag'], { env }), 'USAGE');
  });
});

const skipAuth = missingTools(['docker-registry', 'htpasswd', 'skopeo']);
describe.skipIf(skipAuth)('a registry answering 401', () => {
  let registry: TestRegistry;
  beforeAll(async () => {
    registry = await startRegistry({ htpasswd: htpasswdEntry('alice', 'wonderland') });
  });
  afterAll(async () => registry?.stop());

  it('without credentials → REGISTRY_AUTH (13), naming how to log in and no secret', () => {
    const r = cli(['image', `${registry.host}/private/app:1`, '--offline'], { env });
    expectOneLineFailure(r, 'REGISTRY_AUTH');
    expect(r.stderr).toMatch(/docker login|config\.json|credentials/i);
  });

  it('with --registry-username/--registry-password the scan gets in (password never printed)', async () => {
    const image = await plainImage([{ name: 'etc/os-release', content: 'ID=alpine\nVERSION_ID=3.20.0\n' }]);
    const dir = writeLayout(path('auth-layout'), [{ image, tag: 'v1' }]);
    execFileSync('skopeo', [
      'copy',
      '--quiet',
      '--dest-tls-verify=false',
      '--dest-creds',
      'alice:wonderland',
      `oci:${dir}:v1`,
      `docker://${registry.host}/private/app:1`,
    ]);
    const args = ['image', `${registry.host}/private/app:1`, '--offline', '--format', 'json'];
    const ok = cli([...args, '--registry-username', 'alice', '--registry-password', 'wonderland'], { env });
    expect(ok.status, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout).os).toMatchObject({ family: 'alpine' });
    const viaEnv = cli(args, {
      env: { ...env, BULWARK_REGISTRY_USERNAME: 'alice', BULWARK_REGISTRY_PASSWORD: 'wonderland' },
    });
    expect(viaEnv.status, viaEnv.stderr).toBe(0);
    const wrong = cli([...args, '--registry-username', 'alice', '--registry-password', 'nope-123'], { env });
    expectOneLineFailure(wrong, 'REGISTRY_AUTH');
    expect(wrong.stderr).not.toContain('nope-123');
  });

  it('with wrong credentials from ~/.docker/config.json → REGISTRY_AUTH, the password never printed', () => {
    const cfg = join(tmp, 'docker');
    rmSync(cfg, { recursive: true, force: true });
    mkdirSync(cfg, { recursive: true });
    const auth = Buffer.from('alice:not-the-password').toString('base64');
    writeFileSync(join(cfg, 'config.json'), JSON.stringify({ auths: { [registry.host]: { auth } } }));
    const r = cli(['image', `${registry.host}/private/app:1`, '--offline'], { env });
    expectOneLineFailure(r, 'REGISTRY_AUTH');
    expect(r.stderr).not.toContain('not-the-password');
    expect(r.stderr).not.toContain(auth);
  });
});
