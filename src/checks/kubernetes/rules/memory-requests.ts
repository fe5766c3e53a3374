import { defineRule } from '../../rule.js';
import { containers, label, type K8sContext } from '../context.js';
import { HARDENED, pod } from '../examples.js';
import { isObject } from '../pss/visit.js';

export const rule = defineRule<K8sContext>({
  id: 'k8s:memory-requests',
  family: 'k8s',
  refs: [
    'KSV-0016',
    'CKV_K8S_12',
    'kubesec:RequestsMemory',
    'polaris:memoryRequestsMissing',
    'kube-score:container-resources',
  ],
  severity: 'LOW',
  title: 'No memory request',
  docs: {
    description:
      'Without a memory request, the pod is first to be evicted and the scheduler may overcommit the node.',
    remediation: 'Set `resources.requests.memory` on every container (a LimitRange can supply defaults).',
  },
  check: (ctx) =>
    containers(ctx).flatMap((ref) => {
      const r = ref.container.resources;
      const set =
        isObject(r) && isObject(r.requests) && r.requests.memory !== undefined && r.requests.memory !== null;
      return set ? [] : [{ message: `${label(ref)} sets no resources.requests.memory`, path: ref.path }];
    }),
  examples: { good: [HARDENED], bad: [pod('')] },
});
