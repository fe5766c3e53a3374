import { defineRule } from '../../rule.js';
import { fromPss, type K8sContext } from '../context.js';
import { HARDENED, pod } from '../examples.js';

export const rule = defineRule<K8sContext>({
  id: 'k8s:allow-privilege-escalation',
  family: 'k8s',
  refs: [
    'pss:allowPrivilegeEscalation',
    'KSV-0001',
    'CKV_K8S_20',
    'kubesec:AllowPrivilegeEscalation',
    'polaris:privilegeEscalationAllowed',
  ],
  severity: 'MEDIUM',
  title: 'Privilege escalation allowed',
  docs: {
    description:
      'Unless allowPrivilegeEscalation is false, setuid binaries and file capabilities can raise privileges inside the container (no_new_privs is off).',
    remediation: 'Set `securityContext.allowPrivilegeEscalation: false` on every container.',
    references: ['https://kubernetes.io/docs/concepts/security/pod-security-standards/'],
  },
  check: fromPss('allowPrivilegeEscalation'),
  examples: { good: [HARDENED], bad: [pod('')] },
});
