// `bulwark verify-attestation --type T REF…`: verify in-toto attestations (cosign .att, bundle referrers).
import type { Command } from 'commander';
import { addRegistryOptions } from '../registry-options.js';
import { addTrustOptions } from '../signing-options.js';
import { runVerify, type VerifyCliOptions } from './_verify-run.js';

export function register(program: Command): Command {
  const cmd = program
    .command('verify-attestation')
    .description('verify signed in-toto attestations of images in a registry')
    .argument('<image...>', 'image references host[:port]/repo[:tag][@digest]')
    .option(
      '--type <type>',
      'required predicate type (slsaprovenance, cyclonedx, spdx, openvex, vuln, custom, or a URI); default any',
    )
    .option('-f, --format <format>', 'table or json (json includes the verified statements)', 'table')
    .option('--output <format>', "cosign's output format: json or text (same as --format json|table)");
  addTrustOptions(cmd);
  addRegistryOptions(cmd).addHelpText(
    'after',
    '\nThe statement subject must be the image digest. Exit codes as for `bulwark verify`; 20 also when no\n' +
      'attestation of the requested type exists.\n' +
      '\nExamples:\n  bulwark verify-attestation --key cosign.pub --type slsaprovenance registry.example/app:1.0\n' +
      '  bulwark verify-attestation --key cosign.pub --type cyclonedx --format json registry.example/app@sha256:…\n',
  );
  cmd.action((images: string[], opts: VerifyCliOptions) => runVerify(images, opts, 'attestation'));
  return cmd;
}
