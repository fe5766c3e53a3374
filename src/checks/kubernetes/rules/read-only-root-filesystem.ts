import { defineRule } from '../../rule.js';
import { containers, label, securityContext, type K8sContext } from '../context.js';
import { HARDENED, pod } from '../examples.js';

export const rule = defineRule<K8sContext>({
  id: 'k8s:read-only-root-filesystem',
  family: 'k8s',
  refs: [
    'KSV-0014',
    'CKV_K8S_22',
    'kubesec:ReadOnlyRootFilesystem',
    'polaris:notReadOnlyRootFilesystem',
    'kube-score:container-security-context-readonlyrootfilesystem',
  ],
  severity: 'MEDIUM',
  title: 'Root filesystem is writable',
  docs: {
    description:
      'A writable root filesystem lets an attacker drop tools and persist changes inside the container.',
    remediation:
      'Set `securityContext.readOnlyRootFilesystem: true` and mount an emptyDir where the application must write.',
  },
  check: (ctx) =>
    containers(ctx)
      .filter((ref) => securityContext(ref.container).readOnlyRootFilesystem !== true)
      .map((ref) => ({ message: `${label(ref)} does not set readOnlyRootFilesystem: true`, path: ref.path })),
  examples: {
    good: [HARDENED],
    bad: [pod(''), pod('', 'securityContext:\n  readOnlyRootFilesystem: false')],
  },
});
