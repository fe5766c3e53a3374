import { defineRule } from '../../rule.js';
import { byKeyword, type DockerfileContext } from '../context.js';

export const rule = defineRule<DockerfileContext>({
  id: 'dockerfile:workdir-relative',
  family: 'dockerfile',
  refs: ['DL3000', 'DS-0009', 'CKV_DOCKER_10'],
  severity: 'LOW',
  title: 'WORKDIR is not absolute',
  docs: {
    description:
      'A relative WORKDIR depends on every earlier WORKDIR, so moving lines changes where files land.',
    remediation: 'Use an absolute path: `WORKDIR /app`.',
  },
  check: (ctx) =>
    byKeyword(ctx, 'WORKDIR').flatMap(({ ins }) => {
      const dir = ins.args.trim().replace(/^["']|["']$/g, '');
      return dir.startsWith('/') || dir.startsWith('$') || /^[A-Za-z]:[\\/]/.test(dir)
        ? []
        : [{ message: `WORKDIR ${dir} is relative`, line: ins.line }];
    }),
  examples: { good: ['FROM alpine:3.20\nWORKDIR /app\n'], bad: ['FROM alpine:3.20\nWORKDIR app\n'] },
});
