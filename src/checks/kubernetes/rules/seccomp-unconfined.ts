import { defineRule } from '../../rule.js';
import { fromPss, type K8sContext } from '../context.js';
import { HARDENED, pod } from '../examples.js';

export const rule = defineRule<K8sContext>({
  id: 'k8s:seccomp-unconfined',
  family: 'k8s',
  refs: ['pss:seccompProfile_baseline', 'KSV-0104', 'kubesec:SeccompUnconfined'],
  severity: 'MEDIUM',
  title: 'Seccomp disabled',
  docs: {
    description:
      'seccompProfile Unconfined turns off the system call filter that blocks hundreds of rarely used, often vulnerable kernel interfaces.',
    remediation: 'Use `seccompProfile: { type: RuntimeDefault }` or a Localhost profile.',
    references: ['https://kubernetes.io/docs/concepts/security/pod-security-standards/'],
  },
  check: fromPss('seccompProfile_baseline'),
  examples: { good: [HARDENED], bad: [pod('securityContext:\n  seccompProfile: { type: Unconfined }')] },
});
