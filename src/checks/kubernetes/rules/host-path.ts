import { defineRule } from '../../rule.js';
import { fromPss, type K8sContext } from '../context.js';
import { HARDENED, pod } from '../examples.js';

export const rule = defineRule<K8sContext>({
  id: 'k8s:host-path',
  family: 'k8s',
  refs: ['pss:hostPathVolumes', 'KSV-0023', 'polaris:hostPathSet'],
  severity: 'MEDIUM',
  title: 'hostPath volume',
  docs: {
    description:
      'A hostPath volume exposes a node directory to the pod; writable host paths are a common container escape.',
    remediation: 'Use emptyDir, configMap, secret, projected or a PersistentVolumeClaim instead of hostPath.',
    references: ['https://kubernetes.io/docs/concepts/storage/volumes/#hostpath'],
  },
  check: fromPss('hostPathVolumes'),
  examples: { good: [HARDENED], bad: [pod('volumes:\n  - name: data\n    hostPath: { path: /srv/data }')] },
});
