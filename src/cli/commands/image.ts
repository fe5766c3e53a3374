// `bulwark image TARGET`: scan a container image. Parsing and printing only; the work is in scan/.
import { Command, Option } from 'commander';
import { BulwarkError, EXIT_CODES } from '../../core/errors.js';
import { parseSeverityList, SEVERITIES } from '../../core/severity.js';
import { emit, notice } from '../output.js';

const SCANNERS = ['vuln', 'misconfig', 'secret'] as const;

interface ImageOpts {
  format: string;
  output?: string;
  severity: string;
  exitCode: string;
  ignoreUnfixed?: boolean;
  scanners: string;
  db?: string;
  offline?: boolean;
  skipDbUpdate?: boolean;
  dbMirror?: string;
  platform?: string;
  insecure?: boolean;
  registryUsername?: string;
  registryPassword?: string;
  cacheDir?: string;
  cache: boolean;
  /** Trivy's flags: --no-progress, --input FILE, --list-all-pkgs. */
  progress: boolean;
  input?: string;
  listAllPkgs?: boolean;
}

export function register(program: Command): Command {
  return program
    .command('image')
    .description(
      'scan a container image for vulnerable OS packages (and, with --scanners, misconfigurations and secrets)',
    )
    .argument(
      '[target]',
      'image: a docker-archive/oci-archive tar, an OCI layout dir, docker-archive:|oci:DIR[:tag]|oci-archive:|rootfs:DIR|docker:// prefixes, or a registry reference host[:port]/repo[:tag|@digest]',
    )
    .option(
      '-f, --format <format>',
      'output format: table, json, sarif, cyclonedx[@1.5|1.6|1.7] (SBOM + vulnerabilities), spdx-json (SPDX 2.3 SBOM), cosign-vuln (attestation predicate)',
      'table',
    )
    .option('-o, --output <file>', 'write the report to a file instead of stdout')
    .option(
      '-s, --severity <list>',
      `severities to report (comma-separated: ${SEVERITIES.join(',')})`,
      SEVERITIES.join(','),
    )
    .option('--exit-code <code>', 'exit with this code when findings remain after filtering', '0')
    .option('--ignore-unfixed', 'hide vulnerabilities that have no fixed version yet')
    .option('--scanners <list>', `what to look for (comma-separated: ${SCANNERS.join(',')})`, 'vuln')
    .option('--db <path>', 'vulnerability DB path (default: $BULWARK_DB or ~/.cache/bulwark/db.sqlite)')
    .option('--offline', 'contact nothing but the image source: no DB download')
    .option('--skip-db-update', 'do not try to refresh the vulnerability DB before scanning')
    .option(
      '--db-mirror <url>',
      'OSV mirror for the DB refresh (default: $BULWARK_DB_MIRROR or the public OSV bucket)',
    )
    .option('--platform <os/arch>', 'platform to pick from a multi-platform image (default linux/amd64)')
    .option('--insecure', 'allow plain HTTP and unverified TLS for registries not on loopback')
    .option('--registry-username <user>', 'registry user (default: Docker config / credential helpers)')
    .option('--registry-password <password>', 'registry password (prefer BULWARK_REGISTRY_PASSWORD)')
    .option('--cache-dir <dir>', 'layer analysis cache (default: $BULWARK_CACHE_DIR or ~/.cache/bulwark)')
    .addOption(new Option('--no-cache', 'analyse every layer again, ignoring and not writing the cache'))
    .option('--no-progress', 'no progress bar (it is shown only on a terminal anyway), as in Trivy')
    .option('--input <file>', "an image archive to scan, as Trivy's --input (same as giving it as TARGET)")
    .option('--list-all-pkgs', 'accepted for Trivy compatibility: reports always list every package')
    .addHelpText(
      'after',
      `
Examples:
  bulwark image alpine.tar                          # docker save output, gzipped or not
  bulwark image oci:./layout:v1.2 --platform linux/arm64
  bulwark image 127.0.0.1:5000/app@sha256:… --format json -o report.json
  bulwark image registry.example.com/app:1.0 --severity CRITICAL,HIGH --exit-code 1 --ignore-unfixed
  bulwark image rootfs:/mnt/root --offline
  bulwark image app.tar --format cyclonedx -o sbom.cdx.json       # CycloneDX 1.6 SBOM with vulnerabilities
  bulwark image app.tar --format cyclonedx@1.5 --scanners vuln     # for tools that read CycloneDX 1.5
  bulwark image app.tar --format spdx-json -o sbom.spdx.json       # SPDX 2.3
  SOURCE_DATE_EPOCH=$(git log -1 --format=%ct) bulwark image app.tar --format spdx-json   # reproducible bytes
  bulwark image reg/app@sha256:… --format cosign-vuln -o vuln.json  # then: bulwark attest --type vuln --predicate vuln.json`,
    )
    .action(async (given: string | undefined, opts: ImageOpts) => {
      if (given !== undefined && opts.input !== undefined)
        throw new BulwarkError('USAGE', 'give the image either as TARGET or with --input, not both');
      const target = given ?? opts.input;
      if (target === undefined)
        throw new BulwarkError('USAGE', "missing required argument 'target' (an image, or --input FILE)");
      const severities = parseSeverityList(opts.severity);
      if (!severities)
        throw new BulwarkError('USAGE', `invalid --severity "${opts.severity}"; use ${SEVERITIES.join(',')}`);
      const exitCode = Number(opts.exitCode);
      if (!Number.isInteger(exitCode) || exitCode < 0 || exitCode > 255) {
        throw new BulwarkError('USAGE', `invalid --exit-code "${opts.exitCode}"; use an integer 0-255`);
      }
      const scanners = opts.scanners
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      const unknown = scanners.filter((s) => !(SCANNERS as readonly string[]).includes(s));
      if (unknown.length || !scanners.length) {
        throw new BulwarkError('USAGE', `unknown scanner "${unknown.join(',')}"; use ${SCANNERS.join(',')}`);
      }
      const username = opts.registryUsername ?? process.env.BULWARK_REGISTRY_USERNAME;
      const password = opts.registryPassword ?? process.env.BULWARK_REGISTRY_PASSWORD;
      if ((username === undefined) !== (password === undefined)) {
        throw new BulwarkError('USAGE', 'pass both --registry-username and --registry-password (or neither)');
      }
      const { getFormat, formatChoices } = await import('../../report/formats/api.js');
      const format = getFormat(opts.format);
      if (!format)
        throw new BulwarkError('USAGE', `unknown --format "${opts.format}"; use one of: ${formatChoices()}`);

      const { scanImage } = await import('../../scan/image.js');
      const { filterReport, findingCount } = await import('../../scan/filter.js');
      const { createProgress } = await import('../progress.js');
      const { colorEnabled } = await import('../style.js');
      // --no-progress turns it off; otherwise createProgress decides (a terminal, not CI).
      const progress = await createProgress(opts.progress ? undefined : false);
      let report;
      try {
        report = await scanImage({
          target,
          scanners: scanners as (typeof SCANNERS)[number][],
          platform: opts.platform,
          insecure: opts.insecure,
          ...(username !== undefined && password !== undefined
            ? { credentials: { username, password } }
            : {}),
          db: opts.db,
          offline: opts.offline,
          skipDbUpdate: opts.skipDbUpdate,
          dbMirror: opts.dbMirror,
          cacheDir: opts.cache ? opts.cacheDir : null,
          onWarning: notice,
          onLayers: (n) => progress.start(n, 'Analysing layers'),
          onLayerDone: () => progress.increment(),
        });
      } finally {
        progress.stop();
      }
      const shown = filterReport(report, { severities, ignoreUnfixed: opts.ignoreUnfixed });
      const toFile = Boolean(opts.output && opts.output !== '-');
      await emit(await format.render(shown, { color: !toFile && colorEnabled() }), opts.output);
      // Fail closed: a gate cannot pass on packages that could not be matched (missing data, an
      // unsupported OS). That is exit 15 (vulnerability DB error), before any finding count.
      if (exitCode && shown.dataGaps?.length) process.exitCode = EXIT_CODES.DB_ERROR;
      else if (exitCode && findingCount(shown) > 0) process.exitCode = exitCode;
    });
}
