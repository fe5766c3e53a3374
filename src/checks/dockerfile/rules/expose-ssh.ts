import { defineRule } from '../../rule.js';
import { byKeyword, type DockerfileContext } from '../context.js';
import { shellWords } from '../parse.js';

export const rule = defineRule<DockerfileContext>({
  id: 'dockerfile:expose-ssh',
  family: 'dockerfile',
  refs: ['DS-0004', 'CKV_DOCKER_1'],
  severity: 'MEDIUM',
  title: 'Port 22 exposed',
  docs: {
    description:
      'An SSH server in a container is a second, usually unmonitored, way in; use `kubectl exec` or `docker exec` instead.',
    remediation: 'Remove `EXPOSE 22` and the SSH server.',
  },
  check: (ctx) =>
    byKeyword(ctx, 'EXPOSE').flatMap(({ ins }) =>
      shellWords(ins.args).some((p) => /^22(\/tcp)?$/i.test(p) || (/^(\d+)-(\d+)/.test(p) && inRange(p, 22)))
        ? [{ message: 'EXPOSE includes port 22', line: ins.line }]
        : [],
    ),
  examples: { good: ['FROM alpine:3.20\nEXPOSE 8080\n'], bad: ['FROM alpine:3.20\nEXPOSE 22\n'] },
});

function inRange(spec: string, port: number): boolean {
  const m = /^(\d+)-(\d+)/.exec(spec);
  return m !== null && Number(m[1]) <= port && port <= Number(m[2]);
}
