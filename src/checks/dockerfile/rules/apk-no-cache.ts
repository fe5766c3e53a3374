import { defineRule } from '../../rule.js';
import { byKeyword, type DockerfileContext } from '../context.js';
import { hasOption, isSubcommand, runCommands } from '../shell.js';

export const rule = defineRule<DockerfileContext>({
  id: 'dockerfile:apk-no-cache',
  family: 'dockerfile',
  refs: ['DS-0025', 'DKL-DI-0004', 'DL3019'],
  severity: 'LOW',
  title: "'apk add' without --no-cache",
  docs: {
    description: 'Without --no-cache, apk keeps its index in /var/cache/apk in the layer.',
    remediation: 'Use `apk add --no-cache <packages>`.',
  },
  check: (ctx) =>
    byKeyword(ctx, 'RUN').flatMap(({ ins }) =>
      runCommands(ins).some((c) => isSubcommand(c, ['apk'], ['add']) && !hasOption(c, '--no-cache')) &&
      !(ins.flags.mount ?? []).some((m) => m.includes('type=cache') && m.includes('/var/cache/apk'))
        ? [{ message: 'apk add without --no-cache', line: ins.line }]
        : [],
    ),
  examples: {
    good: ['FROM alpine:3.20\nRUN apk add --no-cache curl\n'],
    bad: ['FROM alpine:3.20\nRUN apk update && apk add curl\n'],
  },
});
