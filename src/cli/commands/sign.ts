// `bulwark sign --key K REF…`: cosign-compatible image signatures in the registry (`.sig` tag, or a
// sigstore bundle referrer with --bundle). The reference is resolved to a digest first.
import type { Command } from 'commander';
import { BulwarkError } from '../../core/errors.js';
import { checkFormat, emit, json, notice } from '../output.js';
import { addCosignSignFlags, checkTlogUpload } from '../peer-flags.js';
import { addRegistryOptions, type RegistryCliOptions } from '../registry-options.js';

interface SignCliOptions extends RegistryCliOptions {
  key?: string;
  bundle: boolean;
  annotations: string[];
  format: string;
  tlogUpload?: string;
}

function parseAnnotations(list: string[]): Record<string, string> | undefined {
  if (!list.length) return undefined;
  const out: Record<string, string> = {};
  for (const a of list) {
    const eq = a.indexOf('=');
    if (eq <= 0) throw new BulwarkError('USAGE', `annotation "${a}" must be key=value`);
    out[a.slice(0, eq)] = a.slice(eq + 1);
  }
  return out;
}

export function register(program: Command): Command {
  const cmd = program
    .command('sign')
    .description('sign images in a registry (cosign-compatible)')
    .argument('<image...>', 'image references host[:port]/repo[:tag][@digest]')
    .option('--key <file>', 'private key (cosign format; password from BULWARK_PASSWORD or COSIGN_PASSWORD)')
    .option(
      '--bundle',
      "store a sigstore bundle as an OCI referrer (cosign v3's format) instead of the .sig tag",
      false,
    )
    .option(
      '-a, --annotations <key=value>',
      'claim added to the signed payload (repeatable)',
      (v: string, p: string[]) => [...p, v],
      [],
    )
    .option('-f, --format <format>', 'table or json', 'table');
  addCosignSignFlags(cmd);
  addRegistryOptions(cmd).addHelpText(
    'after',
    '\nWrites where `cosign verify` looks: the sha256-<hex>.sig tag (many signers append to one manifest;\n' +
      'concurrent signers converge without losing signatures), or with --bundle an OCI 1.1 referrer\n' +
      '(sha256-<hex> tag index on registries without the referrers API).\n' +
      '\nExamples:\n  BULWARK_PASSWORD=… bulwark sign --key cosign.key registry.example/app:1.0\n' +
      '  bulwark sign --key release.key --bundle registry.example/app@sha256:…\n' +
      '  bulwark sign --key ci.key -a git_sha=abc123 --format json 127.0.0.1:5000/app:latest\n',
  );
  cmd.action(async (images: string[], opts: SignCliOptions) => {
    const format = checkFormat(opts.format, ['table', 'json'] as const);
    checkTlogUpload(opts.tlogUpload);
    const { parseImageRef, registryClient, signatureRepo } = await import('../registry-options.js');
    const { signingKey } = await import('../signing-options.js');
    const refs = await Promise.all(images.map(parseImageRef));
    const annotations = parseAnnotations(opts.annotations);
    if (annotations && opts.bundle)
      throw new BulwarkError('USAGE', '--annotations applies to .sig signatures, not --bundle');
    const key = await signingKey(opts.key);
    const { signImage } = await import('../../signing/registry/sign.js');
    const client = await registryClient(opts);
    try {
      const results = [];
      for (const ref of refs) {
        const sigRepo = signatureRepo(opts, ref);
        results.push(
          await signImage(client, ref, key, {
            bundle: opts.bundle,
            ...(annotations ? { annotations } : {}),
            ...(sigRepo ? { signatureRepo: sigRepo } : {}),
          }),
        );
      }
      if (format === 'json') {
        await emit(json(results));
        return;
      }
      for (const r of results) {
        const where =
          r.path === 'cosign-tag'
            ? `tag ${r.tag}`
            : r.path === 'referrers-api'
              ? 'referrer (referrers API)'
              : `referrer (tag index ${r.tag})`;
        notice(
          `${r.alreadyPresent ? 'already signed' : 'signed'} ${r.reference}@${r.digest} with key ${r.keyId} → ${where}`,
        );
      }
      await emit(results.map((r) => `${r.reference}@${r.digest}`).join('\n'));
    } finally {
      await client.close();
    }
  });
  return cmd;
}
