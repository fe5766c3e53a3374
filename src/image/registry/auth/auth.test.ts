// Authentication against a real docker-registry: htpasswd Basic and token-service Bearer, credentials from
// Docker's config.json (auths, identitytoken, credential helpers), and REGISTRY_AUTH messages that name
// what was tried without leaking secrets.
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BulwarkError } from '../../../core/errors.js';
import { htpasswdEntry, startTokenServer, type TokenServer } from '../../../../test/support/registry-auth.js';
import { startRegistry, type TestRegistry } from '../../../../test/support/registry.js';
import { startRegistryProxy } from '../../../../test/support/registry-proxy.js';
import { tinyImage } from '../../../../test/support/tiny-image.js';
import { missingTools } from '../../../../test/support/tools.js';
import { RegistryClient, type RegistryClientOptions } from '../client.js';

const skip = missingTools(['docker-registry', 'htpasswd', 'openssl']);

async function failure(p: Promise<unknown>): Promise<BulwarkError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof BulwarkError) return err;
    throw err;
  }
  throw new Error('expected a failure');
}

function dockerConfig(content: object): string {
  const dir = mkdtempSync(join(tmpdir(), 'bulwark-docker-config-'));
  writeFileSync(join(dir, 'config.json'), JSON.stringify(content));
  return dir;
}

const basicAuth = (u: string, p: string): string => Buffer.from(`${u}:${p}`).toString('base64');

async function pushAndPull(
  opts: RegistryClientOptions,
  registry: string,
  repository: string,
): Promise<string> {
  const client = new RegistryClient(opts);
  try {
    const repo = { registry, repository };
    const img = await tinyImage(repository);
    await client.pushBlob(repo, img.config);
    await client.pushBlob(repo, img.layer, { chunkSize: 64 });
    await client.putManifest(repo, 'v1', img.manifest, img.mediaType);
    return (await client.resolve({ ...repo, tag: 'v1' })).digest;
  } finally {
    await client.close();
  }
}

