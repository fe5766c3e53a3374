import { defineRule } from '../../rule.js';
import { BASELINE_CAPABILITIES } from '../../kubernetes/pss/checks/capabilities_baseline.js';
import { list, type ComposeContext } from '../context.js';
import { HARDENED_COMPOSE, service } from '../example.js';

export const rule = defineRule<ComposeContext>({
  id: 'compose:capabilities',
  family: 'compose',
  refs: ['k8s:capabilities-added', 'KSV-0022', 'KSV-0005', 'CKV_K8S_25', 'CKV_K8S_39'],
  severity: 'HIGH',
  title: 'Capabilities added beyond the default set',
  docs: {
    description:
      'cap_add with SYS_ADMIN, NET_ADMIN, SYS_PTRACE, ALL and similar gives kernel powers that enable escapes.',
    remediation:
      'Use `cap_drop: [ALL]` and add back only default capabilities the service needs (e.g. NET_BIND_SERVICE).',
  },
  check: (ctx) =>
    list(ctx.service.cap_add).flatMap((c, i) => {
      const cap = String(c).toUpperCase().replace(/^CAP_/, '');
      return BASELINE_CAPABILITIES.has(cap)
        ? []
        : [{ message: `service ${ctx.name} adds capability ${cap}`, path: [...ctx.path, 'cap_add', i] }];
    }),
  examples: {
    good: [HARDENED_COMPOSE, service('cap_add: [NET_BIND_SERVICE]')],
    bad: [service('cap_add: [SYS_ADMIN]')],
  },
});
