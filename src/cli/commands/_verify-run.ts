// The shared body of `verify` and `verify-attestation`: verify each image, print a report, and exit with
// the first failure's code (after reporting every image).
import { formatFromCosignOutput } from '../peer-flags.js';
import { BulwarkError, isBulwarkError } from '../../core/errors.js';
import { checkFormat, emit, json, notice } from '../output.js';
import type { RegistryCliOptions } from '../registry-options.js';
import type { TrustCliOptions } from '../signing-options.js';
import type { VerificationReport, VerifyMode } from '../../signing/verify/types.js';

export interface VerifyCliOptions extends RegistryCliOptions, TrustCliOptions {
  type?: string;
  policy?: string;
  format: string;
  /** cosign's `--output json|text`. */
  output?: string;
}

function describe(r: VerificationReport): string[] {
  const lines = [`${r.reference}@${r.digest}`];
  for (const d of r.discovery) {
    const where = `${d.path}${d.tag ? ` ${d.tag}` : ''}`;
    lines.push(
      `  ${where}: ${d.error ? `error ${d.error.code}: ${d.error.message}` : d.absent ? 'none' : `${d.found} found`}`,
    );
  }
  for (const v of r.verified) {
    const who =
      v.signer.kind === 'key'
        ? `key ${v.signer.keyId}`
        : v.signer.kind === 'keyless'
          ? `${v.signer.subject} (${v.signer.issuer})`
          : v.signer.subject;
    lines.push(`  verified ${v.kind}${v.predicateType ? ` ${v.predicateType}` : ''} by ${who} (${v.path})`);
  }
  for (const x of r.rejected) lines.push(`  rejected ${x.kind} (${x.path}): ${x.code} ${x.reason}`);
  return lines;
}

export async function runVerify(images: string[], opts: VerifyCliOptions, mode: VerifyMode): Promise<void> {
  const format = checkFormat(formatFromCosignOutput(opts.output, opts.format), ['table', 'json'] as const);
  if (opts.policy) return runPolicy(images, opts, format);
  const { parseImageRef, registryClient, signatureRepo } = await import('../registry-options.js');
  const { trustFrom } = await import('../signing-options.js');
  const refs = await Promise.all(images.map(parseImageRef));
  const trust = await trustFrom(opts);
  let predicateType: string | undefined;
  if (mode === 'attestation' && opts.type) {
    const { predicateTypeUri } = await import('../../signing/intoto/predicate-types.js');
    predicateTypeUri(opts.type); // validates the name
    predicateType = opts.type;
  }
  const { verifyImage } = await import('../../signing/verify/pipeline.js');
  const { VerificationFailure } = await import('../../signing/verify/decide.js');
  const { VerificationCache } = await import('../../signing/verify/cache.js');
  const cache = new VerificationCache();
  const client = await registryClient(opts);
  const reports: (VerificationReport & { error?: { code: string; message: string } })[] = [];
  let first: BulwarkError | undefined;
  try {
    for (const ref of refs) {
      const sigRepo = signatureRepo(opts, ref);
      try {
        reports.push(
          await verifyImage(client, ref, trust, {
            mode,
            ...(predicateType ? { predicateType } : {}),
            ...(sigRepo ? { signatureRepo: sigRepo } : {}),
            cache,
          }),
        );
      } catch (err) {
        if (!isBulwarkError(err)) throw err;
        first ??= err;
        if (err instanceof VerificationFailure)
          reports.push({ ...err.report, error: { code: err.code, message: err.message } });
        else if (refs.length > 1) notice(err.message);
      }
    }
  } finally {
    await client.close();
  }
  if (format === 'json') {
    if (reports.length) await emit(json(reports));
  } else {
    for (const r of reports) process.stderr.write(`${describe(r).join('\n')}\n`);
    const ok = reports.filter((r) => !r.error);
    if (ok.length)
      await emit(
        ok.map((r) => `Verified OK: ${r.reference}@${r.digest} (${r.signers.length} signer(s))`).join('\n'),
      );
  }
  if (first) throw first;
}

/** `bulwark verify --policy FILE`: the policy names the signers; evaluate it per image. */
async function runPolicy(images: string[], opts: VerifyCliOptions, format: 'table' | 'json'): Promise<void> {
  if (
    opts.key?.length ||
    opts.certificateIdentity ||
    opts.certificateIdentityRegexp ||
    opts.notationTrustPolicy
  ) {
    throw new BulwarkError(
      'USAGE',
      '--policy names the signers itself; do not combine it with --key or identity flags',
    );
  }
  const { parseImageRef, registryClient, signatureRepo } = await import('../registry-options.js');
  const { loadTrustPolicy } = await import('../../policy/trust/resolve.js');
  const { verifyWithPolicy, PolicyFailure } = await import('../../policy/verify-image.js');
  const { VerificationCache } = await import('../../signing/verify/cache.js');
  const refs = await Promise.all(images.map(parseImageRef));
  const policy = await loadTrustPolicy(opts.policy!);
  const cache = new VerificationCache();
  const client = await registryClient(opts);
  const results: unknown[] = [];
  let first: BulwarkError | undefined;
  try {
    for (const ref of refs) {
      const sigRepo = signatureRepo(opts, ref);
      try {
        const r = await verifyWithPolicy(client, ref, policy, {
          cache,
          ...(sigRepo ? { signatureRepo: sigRepo } : {}),
        });
        results.push(r);
        if (format === 'table')
          process.stderr.write(`${r.image}: allowed\n  ${r.decision.reasons.join('\n  ')}\n`);
      } catch (err) {
        if (!isBulwarkError(err)) throw err;
        first ??= err;
        if (err instanceof PolicyFailure) {
          results.push({ ...err.result, error: { code: err.code, message: err.message } });
          if (format === 'table')
            process.stderr.write(
              `${err.result.image}: denied\n  ${err.result.decision.reasons.join('\n  ')}\n`,
            );
        } else if (refs.length > 1) notice(err.message);
      }
    }
  } finally {
    await client.close();
  }
  if (format === 'json' && results.length) await emit(json(results));
  if (first) throw first;
}
