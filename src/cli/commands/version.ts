// `bulwark version`: the tool version, and `bulwark version compare` to order two versions with one
// of the package version schemes (dpkg, apk, rpm, semver, pep440, maven, go).
import type { Command } from 'commander';
import { BulwarkError } from '../../core/errors.js';
import { VERSION } from '../../core/version.js';
import { checkFormat, emit, json, notice } from '../output.js';

export function register(program: Command): Command {
  const cmd = program
    .command('version')
    .description('print version information, or compare package versions (see `version compare`)')
    .option('-f, --format <format>', 'table or json', 'table')
    .addHelpText(
      'after',
      '\nExamples:\n  bulwark version\n  bulwark version --format json\n' +
        '  bulwark version compare --scheme dpkg 1:2.0-1 2.1-1\n',
    )
    .action(async (opts: { format: string }) => {
      const format = checkFormat(opts.format, ['table', 'json'] as const);
      const info = {
        version: VERSION,
        node: process.versions.node,
        platform: `${process.platform}/${process.arch}`,
      };
      await emit(
        format === 'json' ? json(info) : `Bulwark ${info.version} (node ${info.node}, ${info.platform})`,
      );
    });

  cmd
    .command('compare')
    .description(
      'compare two versions with a package version scheme; prints -1 (A<B), 0 (A=B) or 1 (A>B). ' +
        'Without A and B, reads "A<TAB>B" lines from stdin and prints one result per line ' +
        '(blank lines and lines starting with # are skipped; further columns are ignored)',
    )
    .argument('[a]', 'first version')
    .argument('[b]', 'second version')
    .requiredOption('-s, --scheme <scheme>', 'version scheme: apk, dpkg, go, maven, pep440, rpm, semver')
    .option('-f, --format <format>', 'table (plain -1/0/1) or json (one object per line)')
    .addHelpText(
      'after',
      '\nExit codes: 0 compared, 2 unknown scheme or bad arguments, 4 invalid version or line.\n' +
        '\nExamples:\n' +
        '  bulwark version compare --scheme dpkg 1.0-1 1.0-1+deb12u1      # -1\n' +
        '  bulwark version compare --scheme rpm 1:1.0-1.el9 2.0-1.el9     # 1 (epoch wins)\n' +
        '  bulwark version compare --scheme apk 1.2.3_rc1-r0 1.2.3-r0     # -1\n' +
        "  printf '1.0\\t1.0~rc1\\n' | bulwark version compare --scheme dpkg\n" +
        '  cut -f1,2 pairs.tsv | bulwark version compare --scheme rpm --format json\n',
    )
    .action(
      async (
        a: string | undefined,
        b: string | undefined,
        opts: { scheme: string; format?: string },
        self: Command,
      ) => {
        // `--format` may have been taken by the parent `version` command when given after `compare`.
        const raw =
          opts.format ??
          (self.parent?.getOptionValueSource('format') === 'cli'
            ? (self.parent.opts().format as string)
            : 'table');
        const format = checkFormat(raw, ['table', 'json'] as const);
        const { getScheme } = await import('../../versioning/api.js');
        const scheme = getScheme(opts.scheme);
        if (a !== undefined && b === undefined) {
          throw new BulwarkError(
            'USAGE',
            'give two versions A and B, or none to read "A<TAB>B" lines from stdin',
          );
        }
        const { compareStream, compareOne } = await import('./_version-compare.js');
        if (a !== undefined && b !== undefined) {
          await emit(compareOne(scheme, a, b, format));
          return;
        }
        if (process.stdin.isTTY) {
          throw new BulwarkError('USAGE', 'give two versions A and B, or pipe "A<TAB>B" lines to stdin');
        }
        await compareStream(scheme, process.stdin, format, notice);
      },
    );
  return cmd;
}
