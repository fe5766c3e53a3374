import { defineRule } from '../../rule.js';
import { at, podSpec, type K8sContext } from '../context.js';
import { HARDENED, pod } from '../examples.js';

export const rule = defineRule<K8sContext>({
  id: 'k8s:host-ipc',
  family: 'k8s',
  refs: ['pss:hostNamespaces', 'KSV-0008', 'CKV_K8S_18', 'kubesec:HostIPC', 'polaris:hostIPCSet'],
  severity: 'HIGH',
  title: 'Pod shares the host IPC namespace',
  docs: {
    description: 'With `hostIPC: true` the pod sees the node’s shared memory and IPC objects.',
    remediation: 'Remove `hostIPC: true` from the pod spec.',
    references: ['https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline'],
  },
  check: (ctx) =>
    podSpec(ctx).hostIPC === true
      ? [{ message: 'pod sets hostIPC=true', path: at(ctx, ['spec', 'hostIPC']) }]
      : [],
  examples: { good: [HARDENED], bad: [pod('hostIPC: true')] },
});
