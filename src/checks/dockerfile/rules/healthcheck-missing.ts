import { defineRule } from '../../rule.js';
import { finalStage, type DockerfileContext } from '../context.js';

export const rule = defineRule<DockerfileContext>({
  id: 'dockerfile:healthcheck-missing',
  family: 'dockerfile',
  refs: ['DL3057', 'DS-0026', 'CKV_DOCKER_2', 'CIS-DI-0006'],
  severity: 'LOW',
  title: 'No HEALTHCHECK',
  docs: {
    description:
      'Docker and Compose cannot tell a hung container from a healthy one without a HEALTHCHECK (Kubernetes uses probes instead).',
    remediation:
      'Add `HEALTHCHECK CMD <command>` to the final stage, or `HEALTHCHECK NONE` to state that none is wanted.',
  },
  check: (ctx) => {
    const stage = finalStage(ctx);
    if (!stage || stage.instructions.some((i) => i.keyword === 'HEALTHCHECK')) return [];
    return [{ message: 'final stage has no HEALTHCHECK', line: stage.from.line }];
  },
  examples: {
    good: ['FROM nginx:1.27\nHEALTHCHECK CMD curl -f http://localhost/ || exit 1\n'],
    bad: ['FROM nginx:1.27\n'],
  },
});
