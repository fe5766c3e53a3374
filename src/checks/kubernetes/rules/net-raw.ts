import { defineRule } from '../../rule.js';
import { capList, containers, label, securityContext, type K8sContext } from '../context.js';
import { HARDENED, pod } from '../examples.js';

export const rule = defineRule<K8sContext>({
  id: 'k8s:net-raw',
  family: 'k8s',
  refs: ['KSV-0119', 'CKV_K8S_28', 'pss:capabilities_baseline'],
  severity: 'MEDIUM',
  title: 'NET_RAW capability not dropped',
  docs: {
    description:
      'NET_RAW is in the runtime default set: unless dropped, a compromised container can craft packets, spoof ARP/DNS on the node network and ping-flood.',
    remediation: 'Set `capabilities.drop: [ALL]` (or at least NET_RAW) and never add NET_RAW.',
  },
  check: (ctx) =>
    containers(ctx).flatMap((ref) => {
      const caps = securityContext(ref.container).capabilities;
      const add = capList(caps?.add);
      const i = add.findIndex((c) => c === 'NET_RAW' || c === 'ALL');
      if (i >= 0)
        return [
          {
            message: `${label(ref)} adds ${add[i]}`,
            path: [...ref.path, 'securityContext', 'capabilities', 'add', i],
          },
        ];
      const drop = capList(caps?.drop);
      if (drop.includes('ALL') || drop.includes('NET_RAW')) return [];
      return [
        { message: `${label(ref)} does not drop NET_RAW (set capabilities.drop: [ALL])`, path: ref.path },
      ];
    }),
  examples: {
    good: [HARDENED, pod('', 'securityContext:\n  capabilities: { drop: [NET_RAW] }')],
    bad: [pod(''), pod('', 'securityContext:\n  capabilities: { add: [NET_RAW], drop: [ALL] }')],
  },
});
