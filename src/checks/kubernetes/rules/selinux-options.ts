import { defineRule } from '../../rule.js';
import { fromPss, type K8sContext } from '../context.js';
import { HARDENED, pod } from '../examples.js';

export const rule = defineRule<K8sContext>({
  id: 'k8s:selinux-options',
  family: 'k8s',
  refs: ['pss:seLinuxOptions', 'KSV-0025', 'polaris:linuxHardening'],
  severity: 'MEDIUM',
  title: 'Custom SELinux options',
  docs: {
    description:
      'A custom SELinux user or role, or a type outside container_t, container_init_t, container_kvm_t and container_engine_t, can lift the SELinux confinement of the container.',
    remediation:
      'Remove `seLinuxOptions.user` and `.role`; use one of the container types or leave the type unset.',
    references: ['https://kubernetes.io/docs/concepts/security/pod-security-standards/'],
  },
  check: fromPss('seLinuxOptions'),
  examples: {
    good: [HARDENED, pod('securityContext:\n  seLinuxOptions: { level: "s0:c123,c456" }')],
    bad: [pod('securityContext:\n  seLinuxOptions: { type: spc_t }')],
  },
});
