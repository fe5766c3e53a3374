// `bulwark attest --key K --type T --predicate FILE REF…`: a DSSE-signed in-toto Statement v1 about the
// image, stored as cosign's `.att` layer or (with --bundle) a sigstore bundle referrer. With --from-scan
// the predicate (vuln, cyclonedx, spdx) comes from a Bulwark scan of the digest being attested.
import { readInputFile } from '../../core/input-file.js';
import { Option, type Command } from 'commander';
import { BulwarkError } from '../../core/errors.js';
import { checkFormat, emit, json, notice } from '../output.js';
import { addCosignSignFlags, checkTlogUpload } from '../peer-flags.js';
import type { ScanSummary } from '../attest-from-scan.js';
import { addRegistryOptions, type RegistryCliOptions } from '../registry-options.js';

interface AttestCliOptions extends RegistryCliOptions {
  key?: string;
  type: string;
  predicate?: string;
  fromScan?: boolean;
  bundle: boolean;
  format: string;
  // scan flags (--from-scan only)
  db?: string;
  offline?: boolean;
  skipDbUpdate?: boolean;
  dbMirror?: string;
  platform?: string;
  cacheDir?: string;
  cache: boolean;
}

const SCAN_FLAGS = [
  ['db', '--db'],
  ['offline', '--offline'],
  ['skipDbUpdate', '--skip-db-update'],
  ['dbMirror', '--db-mirror'],
  ['platform', '--platform'],
  ['cacheDir', '--cache-dir'],
] as const;

/** --predicate XOR --from-scan, and scan flags only with --from-scan. */
function checkPredicateSource(opts: AttestCliOptions): void {
  if (opts.fromScan && opts.predicate !== undefined) {
    throw new BulwarkError(
      'USAGE',
      '--from-scan and --predicate are mutually exclusive: either Bulwark scans the image and makes the predicate, or you pass one',
    );
  }
  if (!opts.fromScan && opts.predicate === undefined) {
    throw new BulwarkError(
      'USAGE',
      'pass --predicate FILE (JSON), or --from-scan to make a vuln, cyclonedx or spdx predicate by scanning the image',
    );
  }
  if (!opts.fromScan) {
    const used: string[] = SCAN_FLAGS.filter(([k]) => opts[k] !== undefined).map(([, f]) => f);
    if (!opts.cache) used.push('--no-cache');
    if (used.length)
      throw new BulwarkError(
        'USAGE',
        `${used.join(', ')} only appl${used.length === 1 ? 'ies' : 'y'} with --from-scan`,
      );
  }
}

const MAX_PREDICATE_BYTES = 64 * 1024 * 1024;

