import { defineRule } from '../../rule.js';
import type { K8sContext } from '../context.js';
import { HARDENED, pod } from '../examples.js';
import { selectorMatches } from '../selector.js';
import { isObject } from '../pss/visit.js';

export const rule = defineRule<K8sContext>({
  id: 'k8s:network-policy',
  family: 'k8s',
  refs: ['KSV-0038', 'CKV2_K8S_6', 'polaris:missingNetworkPolicy', 'kube-score:pod-networkpolicy'],
  severity: 'LOW',
  title: 'No NetworkPolicy selects the pod',
  docs: {
    description:
      'Pods that no NetworkPolicy selects accept traffic from, and send traffic to, anything in the cluster: one compromised pod reaches every other. Checked against the NetworkPolicies scanned in the same run (same namespace, podSelector matching the pod template labels).',
    remediation:
      'Add a NetworkPolicy (a default-deny per namespace plus explicit allows) that selects the pod, and scan it together with the workload.',
    references: ['https://kubernetes.io/docs/concepts/services-networking/network-policies/'],
  },
  check: (ctx) => {
    const labels: Record<string, string> = {};
    const l = ctx.template.pod.metadata?.labels;
    if (isObject(l)) for (const [k, v] of Object.entries(l)) labels[k] = String(v);
    const selected = ctx.all.some(
      (o) =>
        o.kind === 'NetworkPolicy' &&
        (o.namespace ?? '') === (ctx.object.namespace ?? '') &&
        isObject(o.value.spec) &&
        selectorMatches(o.value.spec.podSelector, labels),
    );
    return selected
      ? []
      : [
          {
            message: `no NetworkPolicy in the scanned files selects ${ctx.object.kind}/${ctx.object.name}`,
            path: ['metadata'],
          },
        ];
  },
  examples: {
    good: [HARDENED],
    bad: [
      pod(''),
      HARDENED.replace(
        'matchLabels: { app: web }\n  policyTypes',
        'matchLabels: { app: api }\n  policyTypes',
      ),
    ],
  },
});
