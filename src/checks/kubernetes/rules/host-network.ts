import { defineRule } from '../../rule.js';
import { at, podSpec, type K8sContext } from '../context.js';
import { HARDENED, pod } from '../examples.js';

export const rule = defineRule<K8sContext>({
  id: 'k8s:host-network',
  family: 'k8s',
  refs: ['pss:hostNamespaces', 'KSV-0009', 'CKV_K8S_19', 'kubesec:HostNetwork', 'polaris:hostNetworkSet'],
  severity: 'HIGH',
  title: 'Pod shares the host network namespace',
  docs: {
    description:
      'With `hostNetwork: true` the pod sees the node’s network stack, including services bound to localhost and other pods’ traffic.',
    remediation: 'Remove `hostNetwork: true` from the pod spec.',
    references: ['https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline'],
  },
  check: (ctx) =>
    podSpec(ctx).hostNetwork === true
      ? [{ message: 'pod sets hostNetwork=true', path: at(ctx, ['spec', 'hostNetwork']) }]
      : [],
  examples: { good: [HARDENED], bad: [pod('hostNetwork: true')] },
});
