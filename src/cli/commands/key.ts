// `bulwark key generate`: a cosign-compatible ECDSA P-256 key pair (cosign generate-key-pair).
import type { Command } from 'commander';
import { BulwarkError } from '../../core/errors.js';
import { checkFormat, emit, json, notice } from '../output.js';

async function password(): Promise<string> {
  const { passwordFromEnv } = await import('../../signing/keys/password.js');
  const fromEnv = passwordFromEnv();
  if (fromEnv !== undefined) return fromEnv;
  if (!process.stdin.isTTY) {
    throw new BulwarkError(
      'KEY_ERROR',
      'no password: set BULWARK_PASSWORD (or COSIGN_PASSWORD; empty for none)',
    );
  }
  const { readHidden } = await import('../prompt.js');
  const a = await readHidden('Enter password for private key: ');
  const b = await readHidden('Enter password for private key again: ');
  if (a !== b) throw new BulwarkError('KEY_ERROR', 'passwords do not match');
  return a;
}

export function register(program: Command): Command {
  const key = program
    .command('key')
    .description('manage signing keys (cosign-compatible)')
    .addHelpText(
      'after',
      '\nExamples:\n  BULWARK_PASSWORD=… bulwark key generate --output-key-prefix cosign\n  bulwark key generate --output-key-prefix ci/release --force --format json\n  bulwark key public --key cosign.key > cosign.pub\n',
    );
  key
    .command('generate')
    .description(
      'generate an ECDSA P-256 key pair: PREFIX.key (encrypted, cosign format, mode 0600) and PREFIX.pub',
    )
    .option('--output-key-prefix <prefix>', 'path prefix of the key files', 'cosign')
    .option('--force', 'overwrite existing key files', false)
    .option('-f, --format <format>', 'table or json', 'table')
    .addHelpText(
      'after',
      '\nThe password comes from BULWARK_PASSWORD, else COSIGN_PASSWORD, else a terminal prompt.\n' +
        'The private key loads in cosign (ENCRYPTED SIGSTORE PRIVATE KEY, scrypt + NaCl secretbox).\n' +
        '\nExamples:\n  BULWARK_PASSWORD=s3cret bulwark key generate --output-key-prefix release\n' +
        '  COSIGN_PASSWORD= bulwark key generate --output-key-prefix test --force --format json\n',
    )
    .action(async (opts: { outputKeyPrefix: string; force: boolean; format: string }) => {
      const format = checkFormat(opts.format, ['table', 'json'] as const);
      if (!opts.outputKeyPrefix) throw new BulwarkError('USAGE', '--output-key-prefix must not be empty');
      const pw = await password();
      const { generateKeyPair, writeKeyPair } = await import('../../signing/keys/index.js');
      const pair = await generateKeyPair(pw);
      const paths = await writeKeyPair(opts.outputKeyPrefix, pair, { force: opts.force });
      if (format === 'json') {
        await emit(
          json({ privateKey: paths.privateKeyPath, publicKey: paths.publicKeyPath, keyId: pair.keyId }),
        );
      } else {
        notice(`Private key written to ${paths.privateKeyPath}`);
        notice(`Public key written to ${paths.publicKeyPath}`);
        await emit(`key id ${pair.keyId}`);
      }
    });
  key
    .command('public')
    .description('print the public key of a private key file (cosign public-key)')
    .requiredOption('--key <file>', 'private key file (cosign format or PKCS#8 PEM)')
    .option('-o, --output <file>', 'write the PEM to a file instead of stdout')
    .option('-f, --format <format>', 'pem or json', 'pem')
    .addHelpText(
      'after',
      '\nExamples:\n  BULWARK_PASSWORD=s3cret bulwark key public --key cosign.key > cosign.pub\n' +
        '  bulwark key public --key cosign.key --format json\n',
    )
    .action(async (opts: { key: string; output?: string; format: string }) => {
      const format = checkFormat(opts.format, ['pem', 'json'] as const);
      const { loadPrivateKey, publicKeyPem, readKeyFile, passwordFromEnv } =
        await import('../../signing/keys/index.js');
      const text = await readKeyFile(opts.key);
      const needsPassword = text.includes('ENCRYPTED');
      const k = await loadPrivateKey(text, needsPassword ? await password() : passwordFromEnv(), opts.key);
      const pem = publicKeyPem(k.publicKey.key);
      await emit(
        format === 'json'
          ? json({ keyId: k.publicKey.keyId, algorithm: k.publicKey.algorithm, publicKey: pem })
          : pem,
        opts.output,
      );
    });
  return key;
}
