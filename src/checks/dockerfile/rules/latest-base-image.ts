import { defineRule } from '../../rule.js';
import { isPinnedByDigest } from '../../image-ref.js';
import { baseImages } from '../base-image.js';
import type { DockerfileContext } from '../context.js';

export const rule = defineRule<DockerfileContext>({
  id: 'dockerfile:latest-base-image',
  family: 'dockerfile',
  refs: ['DL3007', 'DS-0001', 'CKV_DOCKER_7', 'DKL-DI-0006'],
  severity: 'MEDIUM',
  title: 'Base image uses :latest',
  docs: {
    description:
      'FROM …:latest builds from whatever was pushed last; builds are not reproducible and can silently change distribution.',
    remediation: 'Use a version tag (and a digest): `FROM debian:12.7-slim@sha256:…`.',
  },
  check: (ctx) =>
    baseImages(ctx)
      .filter(({ ref }) => ref.tag === 'latest' && !isPinnedByDigest(ref))
      .map(({ stage }) => ({ message: `FROM ${stage.base} uses the latest tag`, line: stage.from.line })),
  examples: { good: ['FROM debian:12-slim\n'], bad: ['FROM debian:latest\n'] },
});
