// Flags users bring from the tools Bulwark replaces (Trivy, cosign, Falco). Each one is either
// accepted with the same meaning, or refused with a line that names the Bulwark equivalent: never
// taken silently to mean something else (Falco's `-o key=value` would otherwise become an output
// file called "json_output=true").
import { Option, type Command } from 'commander';
import { BulwarkError } from '../core/errors.js';

/** cosign's `--yes` and `--tlog-upload` on sign and attest. Bulwark never uploads or asks. */
export function addCosignSignFlags(cmd: Command): Command {
  return cmd
    .addOption(new Option('-y, --yes', 'accepted for cosign compatibility (Bulwark asks nothing)'))
    .addOption(
      new Option(
        '--tlog-upload <bool>',
        'accepted for cosign compatibility: only false (Bulwark signs offline and uploads nothing)',
      ),
    );
}

export function checkTlogUpload(value: string | undefined): void {
  if (value === undefined || value === 'false') return;
  if (value === 'true') {
    throw new BulwarkError(
      'USAGE',
      'Bulwark signs offline and never uploads to a transparency log (Rekor); drop --tlog-upload or pass --tlog-upload=false',
    );
  }
  throw new BulwarkError('USAGE', `invalid --tlog-upload "${value}"; use false`);
}

/** cosign verify's `--output json|text` → Bulwark's `--format json|table`. */
export function formatFromCosignOutput(output: string | undefined, format: string): string {
  if (output === undefined) return format;
  if (output === 'json') return 'json';
  if (output === 'text') return 'table';
  throw new BulwarkError(
    'USAGE',
    `invalid --output "${output}" (cosign's json or text); or use --format json|table`,
  );
}

/**
 * Falco's `-o json_output=true` on the runtime commands, whose `-o` is Bulwark's output file.
 * Returns the format to use and the real output path (undefined when `-o` was a Falco option).
 */
export function falcoOutputOption(
  output: string | undefined,
  format: string,
): { format: string; output: string | undefined } {
  if (output === undefined) return { format, output };
  const m = /^([a-z_]+(?:\.[a-z_]+)*)=(.*)$/.exec(output);
  if (!m) return { format, output };
  const [, key, value] = m;
  if (key === 'json_output' && (value === 'true' || value === 'false')) {
    return { format: value === 'true' ? 'json' : 'text', output: undefined };
  }
  throw new BulwarkError(
    'USAGE',
    `-o ${output} looks like a Falco config option; Bulwark's -o/--output is the alerts file. ` +
      'Use --format json for json_output=true, --webhook URL for http_output, --output FILE for file_output',
  );
}
