import { defineRule } from '../../rule.js';
import { containers, label, type K8sContext } from '../context.js';
import { HARDENED, pod } from '../examples.js';
import { isObject } from '../pss/visit.js';

export const rule = defineRule<K8sContext>({
  id: 'k8s:memory-limits',
  family: 'k8s',
  refs: [
    'KSV-0018',
    'CKV_K8S_13',
    'kubesec:LimitsMemory',
    'polaris:memoryLimitsMissing',
    'kube-score:container-resources',
  ],
  severity: 'LOW',
  title: 'No memory limit',
  docs: {
    description:
      'Without a memory limit, a leak or attack can exhaust node memory and trigger OOM kills of other pods.',
    remediation: 'Set `resources.limits.memory` on every container (a LimitRange can supply defaults).',
  },
  check: (ctx) =>
    containers(ctx).flatMap((ref) => {
      const r = ref.container.resources;
      const set =
        isObject(r) && isObject(r.limits) && r.limits.memory !== undefined && r.limits.memory !== null;
      return set ? [] : [{ message: `${label(ref)} sets no resources.limits.memory`, path: ref.path }];
    }),
  examples: { good: [HARDENED], bad: [pod('')] },
});
