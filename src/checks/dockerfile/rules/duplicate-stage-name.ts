import { defineRule } from '../../rule.js';
import type { DockerfileContext } from '../context.js';

export const rule = defineRule<DockerfileContext>({
  id: 'dockerfile:duplicate-stage-name',
  family: 'dockerfile',
  refs: ['DS-0012', 'CKV_DOCKER_11'],
  severity: 'MEDIUM',
  title: 'Duplicate stage name',
  docs: {
    description: 'Two stages with the same `AS` name make `COPY --from` and `--target` ambiguous.',
    remediation: 'Give every stage a unique name.',
  },
  check: (ctx) => {
    const seen = new Set<string>();
    return ctx.dockerfile.stages.flatMap((s) => {
      if (!s.name) return [];
      if (seen.has(s.name)) return [{ message: `stage name "${s.name}" is used twice`, line: s.from.line }];
      seen.add(s.name);
      return [];
    });
  },
  examples: {
    good: ['FROM golang:1.23 AS build\nFROM alpine:3.20 AS run\n'],
    bad: ['FROM golang:1.23 AS build\nFROM alpine:3.20 AS build\n'],
  },
});
