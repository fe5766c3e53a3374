// `bulwark config PATH...`: least-privilege checks of Dockerfiles, Kubernetes manifests, Compose
// files and OCI runtime bundles; `--pss LEVEL[:VERSION]` evaluates Kubernetes pods against the Pod
// Security Standards exactly as Pod Security Admission would.
import type { Command } from 'commander';
import { BulwarkError } from '../../core/errors.js';
import { parseSeverityList, type Severity } from '../../core/severity.js';
import { checkFormat, emit, notice } from '../output.js';
import { colorEnabled } from '../style.js';

interface Options {
  format: string;
  output?: string;
  severity?: string;
  exitCode: string;
  pss?: string;
}

const HELP = `
Inputs: files, or directories walked recursively (.git and node_modules skipped, symlinked
directories not followed). Recognised: Dockerfile, Containerfile, *.Dockerfile, Dockerfile.*
(heredocs included); YAML/JSON holding Kubernetes objects (any kind with a pod template, custom
resources included; kind: List expanded), Compose files (a top-level "services" map) and OCI runtime
config.json bundles. Other files are ignored.

Bad input: a file named on the command line that is not UTF-8, not valid YAML, over 16 MiB or an
alias bomb fails the run with one line naming the file and line (exit 4 or 8). The same problems in
a file found by walking a directory skip that file with a notice. Kubernetes objects of an unknown
kind without a pod template are skipped with a notice (exit 0).

With --pss the Kubernetes objects are evaluated only against that Pod Security Standard (findings
pss:<checkId>, e.g. pss:runAsNonRoot); an object without pss: findings is allowed at that level and
version. Without --pss the extended k8s:* rules run. Rule docs: docs/rules/.

Examples:
  bulwark config .
  bulwark config deploy/ Dockerfile --severity HIGH,CRITICAL --exit-code 1
  bulwark config --pss restricted:v1.30 k8s/deployment.yaml
  bulwark config --pss baseline --format json manifests/
  bulwark config --format sarif --output bulwark.sarif .
`;

export function register(program: Command): Command {
  return program
    .command('config')
    .description('check Dockerfiles, Kubernetes manifests, Compose files and OCI bundles for least privilege')
    .argument('<paths...>', 'files or directories')
    .option('-f, --format <format>', 'table, json or sarif', 'table')
    .option('-o, --output <file>', 'write the report to a file instead of stdout')
    .option(
      '-s, --severity <list>',
      'only report these severities (comma-separated: CRITICAL,HIGH,MEDIUM,LOW,UNKNOWN)',
    )
    .option('--exit-code <code>', 'exit with this code when findings remain after filtering', '0')
    .option(
      '--pss <level[:version]>',
      'evaluate Pod Security Standards: baseline|restricted, optional :v1.N or :latest',
    )
    .addHelpText('after', HELP)
    .action(async (paths: string[], opts: Options) => {
      const format = checkFormat(opts.format, ['table', 'json', 'sarif'] as const);
      let severities: Severity[] | undefined;
      if (opts.severity !== undefined) {
        const s = parseSeverityList(opts.severity);
        if (!s)
          throw new BulwarkError(
            'USAGE',
            `bad --severity "${opts.severity}"; use a comma-separated list of CRITICAL, HIGH, MEDIUM, LOW, UNKNOWN`,
          );
        severities = s;
      }
      const exitCode = Number(opts.exitCode);
      if (!Number.isInteger(exitCode) || exitCode < 0 || exitCode > 255) {
        throw new BulwarkError('USAGE', `bad --exit-code "${opts.exitCode}"; use an integer 0–255`);
      }
      const { parseLevelVersion } = await import('../../checks/kubernetes/pss/version.js');
      const pss = opts.pss !== undefined ? parseLevelVersion(opts.pss) : undefined;
      const { configReport } = await import('../../report/config.js');
      const { scanPaths } = await import('../../checks/config/walk.js');
      const result = await scanPaths(paths, pss ? { pss } : {});
      for (const w of result.warnings) notice(w);
      const { report, count } = configReport(paths, result, { severities, pss });
      const { getFormat } = await import('../../report/formats/api.js');
      await emit(
        await getFormat(format)!.render(report, {
          color: format === 'table' && !opts.output && colorEnabled(),
        }),
        opts.output,
      );
      if (count > 0 && exitCode !== 0) process.exitCode = exitCode;
    });
}
