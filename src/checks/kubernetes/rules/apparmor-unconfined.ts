import { defineRule } from '../../rule.js';
import { fromPss, type K8sContext } from '../context.js';
import { HARDENED, pod } from '../examples.js';

export const rule = defineRule<K8sContext>({
  id: 'k8s:apparmor-unconfined',
  family: 'k8s',
  refs: ['pss:appArmorProfile', 'KSV-0002', 'kubesec:ApparmorUnconfined', 'polaris:linuxHardening'],
  severity: 'HIGH',
  title: 'AppArmor profile set to unconfined',
  docs: {
    description:
      'Setting the AppArmor profile to Unconfined (or an annotation other than runtime/default or localhost/*) removes the mandatory access control that blocks many escapes.',
    remediation: 'Use `appArmorProfile: { type: RuntimeDefault }` or a Localhost profile.',
    references: ['https://kubernetes.io/docs/concepts/security/pod-security-standards/'],
  },
  check: fromPss('appArmorProfile'),
  examples: { good: [HARDENED], bad: [pod('', 'securityContext:\n  appArmorProfile: { type: Unconfined }')] },
});
