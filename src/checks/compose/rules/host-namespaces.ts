import { defineRule, type RuleHit } from '../../rule.js';
import type { ComposeContext } from '../context.js';
import { HARDENED_COMPOSE, service } from '../example.js';

const FIELDS = ['network_mode', 'pid', 'ipc', 'uts', 'userns_mode', 'cgroup'] as const;

export const rule = defineRule<ComposeContext>({
  id: 'compose:host-namespaces',
  family: 'compose',
  refs: [
    'k8s:host-network',
    'k8s:host-pid',
    'k8s:host-ipc',
    'KSV-0008',
    'KSV-0009',
    'KSV-0010',
    'CKV_K8S_17',
    'CKV_K8S_18',
    'CKV_K8S_19',
  ],
  severity: 'HIGH',
  title: 'Service shares a host namespace',
  docs: {
    description:
      '`network_mode: host`, `pid: host`, `ipc: host`, `uts: host`, `userns_mode: host` or `cgroup: host` remove the isolation of that namespace.',
    remediation: 'Remove the `host` setting; publish ports with `ports:` instead of host networking.',
  },
  check: (ctx) =>
    FIELDS.flatMap((f): RuleHit[] =>
      ctx.service[f] === 'host'
        ? [{ message: `service ${ctx.name} sets ${f}: host`, path: [...ctx.path, f] }]
        : [],
    ),
  examples: { good: [HARDENED_COMPOSE], bad: [service('network_mode: host'), service('pid: host')] },
});
