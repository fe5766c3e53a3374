// Program assembly and error mapping: commander wiring only. Heavy modules load inside the command that needs them,
// so `bulwark --help` and `bulwark version` start fast.
import { Command, CommanderError } from 'commander';
import { EXIT_CODES, isBulwarkError, oneLine } from '../core/errors.js';
import { commands } from './commands/api.js';
import { VERSION } from '../core/version.js';

export function buildProgram(): Command {
  const program = new Command('bulwark')
    .description('Container security across the lifecycle: scan, sign, verify, admit, detect.')
    .version(VERSION, '-v, --version', 'print the Bulwark version')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      // Commander's own errors (unknown flag, missing argument) are printed by our handler as one line.
      outputError: () => {},
    });
  for (const register of Object.values(commands)) register(program);
  // Subcommands inherit exitOverride/configureOutput only when set before they are added; set them on all.
  const harden = (cmd: Command): void => {
    cmd.exitOverride().configureOutput({ outputError: () => {} });
    cmd.commands.forEach(harden);
  };
  program.commands.forEach(harden);
  return program;
}

/** Map any error to a one-line message and an exit code. Stack traces only with BULWARK_DEBUG=1. */
export function reportError(err: unknown): number {
  if (err instanceof CommanderError) {
    if (
      err.code === 'commander.helpDisplayed' ||
      err.code === 'commander.version' ||
      err.code === 'commander.help'
    ) {
      return 0;
    }
    const msg = err.message.replace(/^error:\s*/i, '');
    process.stderr.write(`bulwark: ${oneLine(msg)} (see --help)\n`);
    // An unknown command: show what the commands are (on stderr, so stdout stays clean for pipes).
    if (err.code === 'commander.unknownCommand')
      process.stderr.write(`\n${buildProgram().helpInformation()}`);
    return EXIT_CODES.USAGE;
  }
  if (isBulwarkError(err)) {
    process.stderr.write(`bulwark: ${oneLine(err.message)}\n`);
    if (process.env.BULWARK_DEBUG) process.stderr.write(`${err.stack}\n`);
    return err.exitCode;
  }
  process.stderr.write(
    `bulwark: internal error: ${oneLine(err)} (this is a bug; rerun with BULWARK_DEBUG=1 and report it)\n`,
  );
  if (process.env.BULWARK_DEBUG && err instanceof Error) process.stderr.write(`${err.stack}\n`);
  return EXIT_CODES.INTERNAL;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    return reportError(err);
  }
}
