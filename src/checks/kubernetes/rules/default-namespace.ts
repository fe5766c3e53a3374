import { defineRule } from '../../rule.js';
import type { K8sContext } from '../context.js';
import { HARDENED, pod } from '../examples.js';

export const rule = defineRule<K8sContext>({
  id: 'k8s:default-namespace',
  family: 'k8s',
  refs: ['KSV-0110', 'CKV_K8S_21'],
  severity: 'LOW',
  title: 'Workload in the default namespace',
  docs: {
    description:
      'The default namespace usually has no NetworkPolicies, quotas or Pod Security labels, and mixes unrelated workloads. Manifests without a namespace are not reported: it is set when they are applied.',
    remediation: 'Deploy into a dedicated namespace with its own policies.',
  },
  check: (ctx) =>
    ctx.object.namespace === 'default'
      ? [
          {
            message: `${ctx.object.kind}/${ctx.object.name} is in the default namespace`,
            path: ['metadata', 'namespace'],
          },
        ]
      : [],
  examples: { good: [HARDENED, pod('')], bad: [pod('').replace('namespace: shop', 'namespace: default')] },
});
