import { defineRule } from '../../rule.js';
import { at, podSpec, type K8sContext } from '../context.js';
import { HARDENED, pod } from '../examples.js';

export const rule = defineRule<K8sContext>({
  id: 'k8s:host-pid',
  family: 'k8s',
  refs: ['pss:hostNamespaces', 'KSV-0010', 'CKV_K8S_17', 'kubesec:HostPID', 'polaris:hostPIDSet'],
  severity: 'HIGH',
  title: 'Pod shares the host PID namespace',
  docs: {
    description:
      'With `hostPID: true` the pod sees every process on the node, which it can inspect, signal or ptrace.',
    remediation: 'Remove `hostPID: true` from the pod spec.',
    references: ['https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline'],
  },
  check: (ctx) =>
    podSpec(ctx).hostPID === true
      ? [{ message: 'pod sets hostPID=true', path: at(ctx, ['spec', 'hostPID']) }]
      : [],
  examples: { good: [HARDENED], bad: [pod('hostPID: true')] },
});
