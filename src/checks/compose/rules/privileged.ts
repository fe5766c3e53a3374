import { defineRule } from '../../rule.js';
import type { ComposeContext } from '../context.js';
import { HARDENED_COMPOSE, service } from '../example.js';

export const rule = defineRule<ComposeContext>({
  id: 'compose:privileged',
  family: 'compose',
  refs: ['k8s:privileged', 'KSV-0017', 'CKV_K8S_16'],
  severity: 'HIGH',
  title: 'Privileged service',
  docs: {
    description:
      'A privileged container has every capability and all host devices: root in it is root on the host.',
    remediation: 'Remove `privileged: true`; add only the capabilities the service needs with cap_add.',
  },
  check: (ctx) =>
    ctx.service.privileged === true
      ? [{ message: `service ${ctx.name} is privileged`, path: [...ctx.path, 'privileged'] }]
      : [],
  examples: { good: [HARDENED_COMPOSE], bad: [service('privileged: true')] },
});
