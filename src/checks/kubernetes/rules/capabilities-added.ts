import { defineRule } from '../../rule.js';
import { fromPss, type K8sContext } from '../context.js';
import { HARDENED, pod } from '../examples.js';

export const rule = defineRule<K8sContext>({
  id: 'k8s:capabilities-added',
  family: 'k8s',
  refs: [
    'pss:capabilities_baseline',
    'KSV-0022',
    'CKV_K8S_25',
    'polaris:dangerousCapabilities',
    'polaris:insecureCapabilities',
  ],
  severity: 'MEDIUM',
  title: 'Capabilities added beyond the runtime default set',
  docs: {
    description:
      'Capabilities outside the container runtime default set (e.g. SYS_ADMIN, NET_ADMIN, SYS_PTRACE, BPF) grant kernel powers that enable escapes.',
    remediation:
      'Drop ALL and add back only NET_BIND_SERVICE or other default capabilities the process needs.',
  },
  check: fromPss('capabilities_baseline'),
  examples: {
    good: [HARDENED, pod('', 'securityContext:\n  capabilities: { add: [NET_BIND_SERVICE] }')],
    bad: [pod('', 'securityContext:\n  capabilities: { add: [NET_ADMIN] }')],
  },
});
