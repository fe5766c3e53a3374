import { defineRule } from '../../rule.js';
import type { ComposeContext } from '../context.js';
import { HARDENED_COMPOSE, service } from '../example.js';

export const rule = defineRule<ComposeContext>({
  id: 'compose:read-only',
  family: 'compose',
  refs: ['k8s:read-only-root-filesystem', 'KSV-0014', 'CKV_K8S_22'],
  severity: 'LOW',
  title: 'Root filesystem is writable',
  docs: {
    description:
      'A writable root filesystem lets an attacker drop tools and persist changes in the container.',
    remediation: 'Set `read_only: true` and use `tmpfs:` or volumes for writable paths.',
  },
  check: (ctx) =>
    ctx.service.read_only === true
      ? []
      : [{ message: `service ${ctx.name} does not set read_only: true`, path: ctx.path }],
  examples: { good: [HARDENED_COMPOSE], bad: [service('')] },
});
