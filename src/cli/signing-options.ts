// Shared flags of sign/attest/verify/verify-attestation, cosign's names: keys, threshold, keyless identity,
// trusted root. Loaded lazily inside actions.
import { MiB, readInputText } from '../core/input-file.js';
import type { Command } from 'commander';
import { BulwarkError } from '../core/errors.js';
import type { SigningKey } from '../signing/keys/private.js';
import type { NotationSigner, TrustOptions } from '../signing/verify/types.js';

export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

export interface TrustCliOptions {
  key?: string[];
  threshold?: string;
  certificateIdentity?: string;
  certificateIdentityRegexp?: string;
  certificateOidcIssuer?: string;
  certificateOidcIssuerRegexp?: string;
  trustedRoot?: string;
  notationTrustPolicy?: string;
  notationTrustStore?: string;
}

export function addTrustOptions(cmd: Command): Command {
  return cmd
    .option('--key <file>', 'trusted public key (PEM); repeat for several signers', collect, [])
    .option('--threshold <n>', 'distinct trusted signers required', '1')
    .option(
      '--certificate-identity <id>',
      'keyless: exact certificate identity (SAN), e.g. an e-mail or workflow URI',
    )
    .option('--certificate-identity-regexp <re>', 'keyless: certificate identity regular expression')
    .option('--certificate-oidc-issuer <url>', 'keyless: exact OIDC issuer')
    .option('--certificate-oidc-issuer-regexp <re>', 'keyless: OIDC issuer regular expression')
    .option('--trusted-root <file>', 'sigstore trusted_root.json for offline keyless verification')
    .option('--notation-trust-policy <file>', 'Notation trustpolicy.json (verify Notation signatures)')
    .option(
      '--notation-trust-store <dir>',
      'Notation trust store directory (holding x509/{ca,signingAuthority,tsa}/<name>/)',
    );
}

async function readSmall(path: string, what: string): Promise<string> {
  return readInputText(path, { what, maxBytes: 16 * MiB });
}

export async function trustFrom(opts: TrustCliOptions): Promise<TrustOptions> {
  const { loadPublicKey } = await import('../signing/keys/public.js');
  const keys = await Promise.all(
    (opts.key ?? []).map(async (f) => loadPublicKey(await readSmall(f, 'key file'), f)),
  );
  const threshold = Number(opts.threshold ?? '1');
  if (!Number.isSafeInteger(threshold) || threshold < 1)
    throw new BulwarkError('USAGE', `--threshold must be a positive integer, got "${opts.threshold}"`);
  if (
    threshold > keys.length &&
    keys.length > 0 &&
    !opts.certificateIdentity &&
    !opts.certificateIdentityRegexp
  ) {
    throw new BulwarkError('USAGE', `--threshold ${threshold} needs at least ${threshold} --key options`);
  }
  const keyless = [
    opts.certificateIdentity,
    opts.certificateIdentityRegexp,
    opts.certificateOidcIssuer,
    opts.certificateOidcIssuerRegexp,
  ].some((v) => v !== undefined);
  const identities = keyless
    ? [
        {
          ...(opts.certificateIdentity !== undefined ? { subject: opts.certificateIdentity } : {}),
          ...(opts.certificateIdentityRegexp !== undefined
            ? { subjectRegExp: opts.certificateIdentityRegexp }
            : {}),
          ...(opts.certificateOidcIssuer !== undefined ? { issuer: opts.certificateOidcIssuer } : {}),
          ...(opts.certificateOidcIssuerRegexp !== undefined
            ? { issuerRegExp: opts.certificateOidcIssuerRegexp }
            : {}),
        },
      ]
    : [];
  if (keyless) {
    const { checkIdentitySpec } = await import('../signing/bundle/identity.js');
    identities.forEach(checkIdentitySpec);
    if (!opts.trustedRoot)
      throw new BulwarkError(
        'USAGE',
        'keyless verification needs --trusted-root FILE (verification is offline)',
      );
  }
  const trustedRootJson = opts.trustedRoot ? await readSmall(opts.trustedRoot, 'trusted root') : undefined;
  if ((opts.notationTrustPolicy === undefined) !== (opts.notationTrustStore === undefined)) {
    throw new BulwarkError('USAGE', 'pass both --notation-trust-policy and --notation-trust-store');
  }
  const notation: NotationSigner[] = [];
  if (opts.notationTrustPolicy && opts.notationTrustStore) {
    const { parseNotationTrustPolicy } = await import('../signing/notation/trust-policy.js');
    const { loadTrustStore } = await import('../signing/notation/trust-store.js');
    let doc: unknown;
    try {
      doc = JSON.parse(await readSmall(opts.notationTrustPolicy, 'Notation trust policy'));
    } catch (err) {
      if (err instanceof BulwarkError) throw err;
      throw new BulwarkError(
        'INVALID_INPUT',
        `Notation trust policy ${opts.notationTrustPolicy} is not JSON`,
      );
    }
    notation.push({
      trustPolicy: parseNotationTrustPolicy(doc),
      trustStore: await loadTrustStore(opts.notationTrustStore),
    });
  }
  if (keys.length === 0 && !keyless && notation.length === 0) {
    throw new BulwarkError(
      'USAGE',
      'pass --key PUB (repeatable), --certificate-identity with --certificate-oidc-issuer and --trusted-root, or --notation-trust-policy with --notation-trust-store',
    );
  }
  return {
    keys,
    threshold,
    identities,
    ...(trustedRootJson ? { trustedRootJson } : {}),
    ...(notation.length ? { notation } : {}),
  };
}

/** Load a signing key; encrypted keys take their password from BULWARK_PASSWORD / COSIGN_PASSWORD or a prompt. */
export async function signingKey(path: string | undefined): Promise<SigningKey> {
  if (!path)
    throw new BulwarkError('USAGE', 'pass --key PRIVATE_KEY (create one with `bulwark key generate`)');
  const { readKeyFile, loadPrivateKey, passwordFromEnv } = await import('../signing/keys/index.js');
  const pem = await readKeyFile(path);
  let password = passwordFromEnv();
  if (password === undefined && /ENCRYPTED/.test(pem) && process.stdin.isTTY) {
    const { readHidden } = await import('./prompt.js');
    password = await readHidden(`Enter password for ${path}: `);
  }
  return loadPrivateKey(pem, password, path);
}
