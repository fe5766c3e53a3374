import { defineRule } from '../../rule.js';
import { isPinnedByDigest } from '../../image-ref.js';
import { baseImages } from '../base-image.js';
import type { DockerfileContext } from '../context.js';

export const rule = defineRule<DockerfileContext>({
  id: 'dockerfile:base-image-not-pinned',
  family: 'dockerfile',
  refs: ['CIS-DI-0005', 'DL3006'],
  severity: 'LOW',
  title: 'Base image not pinned by digest',
  docs: {
    description:
      'A tag can be re-pushed, so the same Dockerfile can build on different base content. A digest fixes the base exactly; it is the build-time counterpart of Docker Content Trust (CIS-DI-0005). Verify signatures with `bulwark verify`.',
    remediation:
      'Pin the base: `FROM debian:12-slim@sha256:<digest>` and let a bot (Renovate, Dependabot) update it.',
  },
  check: (ctx) =>
    baseImages(ctx)
      .filter(({ ref }) => !isPinnedByDigest(ref))
      .map(({ stage }) => ({ message: `FROM ${stage.base} is not pinned by digest`, line: stage.from.line })),
  examples: {
    good: [
      'FROM debian:12-slim@sha256:ad86386827b083b3d71139050b47ffb32bbd9559ea9b1345a739b14fec2d9ecf\n',
      'FROM scratch\n',
    ],
    bad: ['FROM debian:12-slim\n'],
  },
});
