import { defineRule } from '../../rule.js';
import { fromPss, type K8sContext } from '../context.js';
import { HARDENED, pod } from '../examples.js';

export const rule = defineRule<K8sContext>({
  id: 'k8s:sysctls',
  family: 'k8s',
  refs: ['pss:sysctls', 'KSV-0026'],
  severity: 'MEDIUM',
  title: 'Unsafe sysctl',
  docs: {
    description:
      'Only namespaced, isolated sysctls are safe; others change kernel behaviour for every pod on the node.',
    remediation:
      'Remove sysctls outside the Pod Security Standards safe set, or run the workload on dedicated nodes.',
    references: ['https://kubernetes.io/docs/concepts/security/pod-security-standards/'],
  },
  check: fromPss('sysctls'),
  examples: {
    good: [
      HARDENED,
      pod('securityContext:\n  sysctls: [{ name: net.ipv4.tcp_keepalive_time, value: "600" }]'),
    ],
    bad: [pod('securityContext:\n  sysctls: [{ name: kernel.msgmax, value: "65536" }]')],
  },
});
