// Transport behaviour with real sockets: unreachable registries, retries with backoff on 429/5xx
// (failures injected by a proxy in front of the real registry), and schemes per host.
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BulwarkError } from '../../core/errors.js';
import { freePort, startRegistry, type TestRegistry } from '../../../test/support/registry.js';
import { startRegistryProxy } from '../../../test/support/registry-proxy.js';
import { tinyImage } from '../../../test/support/tiny-image.js';
import { missingTools } from '../../../test/support/tools.js';
import { RegistryClient } from './client.js';
import { isLoopback } from './endpoint.js';
import { RegistryTransport } from './transport.js';

async function failure(p: Promise<unknown>): Promise<BulwarkError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof BulwarkError) return err;
    throw err;
  }
  throw new Error('expected a failure');
}

describe('endpoints', () => {
  it.each([
    ['127.0.0.1:5000', true],
    ['localhost:5000', true],
    ['localhost', true],
    ['[::1]:5000', true],
    ['127.1.2.3', true],
    ['registry.example.com', false],
    ['10.0.0.1:5000', false],
    ['localhost.example.com', false],
  ])('%s loopback=%s', (host, loop) => {
    expect(isLoopback(host)).toBe(loop);
    const t = new RegistryTransport();
    expect(t.baseUrl(host).startsWith(loop ? 'http://' : 'https://')).toBe(true);
    void t.close();
  });

  it('maps Docker Hub to its API host', () => {
    const t = new RegistryTransport();
    expect(t.baseUrl('docker.io')).toBe('https://registry-1.docker.io');
    void t.close();
  });
});

describe('unreachable registries', () => {
  it('connection refused → REGISTRY_UNREACHABLE (exit 12) after bounded retries', async () => {
    const port = await freePort();
    const client = new RegistryClient({ anonymous: true, retryBaseMs: 10 });
    const started = Date.now();
    const err = await failure(client.resolve({ registry: `127.0.0.1:${port}`, repository: 'x', tag: 'y' }));
    await client.close();
    expect(err.code).toBe('REGISTRY_UNREACHABLE');
    expect(err.exitCode).toBe(12);
    expect(err.message).toMatch(/ECONNREFUSED/);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('DNS failure → REGISTRY_UNREACHABLE', async () => {
    const client = new RegistryClient({ anonymous: true, retryBaseMs: 10 });
    const err = await failure(client.ping('no-such-host.invalid'));
    await client.close();
    expect(err.code).toBe('REGISTRY_UNREACHABLE');
    expect(err.message).toMatch(/cannot resolve no-such-host\.invalid/);
  });

  it('a server that speaks no TLS on an https registry → REGISTRY_UNREACHABLE with a hint', async () => {
    // A TCP server that answers garbage: the TLS handshake fails.
    const server = createServer((s) => s.end('HTTP/1.1 400 Bad Request\r\n\r\n'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.2', r));
    const addr = server.address();
    const port = typeof addr === 'object' && addr ? addr.port : 0;
    const client = new RegistryClient({ anonymous: true, retries: 0 });
    // 127.0.0.2 is loopback, so force HTTPS through a name that is not: use the IP via an insecure=false https URL.
    const t = client.transport;
    const err = await failure(
      t.call({
        registry: 'x',
        method: 'GET',
        path: `https://127.0.0.2:${port}/v2/`,
        scopes: [],
        expect: [200],
        what: 'ping',
      }),
    );
    await client.close();
    server.close();
    expect(err.code).toBe('REGISTRY_UNREACHABLE');
    expect(err.message).toMatch(/TLS|--insecure|cannot connect/);
  });
});

describe.skipIf(missingTools(['docker-registry']))('retries against the real registry', () => {
  let reg: TestRegistry;
  beforeAll(async () => {
    reg = await startRegistry();
  });
  afterAll(async () => {
    await reg?.stop();
  });

  it.each([429, 500, 502, 503, 504])('retries %i with backoff and then succeeds', async (status) => {
    let failures = 2;
    const proxy = await startRegistryProxy({
      upstream: reg.host,
      inject: (req) =>
        req.method === 'HEAD' && failures-- > 0 ? { status, headers: { 'retry-after': '0' } } : undefined,
    });
    const client = new RegistryClient({ anonymous: true, retryBaseMs: 5 });
    try {
      const repo = { registry: proxy.host, repository: `retry/s${status}` };
      const img = await tinyImage(`retry-${status}`);
      await client.pushBlob(repo, img.config);
      await client.pushBlob(repo, img.layer);
      await client.putManifest(repo, 'v1', img.manifest, img.mediaType);
      expect(proxy.requests.filter((r) => r.status === status).length).toBe(2);
      expect((await client.resolve({ ...repo, tag: 'v1' })).digest).toBe(img.manifestDigest);
    } finally {
      await client.close();
      await proxy.stop();
    }
  });

  it('gives up after the retry budget with REGISTRY_ERROR (exit 14)', async () => {
    const proxy = await startRegistryProxy({ upstream: reg.host, inject: () => ({ status: 503 }) });
    const client = new RegistryClient({ anonymous: true, retryBaseMs: 1, retries: 2 });
    try {
      const err = await failure(client.resolve({ registry: proxy.host, repository: 'a', tag: 'b' }));
      expect(err.code).toBe('REGISTRY_ERROR');
      expect(err.exitCode).toBe(14);
      expect(proxy.requests.length).toBe(3);
    } finally {
      await client.close();
      await proxy.stop();
    }
  });
});
