import { defineRule } from '../../rule.js';
import { fromPss, type K8sContext } from '../context.js';
import { HARDENED, pod } from '../examples.js';

export const rule = defineRule<K8sContext>({
  id: 'k8s:drop-all-capabilities',
  family: 'k8s',
  refs: [
    'pss:capabilities_restricted',
    'KSV-0003',
    'KSV-0004',
    'KSV-0106',
    'CKV_K8S_37',
    'kubesec:CapDropAll',
    'kubesec:CapDropAny',
    'polaris:insecureCapabilities',
  ],
  severity: 'LOW',
  title: 'Capabilities not dropped, or more than NET_BIND_SERVICE added',
  docs: {
    description:
      'The restricted profile requires every container to drop ALL capabilities and add back at most NET_BIND_SERVICE.',
    remediation:
      'Set `securityContext.capabilities: { drop: [ALL] }` and add only NET_BIND_SERVICE if the process binds ports below 1024.',
  },
  check: fromPss('capabilities_restricted'),
  examples: {
    good: [HARDENED],
    bad: [pod(''), pod('', 'securityContext:\n  capabilities: { drop: [ALL], add: [CHOWN] }')],
  },
});
