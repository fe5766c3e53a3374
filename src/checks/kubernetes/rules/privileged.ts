import { defineRule } from '../../rule.js';
import { fromPss, type K8sContext } from '../context.js';
import { HARDENED, pod } from '../examples.js';

export const rule = defineRule<K8sContext>({
  id: 'k8s:privileged',
  family: 'k8s',
  refs: [
    'pss:privileged',
    'KSV-0017',
    'CKV_K8S_16',
    'kubesec:Privileged',
    'polaris:runAsPrivileged',
    'kube-score:container-security-context-privileged',
  ],
  severity: 'HIGH',
  title: 'Privileged container',
  docs: {
    description:
      'A privileged container gets every capability, all host devices and no seccomp or AppArmor confinement: root in it is root on the node.',
    remediation:
      'Remove `securityContext.privileged: true`; add only the specific capabilities the process needs.',
    references: ['https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline'],
  },
  check: fromPss('privileged'),
  examples: { good: [HARDENED], bad: [pod('', 'securityContext:\n  privileged: true')] },
});
