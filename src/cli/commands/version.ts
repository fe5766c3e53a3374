// `bulwark version`: the tool version (and, once loaded by other commands, subcommands such as `compare`).
import type { Command } from 'commander';
import { VERSION } from '../version-info.js';
import { checkFormat, emit, json } from '../output.js';

export function register(program: Command): Command {
  const cmd = program
    .command('version')
    .description('print version information')
    .option('-f, --format <format>', 'table or json', 'table')
    .addHelpText('after', '\nExamples:\n  bulwark version\n  bulwark version --format json\n')
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
  return cmd;
}
