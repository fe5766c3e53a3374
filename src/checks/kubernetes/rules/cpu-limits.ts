import { defineRule } from '../../rule.js';
import { containers, label, type K8sContext } from '../context.js';
import { HARDENED, pod } from '../examples.js';
import { isObject } from '../pss/visit.js';

export const rule = defineRule<K8sContext>({
  id: 'k8s:cpu-limits',
  family: 'k8s',
  refs: [
    'KSV-0011',
    'CKV_K8S_11',
    'kubesec:LimitsCPU',
    'polaris:cpuLimitsMissing',
    'kube-score:container-resources',
  ],
  severity: 'LOW',
  title: 'No CPU limit',
  docs: {
    description:
      'Without a CPU limit, a runaway or compromised container can starve every other pod on the node (CPU exhaustion, cryptomining).',
    remediation: 'Set `resources.limits.cpu` on every container (a LimitRange can supply defaults).',
  },
  check: (ctx) =>
    containers(ctx).flatMap((ref) => {
      const r = ref.container.resources;
      const set = isObject(r) && isObject(r.limits) && r.limits.cpu !== undefined && r.limits.cpu !== null;
      return set ? [] : [{ message: `${label(ref)} sets no resources.limits.cpu`, path: ref.path }];
    }),
  examples: { good: [HARDENED], bad: [pod('')] },
});
