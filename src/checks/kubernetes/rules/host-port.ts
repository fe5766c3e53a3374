import { defineRule } from '../../rule.js';
import { fromPss, type K8sContext } from '../context.js';
import { HARDENED, pod } from '../examples.js';

export const rule = defineRule<K8sContext>({
  id: 'k8s:host-port',
  family: 'k8s',
  refs: ['pss:hostPorts', 'KSV-0024', 'CKV_K8S_26', 'polaris:hostPortSet'],
  severity: 'MEDIUM',
  title: 'Container binds a host port',
  docs: {
    description:
      'hostPort binds the port on the node itself, bypassing NetworkPolicies and limiting scheduling.',
    remediation: 'Remove `hostPort` and expose the pod through a Service.',
  },
  check: fromPss('hostPorts'),
  examples: {
    good: [HARDENED, pod('', 'ports:\n  - containerPort: 8080')],
    bad: [pod('', 'ports:\n  - containerPort: 8080\n    hostPort: 8080')],
  },
});
