import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BulwarkError } from '../../../core/errors.js';
import { configKey, keyHost, lookupCredentials } from './credentials.js';

const dirs: string[] = [];
function config(content: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'bulwark-cred-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'config.json'), content);
  return dir;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const b64 = (s: string): string => Buffer.from(s).toString('base64');

describe('Docker config.json', () => {
  it.each([
    [
      'exact host key',
      { 'reg.example:5000': { auth: b64('u:p') } },
      'reg.example:5000',
      { kind: 'basic', username: 'u', password: 'p' },
    ],
    [
      'https key with path',
      { 'https://reg.example/v1/': { auth: b64('u:p:with:colons') } },
      'reg.example',
      { kind: 'basic', username: 'u', password: 'p:with:colons' },
    ],
    [
      'docker hub key',
      { 'https://index.docker.io/v1/': { auth: b64('hub:pw') } },
      'docker.io',
      { kind: 'basic', username: 'hub', password: 'pw' },
    ],
    [
      'identity token',
      { 'reg.example': { auth: b64('<token>:'), identitytoken: 'rt' } },
      'reg.example',
      { kind: 'identity-token', username: '<token>', token: 'rt' },
    ],
    [
      'username/password fields',
      { 'reg.example': { username: 'x', password: 'y' } },
      'reg.example',
      { kind: 'basic', username: 'x', password: 'y' },
    ],
  ])('%s', async (_n, auths, registry, credential) => {
    const dir = config(JSON.stringify({ auths }));
    const r = await lookupCredentials(registry, { dockerConfigDir: dir });
    expect(r.found?.credential).toEqual(credential);
    expect(r.found?.source).not.toMatch(/pw|:p\b|rt/);
  });

  it('no entry → anonymous, listing the file', async () => {
    const dir = config(JSON.stringify({ auths: { other: { auth: b64('a:b') } } }));
    const r = await lookupCredentials('reg.example', { dockerConfigDir: dir });
    expect(r.found).toBeNull();
    expect(r.tried.join()).toContain(join(dir, 'config.json'));
  });

  it('honours DOCKER_CONFIG', async () => {
    const dir = config(JSON.stringify({ auths: { 'r.example': { auth: b64('env:pw') } } }));
    const r = await lookupCredentials('r.example', { env: { DOCKER_CONFIG: dir } });
    expect(r.found?.source).toContain('user env');
  });

  it.each([
    ['not JSON', '{nope', 'INVALID_INPUT'],
    [
      'auth not user:pass',
      JSON.stringify({ auths: { 'r.example': { auth: b64('nocolon') } } }),
      'INVALID_INPUT',
    ],
  ])('%s → %s', async (_n, content, code) => {
    const dir = config(content);
    const err = await lookupCredentials('r.example', { dockerConfigDir: dir }).catch((e: unknown) => e);
    expect((err as BulwarkError).code).toBe(code);
  });

  it.each([
    ['https://index.docker.io/v1/', 'docker.io'],
    ['http://reg:5000/v2/', 'reg:5000'],
    ['reg', 'reg'],
  ])('keyHost(%s) = %s', (key, host) => {
    expect(keyHost(key)).toBe(host);
  });

  it('configKey maps Docker Hub names to its legacy key', () => {
    expect(configKey('docker.io')).toBe('https://index.docker.io/v1/');
    expect(configKey('ghcr.io')).toBe('ghcr.io');
  });
});
