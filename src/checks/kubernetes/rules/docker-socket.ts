import { defineRule } from '../../rule.js';
import type { K8sContext } from '../context.js';
import { HARDENED, pod } from '../examples.js';
import { hostPathVolumes, isRuntimeSocket } from '../host-paths.js';

export const rule = defineRule<K8sContext>({
  id: 'k8s:docker-socket',
  family: 'k8s',
  refs: ['KSV-0006', 'CKV_K8S_27', 'kubesec:DockerSock'],
  severity: 'CRITICAL',
  title: 'Container runtime socket mounted',
  docs: {
    description:
      'Access to docker.sock, containerd.sock or crio.sock lets the pod start privileged containers on the node: it is root on the node.',
    remediation:
      'Do not mount runtime sockets; use the Kubernetes API or a dedicated build service (e.g. rootless BuildKit).',
  },
  check: (ctx) =>
    hostPathVolumes(ctx)
      .filter((v) => isRuntimeSocket(v.hostPath))
      .map((v) => ({
        message: `volume "${v.name}" mounts the container runtime socket ${v.hostPath}`,
        path: v.path,
      })),
  examples: {
    good: [HARDENED, pod('volumes:\n  - name: data\n    hostPath: { path: /srv/data }')],
    bad: [pod('volumes:\n  - name: sock\n    hostPath: { path: /var/run/docker.sock, type: Socket }')],
  },
});
