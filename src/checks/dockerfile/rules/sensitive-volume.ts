import { defineRule } from '../../rule.js';
import { byKeyword, type DockerfileContext } from '../context.js';
import { shellWords } from '../parse.js';

const SENSITIVE = [
  '/',
  '/proc',
  '/sys',
  '/dev',
  '/etc',
  '/boot',
  '/root',
  '/var/run',
  '/run',
  '/var/run/docker.sock',
  '/lib/modules',
];

export const rule = defineRule<DockerfileContext>({
  id: 'dockerfile:sensitive-volume',
  family: 'dockerfile',
  refs: ['DKL-DI-0002'],
  severity: 'MEDIUM',
  title: 'VOLUME on a sensitive system directory',
  docs: {
    description:
      'A VOLUME on /sys, /proc, /dev, /etc and similar invites bind-mounting host directories there at run time.',
    remediation: 'Declare volumes only for application data directories (e.g. /var/lib/app).',
  },
  check: (ctx) =>
    byKeyword(ctx, 'VOLUME').flatMap(({ ins }) =>
      (ins.json ?? shellWords(ins.args))
        .map((v) => v.replace(/\/+$/, '') || '/')
        .filter((v) => SENSITIVE.includes(v))
        .map((v) => ({ message: `VOLUME ${v} is a system directory`, line: ins.line })),
    ),
  examples: {
    good: ['FROM alpine:3.20\nVOLUME /var/lib/app\n'],
    bad: ['FROM alpine:3.20\nVOLUME ["/sys"]\n'],
  },
});
