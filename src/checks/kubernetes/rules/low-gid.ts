import { defineRule } from '../../rule.js';
import { containers, label, podSecurityContext, securityContext, type K8sContext } from '../context.js';
import { HARDENED, pod } from '../examples.js';

/** Above this, IDs do not collide with host users and system accounts (kubesec, Trivy, Checkov). */
const MIN_ID = 10000;

export const rule = defineRule<K8sContext>({
  id: 'k8s:low-gid',
  family: 'k8s',
  refs: ['KSV-0021', 'kubesec:RunAsGroup', 'kube-score:container-security-context-user-group-id'],
  severity: 'LOW',
  title: 'Container GID not above 10000',
  docs: {
    description:
      'A GID of 10000 or less (or none, so the image decides) can match a privileged user or group on the host, which matters after a container escape or with shared volumes.',
    remediation: 'Set `securityContext.runAsGroup` to a value above 10000 on the pod or every container.',
  },
  check: (ctx) => {
    const podValue = podSecurityContext(ctx).runAsGroup;
    return containers(ctx).flatMap((ref) => {
      const own = securityContext(ref.container).runAsGroup;
      const value = own ?? podValue;
      if (typeof value === 'number' && value > MIN_ID) return [];
      const path = own !== undefined ? [...ref.path, 'securityContext', 'runAsGroup'] : ref.path;
      return [
        {
          message:
            value === undefined
              ? `${label(ref)} sets no runAsGroup`
              : `${label(ref)} runs with runAsGroup ${String(value)} (≤ ${MIN_ID})`,
          path,
        },
      ];
    });
  },
  examples: { good: [HARDENED], bad: [pod(''), pod('securityContext:\n  runAsGroup: 1000')] },
});
