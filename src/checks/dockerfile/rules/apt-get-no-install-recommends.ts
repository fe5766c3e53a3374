import { defineRule } from '../../rule.js';
import { byKeyword, type DockerfileContext } from '../context.js';
import { hasOption, isSubcommand, runCommands } from '../shell.js';

export const rule = defineRule<DockerfileContext>({
  id: 'dockerfile:apt-get-no-install-recommends',
  family: 'dockerfile',
  refs: ['DL3015', 'DS-0029'],
  severity: 'LOW',
  title: "'apt-get install' without --no-install-recommends",
  docs: {
    description: 'Recommended packages often double the installed set: more code, more CVEs.',
    remediation: 'Use `apt-get install -y --no-install-recommends …`.',
  },
  check: (ctx) =>
    byKeyword(ctx, 'RUN').flatMap(({ ins }) =>
      runCommands(ins).some(
        (c) =>
          isSubcommand(c, ['apt-get'], ['install']) &&
          !hasOption(c, '--no-install-recommends') &&
          !c.some((w) => w.includes('Install-Recommends=false')),
      )
        ? [{ message: 'apt-get install without --no-install-recommends', line: ins.line }]
        : [],
    ),
  examples: {
    good: ['FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl\n'],
    bad: ['FROM debian:12\nRUN apt-get update && apt-get install -y curl\n'],
  },
});