describe.skipIf(skip)('Basic auth (htpasswd)', () => {
  let reg: TestRegistry;
  const dirs: string[] = [];
  beforeAll(async () => {
    reg = await startRegistry({ htpasswd: htpasswdEntry('alice', 's3cret-pw') });
  });
  afterAll(async () => {
    await reg?.stop();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('anonymous access fails with REGISTRY_AUTH and a login hint', async () => {
    const dir = dockerConfig({});
    dirs.push(dir);
    const err = await failure(pushAndPull({ credentialLookup: { dockerConfigDir: dir } }, reg.host, 'app'));
    expect(err.code).toBe('REGISTRY_AUTH');
    expect(err.exitCode).toBe(13);
    expect(err.message).toMatch(/docker login 127\.0\.0\.1/);
    expect(err.message).toContain(join(dir, 'config.json'));
  });

  it('uses auths from DOCKER_CONFIG/config.json', async () => {
    const dir = dockerConfig({
      auths: { [`http://${reg.host}`]: { auth: basicAuth('alice', 's3cret-pw') } },
    });
    dirs.push(dir);
    const digest = await pushAndPull({ credentialLookup: { env: { DOCKER_CONFIG: dir } } }, reg.host, 'app');
    expect(digest).toMatch(/^sha256:/);
  });

  it('a wrong password names the user and the file, never the password', async () => {
    const dir = dockerConfig({ auths: { [reg.host]: { auth: basicAuth('alice', 'wrong-password-xyz') } } });
    dirs.push(dir);
    const err = await failure(pushAndPull({ credentialLookup: { dockerConfigDir: dir } }, reg.host, 'app2'));
    expect(err.code).toBe('REGISTRY_AUTH');
    expect(err.message).toContain('user alice');
    expect(err.message).not.toContain('wrong-password-xyz');
    expect(err.message).not.toContain(basicAuth('alice', 'wrong-password-xyz'));
  });

  it('runs a credential helper (credHelpers) and passes the server URL on stdin', async () => {
    const dir = dockerConfig({ credHelpers: { [reg.host]: 'bulwarktest' } });
    dirs.push(dir);
    const bin = join(dir, 'docker-credential-bulwarktest');
    writeFileSync(
      bin,
      `#!/bin/sh\nread server\n[ "$1" = get ] && [ "$server" = "${reg.host}" ] || exit 1\necho '{"ServerURL":"${reg.host}","Username":"alice","Secret":"s3cret-pw"}'\n`,
    );
    chmodSync(bin, 0o755);
    const oldPath = process.env.PATH;
    process.env.PATH = `${dir}:${oldPath}`;
    try {
      expect(await pushAndPull({ credentialLookup: { dockerConfigDir: dir } }, reg.host, 'helper')).toMatch(
        /^sha256:/,
      );
    } finally {
      process.env.PATH = oldPath;
    }
  });

  it('explicit credentials win and a missing helper is reported as tried', async () => {
    const dir = dockerConfig({ credsStore: 'absent-helper' });
    dirs.push(dir);
    const err = await failure(pushAndPull({ credentialLookup: { dockerConfigDir: dir } }, reg.host, 'app3'));
    expect(err.message).toContain('docker-credential-absent-helper (not installed)');
    const ok = await pushAndPull(
      {
        credentials: {
          credential: { kind: 'basic', username: 'alice', password: 's3cret-pw' },
          source: 'user alice from --registry-username',
        },
      },
      reg.host,
      'app3',
    );
    expect(ok).toMatch(/^sha256:/);
  });
  it('sends credentials to its own origin only, never to an absolute URL on another origin', async () => {
    const seen: (string | undefined)[] = [];
    const other = await startRegistryProxy({
      upstream: reg.host,
      inject: (req) => {
        seen.push(req.headers.authorization);
        return undefined;
      },
    });
    const client = new RegistryClient({
      credentials: {
        credential: { kind: 'basic', username: 'alice', password: 's3cret-pw' },
        source: 'test',
      },
    });
    try {
      await client.ping(reg.host); // learns the Basic challenge
      const call = (path: string) =>
        client.transport.call({
          registry: reg.host,
          method: 'GET',
          path,
          scopes: [],
          expect: [200, 401],
          what: 'probe',
        });
      const own = await call(`http://${reg.host}/v2/`);
      await own.body.dump();
      expect(own.status).toBe(200);
      const res = await call(`http://${other.host}/v2/`);
      await res.body.dump();
      expect(res.status).toBe(401);
      expect(seen).toEqual([undefined]);
    } finally {
      await client.close();
      await other.stop();
    }
  });
});

describe.skipIf(skip)('Bearer token auth (token service)', () => {
  let reg: TestRegistry;
  let tokens: TokenServer;
  const dirs: string[] = [];
  beforeAll(async () => {
    tokens = await startTokenServer({
      users: { bob: 'bob-pw' },
      refreshTokens: { 'refresh-abc': 'bob' },
      // bob may push to bob/*; everyone may pull public/*.
      grant: (user, repo, actions) =>
        repo.startsWith('public/')
          ? actions.filter((a) => a === 'pull' || (user === 'bob' && a === 'push'))
          : user === 'bob' && repo.startsWith('bob/')
            ? actions
            : [],
    });
    reg = await startRegistry({
      token: {
        realm: tokens.realm,
        service: tokens.service,
        issuer: tokens.issuer,
        rootCertBundlePem: tokens.certPem,
      },
    });
  });
  afterAll(async () => {
    await reg?.stop();
    await tokens?.stop();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('pushes and pulls with a token for user:password, caching tokens per scope', async () => {
    const before = tokens.requests.length;
    const client = new RegistryClient({
      credentials: {
        credential: { kind: 'basic', username: 'bob', password: 'bob-pw' },
        source: 'user bob (test)',
      },
    });
    try {
      const repo = { registry: reg.host, repository: 'bob/app' };
      const img = await tinyImage('bearer');
      await client.pushBlob(repo, img.config);
      await client.pushBlob(repo, img.layer);
      await client.putManifest(repo, 'v1', img.manifest, img.mediaType);
      const got = await client.resolveImage({ ...repo, tag: 'v1' });
      expect(got.manifest.digest).toBe(img.manifestDigest);
      const issued = tokens.requests.slice(before);
      expect(issued.every((r) => r.account === 'bob')).toBe(true);
      // One token for pull+push covers later pulls: no token request per call.
      expect(issued.length).toBeLessThanOrEqual(2);
      expect(issued.some((r) => r.scopes.includes('repository:bob/app:pull,push'))).toBe(true);
    } finally {
      await client.close();
    }
  });

  it('uses an identitytoken from config.json with the OAuth2 refresh-token grant', async () => {
    const dir = dockerConfig({
      auths: { [reg.host]: { auth: basicAuth('bob', ''), identitytoken: 'refresh-abc' } },
    });
    dirs.push(dir);
    await pushAndPull({ credentialLookup: { dockerConfigDir: dir } }, reg.host, 'bob/oauth');
    expect(tokens.requests.some((r) => r.grantType === 'refresh_token' && r.account === 'bob')).toBe(true);
  });

  it('anonymous pull of a public repository works; anonymous push is refused with REGISTRY_AUTH', async () => {
    const bobClient = {
      credentials: {
        credential: { kind: 'basic' as const, username: 'bob', password: 'bob-pw' },
        source: 'user bob (test)',
      },
    };
    const digest = await pushAndPull(bobClient, reg.host, 'public/base');
    const anon = new RegistryClient({ anonymous: true });
    try {
      expect((await anon.resolve({ registry: reg.host, repository: 'public/base', tag: 'v1' })).digest).toBe(
        digest,
      );
      const err = await failure(
        anon.pushBlob({ registry: reg.host, repository: 'public/base' }, Buffer.from('nope')),
      );
      expect(err.code).toBe('REGISTRY_AUTH');
      expect(err.message).toContain('anonymous');
    } finally {
      await anon.close();
    }
  });

  it('a bad password at the token service is REGISTRY_AUTH without the secret', async () => {
    const err = await failure(
      pushAndPull(
        {
          credentials: {
            credential: { kind: 'basic', username: 'bob', password: 'hunter2-nope' },
            source: 'user bob (test)',
          },
        },
        reg.host,
        'bob/x',
      ),
    );
    expect(err.code).toBe('REGISTRY_AUTH');
    expect(err.message).not.toContain('hunter2-nope');
  });
});
