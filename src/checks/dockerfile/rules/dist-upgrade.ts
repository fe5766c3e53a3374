import { defineRule } from '../../rule.js';
import { byKeyword, type DockerfileContext } from '../context.js';
import { isSubcommand, runCommands } from '../shell.js';

export const rule = defineRule<DockerfileContext>({
  id: 'dockerfile:dist-upgrade',
  family: 'dockerfile',
  refs: ['DS-0024', 'DKL-DI-0003'],
  severity: 'MEDIUM',
  title: 'apt-get dist-upgrade',
  docs: {
    description:
      'dist-upgrade may replace core packages and change the release inside the image; rebuild from a newer base instead.',
    remediation:
      'Remove `apt-get dist-upgrade`; use a current base image (and `apt-get upgrade` only for security fixes if you must).',
  },
  check: (ctx) =>
    byKeyword(ctx, 'RUN').flatMap(({ ins }) =>
      runCommands(ins).some((c) => isSubcommand(c, ['apt-get', 'apt'], ['dist-upgrade', 'full-upgrade']))
        ? [{ message: 'RUN uses apt-get dist-upgrade', line: ins.line }]
        : [],
    ),
  examples: {
    good: ['FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl\n'],
    bad: ['FROM debian:12\nRUN apt-get update && apt-get dist-upgrade -y\n'],
  },
});