async function readPredicate(path: string): Promise<unknown> {
  let text: string;
  try {
    const buf =
      path === '-'
        ? await readStdin()
        : await readInputFile(path, { what: 'predicate', maxBytes: MAX_PREDICATE_BYTES });
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

function describeScan(s: ScanSummary): string {
  const manifest = s.target.endsWith(`@${s.manifestDigest}`)
    ? ''
    : ` (${s.platform ?? 'platform'} manifest ${s.manifestDigest})`;
  let vulns = '';
  if (s.scanners.includes('vuln')) {
    const bySeverity = Object.entries(s.vulnerabilities);
    const total = bySeverity.reduce((n, [, c]) => n + (c ?? 0), 0);
    vulns = `, ${total} vulnerabilities${total ? ` (${bySeverity.map(([k, c]) => `${k} ${c}`).join(', ')})` : ''}`;
  }
  return `scanned ${s.target}${manifest}: ${s.packages} packages${vulns}`;
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
    .option(
      '--from-scan',
      'make the predicate by scanning the image digest being attested (--type vuln, cyclonedx or spdx)',
    )
    .option('--bundle', 'store a sigstore bundle referrer instead of the .att tag', false)
    .option('-f, --format <format>', 'table or json', 'table')
    .option(
      '--db <path>',
      '--from-scan: vulnerability DB path (default: $BULWARK_DB or ~/.cache/bulwark/db.sqlite)',
    )
    .option('--offline', '--from-scan: no DB download (the registry is still contacted)')
    .option('--skip-db-update', '--from-scan: do not try to refresh the vulnerability DB first')
    .option('--db-mirror <url>', '--from-scan: OSV mirror for the DB refresh (default: $BULWARK_DB_MIRROR)')
    .option(
      '--platform <os/arch>',
      '--from-scan: platform to scan when the reference is a multi-platform index (required then); must match a single-platform image',
    )
    .option(
      '--cache-dir <dir>',
      '--from-scan: layer analysis cache (default: $BULWARK_CACHE_DIR or ~/.cache/bulwark)',
    )
    .addOption(new Option('--no-cache', '--from-scan: analyse every layer again, ignoring the cache'));
  addRegistryOptions(cmd).addHelpText(
    'after',
    '\nWith --from-scan the reference is resolved to a digest first and exactly that digest is scanned and\n' +
      'attested, so a tag that moves meanwhile cannot mix two images. --type vuln embeds the Bulwark JSON report\n' +
      "in cosign's vuln predicate (what a trust policy's denySeverities/maxAge read); it is refused when the DB\n" +
      'holds no data. --type cyclonedx|spdx embed the SBOM. Other types cannot come from a scan.\n' +
      '\nExamples:\n  bulwark attest --key cosign.key --type slsaprovenance1 --predicate provenance.json registry.example/app:1.0\n' +
      '  bulwark attest --key cosign.key --type cyclonedx --predicate sbom.cdx.json --bundle registry.example/app@sha256:…\n' +
      '  bulwark attest --key cosign.key --type https://example.com/review/v1 --predicate - --format json 127.0.0.1:5000/app:1\n' +
      '  bulwark attest --key cosign.key --type vuln --from-scan registry.example/app:1.0\n' +
      '  bulwark attest --key cosign.key --type cyclonedx --from-scan --platform linux/arm64 registry.example/app:1.0\n' +
      '  bulwark attest --key cosign.key --type spdx --from-scan --bundle --offline --db ./db.sqlite 127.0.0.1:5000/app:1\n',
  );
  addCosignSignFlags(cmd);
  cmd.action(async (images: string[], opts: AttestCliOptions & { tlogUpload?: string }) => {
    const format = checkFormat(opts.format, ['table', 'json'] as const);
    checkTlogUpload(opts.tlogUpload);
    checkPredicateSource(opts);
    const { parseImageRef, registryClient, registryCredentials, signatureRepo } =
      await import('../registry-options.js');
    const { signingKey } = await import('../signing-options.js');
    const { predicateTypeUri } = await import('../../signing/intoto/predicate-types.js');
    const plan = opts.fromScan
      ? (await import('../../report/from-scan.js')).fromScanPlan(opts.type)
      : undefined;
    const refs = await Promise.all(images.map(parseImageRef));
    const predicateType = plan?.predicateType ?? predicateTypeUri(opts.type);
    const predicate = opts.predicate !== undefined ? await readPredicate(opts.predicate) : undefined;
    // The key first: a wrong password should fail before a scan, not after it.
    const key = await signingKey(opts.key);
    const { attestImage } = await import('../../signing/registry/sign.js');
    const client = await registryClient(opts);
    try {
      const results = [];
      for (const ref of refs) {
        const sigRepo = signatureRepo(opts, ref);
        let target = ref;
        let made: { predicate: unknown; scan?: unknown } = { predicate };
        if (plan) {
          const { scanForAttestation } = await import('../attest-from-scan.js');
          const { createProgress } = await import('../progress.js');
          const scanned = await scanForAttestation(
            client,
            ref,
            plan,
            opts,
            registryCredentials(opts),
            await createProgress(),
          );
          target = scanned.ref;
          made = scanned;
          if (format === 'table') notice(describeScan(scanned.scan));
        }
        const r = await attestImage(client, target, key, {
          predicateType,
          predicate: made.predicate,
          bundle: opts.bundle,
          ...(sigRepo ? { signatureRepo: sigRepo } : {}),
        });
        results.push(made.scan ? { ...r, scan: made.scan } : r);
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
