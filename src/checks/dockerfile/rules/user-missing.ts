import { defineRule } from '../../rule.js';
import { finalStage, isStageRef, type DockerfileContext } from '../context.js';

export const rule = defineRule<DockerfileContext>({
  id: 'dockerfile:user-missing',
  family: 'dockerfile',
  refs: ['CKV_DOCKER_3', 'DS-0002', 'CIS-DI-0001'],
  severity: 'MEDIUM',
  title: 'No USER in the final stage',
  docs: {
    description:
      'Without a USER instruction the image runs as whatever its base image says, which is root for almost every base image. Bases known to default to a non-root user (distroless :nonroot, chainguard) are not reported.',
    remediation: 'Create a user and add `USER <uid>` to the final stage.',
  },
  check: (ctx) => {
    const stage = finalStage(ctx);
    if (!stage || stage.instructions.some((i) => i.keyword === 'USER')) return [];
    if (/nonroot|chainguard\.dev|cgr\.dev/.test(stage.base) && !isStageRef(ctx, stage)) return [];
    return [{ message: `final stage (FROM ${stage.base}) sets no USER`, line: stage.from.line }];
  },
  examples: {
    good: ['FROM debian:12\nUSER 10001\n', 'FROM gcr.io/distroless/static:nonroot\nCOPY app /app\n'],
    bad: ['FROM debian:12\nCOPY app /app\n'],
  },
});
