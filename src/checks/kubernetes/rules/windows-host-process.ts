import { defineRule } from '../../rule.js';
import { fromPss, type K8sContext } from '../context.js';
import { HARDENED, pod } from '../examples.js';

export const rule = defineRule<K8sContext>({
  id: 'k8s:windows-host-process',
  family: 'k8s',
  refs: ['pss:windowsHostProcess', 'KSV-0103', 'polaris:hostProcess'],
  severity: 'HIGH',
  title: 'Windows HostProcess container',
  docs: {
    description: 'A HostProcess container runs directly on the Windows node with host access.',
    remediation: 'Remove `windowsOptions.hostProcess: true`.',
    references: ['https://kubernetes.io/docs/concepts/security/pod-security-standards/'],
  },
  check: fromPss('windowsHostProcess'),
  examples: { good: [HARDENED], bad: [pod('securityContext:\n  windowsOptions: { hostProcess: true }')] },
});
