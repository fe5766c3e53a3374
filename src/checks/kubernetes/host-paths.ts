// Host paths whose exposure gives control of the node or its container runtime.
import type { K8sContext } from './context.js';
import { at, podSpec } from './context.js';
import type { FieldPath } from './pss/types.js';
import { isObject } from './pss/visit.js';

export const RUNTIME_SOCKETS = [
  '/var/run/docker.sock',
  '/run/docker.sock',
  '/var/run/containerd/containerd.sock',
  '/run/containerd/containerd.sock',
  '/var/run/crio/crio.sock',
  '/run/crio/crio.sock',
  '/var/run/cri-dockerd.sock',
  '/run/podman/podman.sock',
];

/** Host directories that give node control when mounted (a mount of a parent counts too). */
export const SENSITIVE_HOST_PATHS = [
  '/',
  '/proc',
  '/sys',
  '/dev',
  '/boot',
  '/etc',
  '/root',
  '/var/run',
  '/run',
  '/var/lib/kubelet',
  '/var/lib/docker',
  '/var/lib/containerd',
  '/etc/kubernetes',
  '/var/log',
  '/lib/modules',
  '/usr',
  '/bin',
  '/sbin',
];

export function normalizeHostPath(p: string): string {
  const parts: string[] = [];
  for (const seg of p.split('/')) {
    if (!seg || seg === '.') continue;
    if (seg === '..') parts.pop();
    else parts.push(seg);
  }
  return `/${parts.join('/')}`;
}

export function isRuntimeSocket(p: string): boolean {
  const n = normalizeHostPath(p);
  return RUNTIME_SOCKETS.includes(n) || RUNTIME_SOCKETS.some((s) => s.startsWith(n === '/' ? '/' : `${n}/`));
}

/** The sensitive path that `p` is or contains, or null. */
export function sensitiveHostPath(p: string): string | null {
  const n = normalizeHostPath(p);
  for (const s of SENSITIVE_HOST_PATHS) {
    if (n === s || n.startsWith(`${s}/`)) return s;
  }
  return null;
}

export interface HostPathVolume {
  name: string;
  hostPath: string;
  path: FieldPath;
}

export function hostPathVolumes(ctx: K8sContext): HostPathVolume[] {
  const vols = Array.isArray(podSpec(ctx).volumes) ? (podSpec(ctx).volumes as unknown[]) : [];
  const out: HostPathVolume[] = [];
  vols.forEach((v, i) => {
    if (isObject(v) && isObject(v.hostPath) && typeof v.hostPath.path === 'string') {
      out.push({
        name: String(v.name ?? ''),
        hostPath: v.hostPath.path,
        path: at(ctx, ['spec', 'volumes', i, 'hostPath', 'path']),
      });
    }
  });
  return out;
}
