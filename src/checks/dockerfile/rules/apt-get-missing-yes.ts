import { defineRule } from '../../rule.js';
import { byKeyword, type DockerfileContext } from '../context.js';
import { hasOption, isSubcommand, runCommands } from '../shell.js';

export const rule = defineRule<DockerfileContext>({
  id: 'dockerfile:apt-get-missing-yes',
  family: 'dockerfile',
  refs: ['DL3014', 'DS-0021'],
  severity: 'LOW',
  title: "'apt-get install' without -y",
  docs: {
    description:
      'Without -y, apt-get waits for a confirmation that never comes and the build fails or hangs.',
    remediation: 'Use `apt-get install -y` (or `--yes`, `--assume-yes`).',
  },
  check: (ctx) =>
    byKeyword(ctx, 'RUN').flatMap(({ ins }) =>
      runCommands(ins).some(
        (c) =>
          isSubcommand(c, ['apt-get'], ['install']) &&
          !hasOption(c, '-y', '--yes', '--assume-yes', '-q', '-qq', '--quiet'),
      )
        ? [{ message: 'apt-get install without -y', line: ins.line }]
        : [],
    ),
  examples: {
    good: ['FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl\n'],
    bad: ['FROM debian:12\nRUN apt-get update && apt-get install curl\n'],
  },
});
