import { defineRule } from '../../rule.js';
import { fromPss, type K8sContext } from '../context.js';
import { HARDENED, pod } from '../examples.js';

export const rule = defineRule<K8sContext>({
  id: 'k8s:host-probes',
  family: 'k8s',
  refs: ['pss:hostProbesAndHostLifecycle'],
  severity: 'MEDIUM',
  title: 'Probe or lifecycle handler targets another host',
  docs: {
    description:
      'A `host` in an httpGet or tcpSocket probe or lifecycle handler makes the kubelet connect to arbitrary addresses for the pod (SSRF from the node, Pod Security Standards v1.34+).',
    remediation: 'Remove the `host` field so the kubelet probes the pod IP.',
    references: ['https://kubernetes.io/docs/concepts/security/pod-security-standards/'],
  },
  check: fromPss('hostProbesAndHostLifecycle'),
  examples: {
    good: [HARDENED],
    bad: [pod('', 'livenessProbe:\n  httpGet: { host: 169.254.169.254, path: /, port: 80 }')],
  },
});
