// `bulwark attest --key K --type T --predicate FILE REF…`: a DSSE-signed in-toto Statement v1 about the
// image, stored as cosign's `.att` layer or (with --bundle) a sigstore bundle referrer.
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { BulwarkError } from '../../core/errors.js';
import { checkFormat, emit, json, notice } from '../output.js';
import { addRegistryOptions, type RegistryCliOptions } from '../registry-options.js';

interface AttestCliOptions extends RegistryCliOptions {
  key?: string;
  type: string;
  predicate?: string;
  bundle: boolean;
  format: string;
}

const MAX_PREDICATE_BYTES = 64 * 1024 * 1024;

async function readPredicate(path: string): Promise<unknown> {
  let text: string;
  try {
    const buf = path === '-' ? await readStdin() : await readFile(path);
    if (buf.length > MAX_PREDICATE_BYTES)
      throw new BulwarkError('LIMIT_EXCEEDED', `predicate ${path} is larger than 64 MiB`);
    text = buf.toString('utf8');
  } catch (err) {
    if (err instanceof BulwarkError) throw err;
    throw new BulwarkError('NOT_FOUND', `cannot read predicate ${path}: ${(err as Error).message}`, {
      cause: err,
    });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new BulwarkError('INVALID_INPUT', `predicate ${path} is not JSON: ${(err as Error).message}`);
  }
}

async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let n = 0;
  for await (const c of process.stdin as AsyncIterable<Buffer>) {
    n += c.length;
    if (n > MAX_PREDICATE_BYTES)
      throw new BulwarkError('LIMIT_EXCEEDED', 'predicate on stdin is larger than 64 MiB');
    chunks.push(c);
  }
  return Buffer.concat(chunks);
}

export function register(program: Command): Command {
  const cmd = program
    .command('attest')
    .description('attach a signed in-toto attestation to images in a registry (cosign-compatible)')
    .argument('<image...>', 'image references host[:port]/repo[:tag][@digest]')
    .option('--key <file>', 'private key (cosign format; password from BULWARK_PASSWORD or COSIGN_PASSWORD)')
    .option(
      '--type <type>',
      'predicate type: slsaprovenance, slsaprovenance1, cyclonedx, spdx, openvex, vuln, link, custom, or a URI',
      'custom',
    )
    .option('--predicate <file>', 'predicate JSON file (- for stdin)')
    .option('--bundle', 'store a sigstore bundle referrer instead of the .att tag', false)
    .option('-f, --format <format>', 'table or json', 'table');
  addRegistryOptions(cmd).addHelpText(
    'after',
    '\nExamples:\n  bulwark attest --key cosign.key --type slsaprovenance1 --predicate provenance.json registry.example/app:1.0\n' +
      '  bulwark attest --key cosign.key --type cyclonedx --predicate sbom.cdx.json --bundle registry.example/app@sha256:…\n' +
      '  bulwark attest --key cosign.key --type https://example.com/review/v1 --predicate - --format json 127.0.0.1:5000/app:1\n',
  );
  cmd.action(async (images: string[], opts: AttestCliOptions) => {
    const format = checkFormat(opts.format, ['table', 'json'] as const);
    if (!opts.predicate) throw new BulwarkError('USAGE', 'pass --predicate FILE (JSON)');
    const { parseImageRef, registryClient, signatureRepo } = await import('../registry-options.js');
    const { signingKey } = await import('../signing-options.js');
    const { predicateTypeUri } = await import('../../signing/intoto/predicate-types.js');
    const refs = await Promise.all(images.map(parseImageRef));
    const predicateType = predicateTypeUri(opts.type);
    const predicate = await readPredicate(opts.predicate);
    const key = await signingKey(opts.key);
    const { attestImage } = await import('../../signing/registry/sign.js');
    const client = await registryClient(opts);
    try {
      const results = [];
      for (const ref of refs) {
        const sigRepo = signatureRepo(opts, ref);
        results.push(
          await attestImage(client, ref, key, {
            predicateType,
            predicate,
            bundle: opts.bundle,
            ...(sigRepo ? { signatureRepo: sigRepo } : {}),
          }),
        );
      }
      if (format === 'json') {
        await emit(json(results));
        return;
      }
      for (const r of results) {
        notice(
          `attested ${r.reference}@${r.digest} (${r.predicateType}) with key ${r.keyId} → ${r.tag ?? r.path}`,
        );
      }
      await emit(results.map((r) => `${r.reference}@${r.digest}`).join('\n'));
    } finally {
      await client.close();
    }
  });
  return cmd;
}
