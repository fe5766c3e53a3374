import { defineRule } from '../../rule.js';
import { exampleImage, type ImageContext } from '../context.js';
import { programsOnPath } from '../path.js';

export const SHELLS = ['sh', 'bash', 'ash', 'dash', 'zsh', 'busybox'];

export const rule = defineRule<ImageContext>({
  id: 'image:shell-present',
  family: 'image',
  refs: ['DKL-DI-0006'],
  severity: 'LOW',
  title: 'Shell in the image',
  docs: {
    description:
      'A shell lets an attacker who gets code execution run arbitrary commands; distroless and scratch images ship none.',
    remediation: 'Use a distroless or scratch final stage for compiled applications (multi-stage build).',
  },
  check: (ctx) => programsOnPath(ctx, SHELLS, 'shell'),
  examples: {
    good: [exampleImage()],
    bad: [
      exampleImage((c) =>
        c.files.push({ path: 'bin/sh', type: 'file', mode: 0o755, uid: 0, gid: 0, size: 100 }),
      ),
    ],
  },
});
