import { defineRule } from '../../rule.js';
import { fromPss, type K8sContext } from '../context.js';
import { HARDENED, pod } from '../examples.js';

export const rule = defineRule<K8sContext>({
  id: 'k8s:proc-mount',
  family: 'k8s',
  refs: ['pss:procMount', 'pss:procMount_restricted', 'KSV-0027', 'polaris:procMount'],
  severity: 'MEDIUM',
  title: 'Unmasked /proc',
  docs: {
    description:
      'procMount: Unmasked exposes /proc paths the runtime normally masks (kcore, sysrq-trigger, timer_list …).',
    remediation: 'Remove `securityContext.procMount` or set it to Default.',
    references: ['https://kubernetes.io/docs/concepts/security/pod-security-standards/'],
  },
  check: fromPss('procMount_restricted'),
  examples: { good: [HARDENED], bad: [pod('', 'securityContext:\n  procMount: Unmasked')] },
});
