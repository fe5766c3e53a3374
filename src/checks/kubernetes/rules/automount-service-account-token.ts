import { defineRule } from '../../rule.js';
import { at, podSpec, type K8sContext } from '../context.js';
import { HARDENED, pod } from '../examples.js';

export const rule = defineRule<K8sContext>({
  id: 'k8s:automount-service-account-token',
  family: 'k8s',
  refs: [
    'KSV-0036',
    'CKV_K8S_38',
    'kubesec:AutomountServiceAccountToken',
    'polaris:automountServiceAccountToken',
  ],
  severity: 'LOW',
  title: 'Service account token mounted automatically',
  docs: {
    description:
      'Every container gets an API token unless the pod opts out; a compromised container can then call the Kubernetes API.',
    remediation:
      'Set `automountServiceAccountToken: false` on the pod (or its ServiceAccount) unless it talks to the API.',
  },
  check: (ctx) =>
    podSpec(ctx).automountServiceAccountToken === false
      ? []
      : [{ message: 'pod does not set automountServiceAccountToken: false', path: at(ctx, ['spec']) }],
  examples: { good: [HARDENED], bad: [pod('')] },
});
