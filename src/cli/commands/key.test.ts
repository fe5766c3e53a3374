import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli } from '../../../test/support/cli.js';
import { loadPrivateKey, loadPublicKey } from '../../signing/keys/index.js';

const dir = mkdtempSync(join(tmpdir(), 'bulwark-key-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('bulwark key generate', () => {
  it('writes P.key (0600, cosign format) and P.pub, loadable with the password', async () => {
    const prefix = join(dir, 'a');
    const r = cli(['key', 'generate', '--output-key-prefix', prefix, '--format', 'json'], {
      env: { BULWARK_PASSWORD: 'pw' },
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.privateKey).toBe(`${prefix}.key`);
    expect(statSync(`${prefix}.key`).mode & 0o777).toBe(0o600);
    const priv = readFileSync(`${prefix}.key`, 'utf8');
    expect(priv).toMatch(/^-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----\n/);
    const k = await loadPrivateKey(priv, 'pw');
    expect(loadPublicKey(readFileSync(`${prefix}.pub`, 'utf8')).keyId).toBe(k.publicKey.keyId);
    expect(out.keyId).toBe(k.publicKey.keyId);
  });

  it('takes COSIGN_PASSWORD when BULWARK_PASSWORD is unset', async () => {
    const prefix = join(dir, 'c');
    const env = { BULWARK_PASSWORD: undefined, COSIGN_PASSWORD: 'cpw' };
    expect(cli(['key', 'generate', '--output-key-prefix', prefix], { env }).status).toBe(0);
    await expect(loadPrivateKey(readFileSync(`${prefix}.key`, 'utf8'), 'cpw')).resolves.toBeDefined();
  });

  it('refuses to overwrite without --force, leaving the old key intact', () => {
    const prefix = join(dir, 'b');
    writeFileSync(`${prefix}.key`, 'precious');
    const r = cli(['key', 'generate', '--output-key-prefix', prefix], { env: { BULWARK_PASSWORD: 'pw' } });
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/--force/);
    expect(readFileSync(`${prefix}.key`, 'utf8')).toBe('precious');
    const f = cli(['key', 'generate', '--output-key-prefix', prefix, '--force'], {
      env: { BULWARK_PASSWORD: 'pw' },
    });
    expect(f.status).toBe(0);
    expect(statSync(`${prefix}.key`).mode & 0o777).toBe(0o600);
    expect(readFileSync(`${prefix}.key`, 'utf8')).toMatch(/ENCRYPTED SIGSTORE PRIVATE KEY/);
  });

  it('without a password and no terminal → KEY_ERROR (exit 24), one line', () => {
    const r = cli(['key', 'generate', '--output-key-prefix', join(dir, 'n')], {
      env: { BULWARK_PASSWORD: undefined, COSIGN_PASSWORD: undefined },
    });
    expect(r.status).toBe(24);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/BULWARK_PASSWORD/);
  });
});

describe('bulwark key public', () => {
  it('prints the public key of a cosign key, matching the generated .pub', () => {
    const prefix = join(dir, 'p');
    expect(
      cli(['key', 'generate', '--output-key-prefix', prefix], { env: { BULWARK_PASSWORD: 'pw' } }).status,
    ).toBe(0);
    const r = cli(['key', 'public', '--key', `${prefix}.key`], { env: { BULWARK_PASSWORD: 'pw' } });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(readFileSync(`${prefix}.pub`, 'utf8'));
  });

  it('a wrong password is KEY_ERROR (exit 24) in one line', () => {
    const prefix = join(dir, 'q');
    expect(
      cli(['key', 'generate', '--output-key-prefix', prefix], { env: { BULWARK_PASSWORD: 'pw' } }).status,
    ).toBe(0);
    const r = cli(['key', 'public', '--key', `${prefix}.key`], { env: { BULWARK_PASSWORD: 'nope' } });
    expect(r.status).toBe(24);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/wrong password/);
  });

  it('a malformed key file is KEY_ERROR, a missing one NOT_FOUND', () => {
    writeFileSync(
      join(dir, 'bad.key'),
      '-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----\nnot base64!\n-----END ENCRYPTED SIGSTORE PRIVATE KEY-----\n',
    );
    expect(
      cli(['key', 'public', '--key', join(dir, 'bad.key')], { env: { BULWARK_PASSWORD: 'x' } }).status,
    ).toBe(24);
    expect(
      cli(['key', 'public', '--key', join(dir, 'missing.key')], { env: { BULWARK_PASSWORD: 'x' } }).status,
    ).toBe(3);
  });
});
