import { defineRule } from '../../rule.js';
import { fromPss, type K8sContext } from '../context.js';
import { HARDENED, pod } from '../examples.js';

export const rule = defineRule<K8sContext>({
  id: 'k8s:run-as-root-uid',
  family: 'k8s',
  refs: ['pss:runAsUser', 'KSV-0105'],
  severity: 'MEDIUM',
  title: 'runAsUser is 0',
  docs: {
    description: 'runAsUser: 0 runs the process as root explicitly.',
    remediation: 'Set `runAsUser` to a non-zero UID, ideally above 10000.',
    references: ['https://kubernetes.io/docs/concepts/security/pod-security-standards/'],
  },
  check: fromPss('runAsUser'),
  examples: { good: [HARDENED], bad: [pod('securityContext:\n  runAsUser: 0')] },
});
