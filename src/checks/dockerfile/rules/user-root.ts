import { defineRule } from '../../rule.js';
import { finalStage, type DockerfileContext } from '../context.js';

const ROOT = /^(root|0)(:.*)?$/;

export const rule = defineRule<DockerfileContext>({
  id: 'dockerfile:user-root',
  family: 'dockerfile',
  refs: ['DL3002', 'DS-0002', 'CKV_DOCKER_8', 'CIS-DI-0001'],
  severity: 'HIGH',
  title: 'Last USER is root',
  docs: {
    description:
      'The final stage switches back to root, so the container process runs as root unless the runtime overrides it.',
    remediation:
      'End the final stage with `USER <non-root uid>` (a numeric UID lets Kubernetes verify runAsNonRoot).',
  },
  check: (ctx) => {
    const users = finalStage(ctx)?.instructions.filter((i) => i.keyword === 'USER') ?? [];
    const last = users[users.length - 1];
    return last && ROOT.test(last.args.trim())
      ? [{ message: `final stage runs as ${last.args.trim()}`, line: last.line }]
      : [];
  },
  examples: {
    good: ['FROM debian:12\nUSER 10001\n', 'FROM debian:12\nUSER root\nRUN apt-get update\nUSER app\n'],
    bad: ['FROM debian:12\nUSER app\nUSER root\n'],
  },
});
