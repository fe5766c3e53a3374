import { defineRule } from '../../rule.js';
import { byKeyword, type DockerfileContext } from '../context.js';
import { shellWords } from '../parse.js';

export const rule = defineRule<DockerfileContext>({
  id: 'dockerfile:port-range',
  family: 'dockerfile',
  refs: ['DL3011', 'DS-0008'],
  severity: 'MEDIUM',
  title: 'Exposed port out of range',
  docs: {
    description: 'UNIX ports are 0–65535; a larger number is a typo the build accepts silently.',
    remediation: 'Fix the port number in EXPOSE.',
  },
  check: (ctx) =>
    byKeyword(ctx, 'EXPOSE').flatMap(({ ins }) =>
      shellWords(ins.args)
        .filter((p) => !p.includes('$'))
        .flatMap((p) => p.replace(/\/(tcp|udp|sctp)$/i, '').split('-'))
        .filter((n) => !/^\d+$/.test(n) || Number(n) > 65535)
        .map((n) => ({ message: `EXPOSE ${n} is not a port in 0–65535`, line: ins.line })),
    ),
  examples: {
    good: ['FROM alpine:3.20\nEXPOSE 8080/tcp 9000-9010\n'],
    bad: ['FROM alpine:3.20\nEXPOSE 80800\n'],
  },
});
