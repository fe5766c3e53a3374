import { defineRule } from '../../rule.js';
import { at, podSpec, type K8sContext } from '../context.js';
import { HARDENED, pod } from '../examples.js';

export const rule = defineRule<K8sContext>({
  id: 'k8s:host-users',
  family: 'k8s',
  refs: ['kubesec:HostUsers'],
  severity: 'LOW',
  title: 'Pod does not use a user namespace',
  docs: {
    description:
      'With `hostUsers: false` (Kubernetes 1.33+ on supported runtimes) root in the container maps to an unprivileged user on the node, which defeats most escapes.',
    remediation: 'Set `spec.hostUsers: false` where the node and runtime support user namespaces.',
    references: ['https://kubernetes.io/docs/concepts/workloads/pods/user-namespaces/'],
  },
  check: (ctx) =>
    podSpec(ctx).hostUsers === false
      ? []
      : [{ message: 'pod does not set hostUsers: false', path: at(ctx, ['spec']) }],
  examples: { good: [HARDENED], bad: [pod('')] },
});
