import { defineRule } from '../../rule.js';
import { fromPss, type K8sContext } from '../context.js';
import { HARDENED, pod } from '../examples.js';

export const rule = defineRule<K8sContext>({
  id: 'k8s:run-as-non-root',
  family: 'k8s',
  refs: [
    'pss:runAsNonRoot',
    'KSV-0012',
    'CKV_K8S_23',
    'kubesec:RunAsNonRoot',
    'polaris:runAsRootAllowed',
    'kube-score:container-security-context-user-group-id',
  ],
  severity: 'MEDIUM',
  title: 'Container may run as root',
  docs: {
    description:
      'Without runAsNonRoot: true the kubelet starts the image user, which is root for most images.',
    remediation:
      'Set `securityContext.runAsNonRoot: true` on the pod (and a non-zero runAsUser if the image has no USER).',
    references: ['https://kubernetes.io/docs/concepts/security/pod-security-standards/'],
  },
  check: fromPss('runAsNonRoot'),
  examples: { good: [HARDENED], bad: [pod('')] },
});
