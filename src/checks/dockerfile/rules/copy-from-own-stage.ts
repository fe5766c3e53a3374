import { defineRule } from '../../rule.js';
import type { DockerfileContext } from '../context.js';

export const rule = defineRule<DockerfileContext>({
  id: 'dockerfile:copy-from-own-stage',
  family: 'dockerfile',
  refs: ['DL3023', 'DS-0006'],
  severity: 'MEDIUM',
  title: 'COPY --from refers to its own stage',
  docs: {
    description: 'A stage cannot copy from itself; the build fails or picks up an image of the same name.',
    remediation: 'Point `--from` at an earlier stage.',
  },
  check: (ctx) =>
    ctx.dockerfile.stages.flatMap((s) =>
      s.instructions
        .filter(
          (i) =>
            i.keyword === 'COPY' &&
            s.name !== undefined &&
            i.flags.from?.some((f) => f.toLowerCase() === s.name),
        )
        .map((i) => ({ message: `COPY --from=${s.name} inside stage ${s.name}`, line: i.line })),
    ),
  examples: {
    good: ['FROM golang:1.23 AS build\nFROM alpine:3.20 AS run\nCOPY --from=build /out /app\n'],
    bad: ['FROM alpine:3.20 AS run\nCOPY --from=run /a /b\n'],
  },
});
