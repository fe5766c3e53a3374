import { defineRule } from '../../rule.js';
import { fromPss, type K8sContext } from '../context.js';
import { HARDENED, pod } from '../examples.js';

export const rule = defineRule<K8sContext>({
  id: 'k8s:restricted-volumes',
  family: 'k8s',
  refs: ['pss:restrictedVolumes', 'KSV-0028'],
  severity: 'LOW',
  title: 'Volume type outside the restricted set',
  docs: {
    description:
      'The restricted profile allows only configMap, csi, downwardAPI, emptyDir, ephemeral, image, persistentVolumeClaim, projected and secret volumes; other inline types bypass storage policy.',
    remediation:
      'Use a PersistentVolumeClaim (with a StorageClass) instead of inline nfs, hostPath, iscsi and similar volumes.',
    references: ['https://kubernetes.io/docs/concepts/security/pod-security-standards/'],
  },
  check: fromPss('restrictedVolumes'),
  examples: {
    good: [HARDENED],
    bad: [pod('volumes:\n  - name: share\n    nfs: { server: nfs.example.com, path: /export }')],
  },
});
