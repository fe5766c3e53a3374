import { defineRule } from '../../rule.js';
import { containers, label, type K8sContext } from '../context.js';
import { HARDENED, pod } from '../examples.js';
import { isObject } from '../pss/visit.js';

export const rule = defineRule<K8sContext>({
  id: 'k8s:cpu-requests',
  family: 'k8s',
  refs: [
    'KSV-0015',
    'CKV_K8S_10',
    'kubesec:RequestsCPU',
    'polaris:cpuRequestsMissing',
    'kube-score:container-resources',
  ],
  severity: 'LOW',
  title: 'No CPU request',
  docs: {
    description:
      'Without a CPU request, the scheduler cannot place the pod sensibly and it runs in the BestEffort class, first to be starved.',
    remediation: 'Set `resources.requests.cpu` on every container (a LimitRange can supply defaults).',
  },
  check: (ctx) =>
    containers(ctx).flatMap((ref) => {
      const r = ref.container.resources;
      const set =
        isObject(r) && isObject(r.requests) && r.requests.cpu !== undefined && r.requests.cpu !== null;
      return set ? [] : [{ message: `${label(ref)} sets no resources.requests.cpu`, path: ref.path }];
    }),
  examples: { good: [HARDENED], bad: [pod('')] },
});
