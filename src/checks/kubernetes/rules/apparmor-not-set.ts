import { defineRule } from '../../rule.js';
import { containers, label, podSecurityContext, securityContext, type K8sContext } from '../context.js';
import { HARDENED, pod } from '../examples.js';
import { isObject } from '../pss/visit.js';

const ANNOTATION_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';

export const rule = defineRule<K8sContext>({
  id: 'k8s:apparmor-not-set',
  family: 'k8s',
  refs: ['kubesec:ApparmorAny', 'polaris:linuxHardening'],
  severity: 'LOW',
  title: 'No AppArmor profile',
  docs: {
    description:
      'Without an explicit AppArmor profile the container relies on the node default; on nodes without it, it runs unconfined.',
    remediation: 'Set `securityContext.appArmorProfile: { type: RuntimeDefault }` on the pod.',
  },
  check: (ctx) => {
    if (isObject(podSecurityContext(ctx).appArmorProfile)) return [];
    const ann = ctx.template.pod.metadata?.annotations;
    return containers(ctx)
      .filter(
        (ref) =>
          !isObject(securityContext(ref.container).appArmorProfile) &&
          !(isObject(ann) && typeof ann[ANNOTATION_PREFIX + ref.name] === 'string'),
      )
      .map((ref) => ({ message: `${label(ref)} has no AppArmor profile`, path: ref.path }));
  },
  examples: { good: [HARDENED], bad: [pod('')] },
});
