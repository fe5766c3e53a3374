import { defineRule } from '../../rule.js';
import { capList, containers, label, securityContext, type K8sContext } from '../context.js';
import { HARDENED, pod } from '../examples.js';

export const rule = defineRule<K8sContext>({
  id: 'k8s:sys-admin',
  family: 'k8s',
  refs: ['KSV-0005', 'CKV_K8S_39', 'kubesec:CapSysAdmin'],
  severity: 'HIGH',
  title: 'SYS_ADMIN capability added',
  docs: {
    description:
      'CAP_SYS_ADMIN is "the new root": it allows mount, namespace and BPF operations that break out of containers.',
    remediation:
      'Remove SYS_ADMIN from `capabilities.add`; use a dedicated device plugin or CSI driver for the task.',
  },
  check: (ctx) =>
    containers(ctx, { ephemeral: true }).flatMap((ref) => {
      const add = capList(securityContext(ref.container).capabilities?.add);
      const i = add.findIndex((c) => c === 'SYS_ADMIN' || c === 'ALL');
      return i < 0
        ? []
        : [
            {
              message: `${label(ref)} adds ${add[i]}`,
              path: [...ref.path, 'securityContext', 'capabilities', 'add', i],
            },
          ];
    }),
  examples: { good: [HARDENED], bad: [pod('', 'securityContext:\n  capabilities: { add: [SYS_ADMIN] }')] },
});
