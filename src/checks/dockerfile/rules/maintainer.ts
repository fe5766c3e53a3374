import { defineRule } from '../../rule.js';
import { byKeyword, type DockerfileContext } from '../context.js';

export const rule = defineRule<DockerfileContext>({
  id: 'dockerfile:maintainer',
  family: 'dockerfile',
  refs: ['DL4000', 'DS-0022', 'CKV_DOCKER_6'],
  severity: 'LOW',
  title: 'Deprecated MAINTAINER',
  docs: {
    description: 'MAINTAINER is deprecated since Docker 1.13.',
    remediation: 'Use `LABEL org.opencontainers.image.authors="…"`.',
  },
  check: (ctx) =>
    byKeyword(ctx, 'MAINTAINER').map(({ ins }) => ({ message: 'MAINTAINER is deprecated', line: ins.line })),
  examples: {
    good: ['FROM alpine:3.20\nLABEL org.opencontainers.image.authors="ops@example.com"\n'],
    bad: ['FROM alpine:3.20\nMAINTAINER ops@example.com\n'],
  },
});
