import { defineRule } from '../../rule.js';
import { exampleImage, type ImageContext } from '../context.js';
import { pathDirs } from './world-writable-path.js';

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
  check: (ctx) => {
    const dirs = pathDirs(ctx);
    const found = ctx.files.filter(
      (f) =>
        (f.type === 'file' || f.type === 'symlink' || f.type === 'hardlink') &&
        SHELLS.some((s) => dirs.some((d) => f.path === `${d}/${s}`)),
    );
    return found.length
      ? [
          {
            message: `shell present: ${found
              .map((f) => `/${f.path}`)
              .slice(0, 5)
              .join(', ')}`,
          },
        ]
      : [];
  },
  examples: {
    good: [exampleImage()],
    bad: [
      exampleImage((c) =>
        c.files.push({ path: 'bin/sh', type: 'file', mode: 0o755, uid: 0, gid: 0, size: 100 }),
      ),
    ],
  },
});
