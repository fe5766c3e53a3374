// `bulwark verify REF…`: verify image signatures in the registry, offline for keys and keyless
// (cosign-compatible flags). Reports which discovery path found what; never falls back silently.
import type { Command } from 'commander';
import { addRegistryOptions } from '../registry-options.js';
import { addTrustOptions } from '../signing-options.js';
import { runVerify, type VerifyCliOptions } from './_verify-run.js';

export function register(program: Command): Command {
  const cmd = program
    .command('verify')
    .description('verify image signatures in a registry (cosign .sig, sigstore bundle referrers)')
    .argument('<image...>', 'image references host[:port]/repo[:tag][@digest]')
    .option('--policy <file>', 'trust policy (YAML): per-image signers, threshold and required attestations')
    .option('-f, --format <format>', 'table or json', 'table')
    .option('--output <format>', "cosign's output format: json or text (same as --format json|table)");
  addTrustOptions(cmd);
  addRegistryOptions(cmd).addHelpText(
    'after',
    '\nChecks, in order and failing closed: resolve to digest, discover (.sig tag, referrers API or\n' +
      'sha256-<hex> tag index), fetch by digest, digests, signature, signer/threshold.\n' +
      'Exit codes: 20 unsigned, 21 bad signature, 22 untrusted signer or threshold not met,\n' +
      '9 digest mismatch (tampered content, or a signature of another image), 5 truncated signature,\n' +
      '12 registry unreachable, 13 registry authentication.\n' +
      '\nExamples:\n  bulwark verify --key cosign.pub registry.example/app:1.0\n' +
      '  bulwark verify --key alice.pub --key bob.pub --threshold 2 registry.example/app@sha256:…\n' +
      '  bulwark verify --policy trust-policy.yaml registry.example/app:1.0\n' +
      '  bulwark verify --certificate-identity dev@example.com --certificate-oidc-issuer https://github.com/login/oauth \\\n' +
      '      --trusted-root trusted_root.json --format json registry.example/app:1.0\n',
  );
  cmd.action((images: string[], opts: VerifyCliOptions) => runVerify(images, opts, 'signature'));
  return cmd;
}
