import { defineRule } from '../../rule.js';
import type { K8sContext } from '../context.js';
import { HARDENED, pod } from '../examples.js';
import { hostPathVolumes, normalizeHostPath, RUNTIME_SOCKETS, sensitiveHostPath } from '../host-paths.js';

export const rule = defineRule<K8sContext>({
  id: 'k8s:sensitive-host-path',
  family: 'k8s',
  refs: ['KSV-0121', 'kubesec:ProcMount'],
  severity: 'HIGH',
  title: 'Sensitive host directory mounted',
  docs: {
    description:
      'Mounting /, /proc, /sys, /etc, /var/lib/kubelet and similar host directories exposes node credentials, kernel interfaces or the runtime state.',
    remediation:
      'Mount a narrow, dedicated directory read-only, or use a CSI driver or projected volume instead.',
  },
  check: (ctx) =>
    hostPathVolumes(ctx).flatMap((v) => {
      if (RUNTIME_SOCKETS.includes(normalizeHostPath(v.hostPath))) return []; // k8s:docker-socket
      const s = sensitiveHostPath(v.hostPath);
      return s
        ? [{ message: `volume "${v.name}" mounts host path ${v.hostPath} (under ${s})`, path: v.path }]
        : [];
    }),
  examples: {
    good: [HARDENED, pod('volumes:\n  - name: data\n    hostPath: { path: /srv/data }')],
    bad: [
      pod('volumes:\n  - name: proc\n    hostPath: { path: /proc }'),
      pod('volumes:\n  - name: root\n    hostPath: { path: / }'),
    ],
  },
});
