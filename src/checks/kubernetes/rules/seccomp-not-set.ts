import { defineRule } from '../../rule.js';
import { fromPss, type K8sContext } from '../context.js';
import { HARDENED, pod } from '../examples.js';

export const rule = defineRule<K8sContext>({
  id: 'k8s:seccomp-not-set',
  family: 'k8s',
  refs: [
    'pss:seccompProfile_restricted',
    'KSV-0030',
    'CKV_K8S_31',
    'CKV_K8S_32',
    'kubesec:SeccompAny',
    'polaris:linuxHardening',
    'kube-score:container-seccomp-profile',
  ],
  severity: 'LOW',
  title: 'Seccomp profile not set',
  docs: {
    description:
      'Without an explicit seccomp profile, containers run unconfined on most clusters (the kubelet default is Unconfined unless SeccompDefault is enabled).',
    remediation: 'Set `spec.securityContext.seccompProfile: { type: RuntimeDefault }`.',
    references: ['https://kubernetes.io/docs/concepts/security/pod-security-standards/'],
  },
  check: fromPss('seccompProfile_restricted'),
  examples: { good: [HARDENED], bad: [pod('')] },
});
