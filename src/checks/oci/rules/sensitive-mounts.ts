import { defineRule, type RuleHit } from '../../rule.js';
import { isRuntimeSocket, sensitiveHostPath } from '../../kubernetes/host-paths.js';
import { arr, obj, type OciContext } from '../context.js';
import { runtimeConfig } from '../example.js';

export const rule = defineRule<OciContext>({
  id: 'oci:sensitive-mounts',
  family: 'oci',
  refs: ['k8s:docker-socket', 'k8s:sensitive-host-path', 'KSV-0006', 'KSV-0121', 'CKV_K8S_27'],
  severity: 'CRITICAL',
  title: 'Runtime socket or sensitive host path bind-mounted',
  docs: {
    description:
      'A bind mount of the runtime socket, /, /proc, /sys, /etc, /var/lib/kubelet and similar exposes the host to the container (writable ones most of all).',
    remediation: 'Remove the bind mount, or mount a narrow application directory read-only.',
  },
  check: ({ config }) =>
    arr(config.mounts).flatMap((m, i): RuleHit[] => {
      const mount = obj(m);
      const options = arr(mount.options).map(String);
      const isBind = mount.type === 'bind' || options.includes('bind') || options.includes('rbind');
      if (!isBind || typeof mount.source !== 'string') return [];
      const ro = options.includes('ro');
      if (isRuntimeSocket(mount.source))
        return [{ message: `bind mount of the runtime socket ${mount.source}`, path: ['mounts', i] }];
      const s = sensitiveHostPath(mount.source);
      return s
        ? [
            {
              message: `bind mount of host path ${mount.source} at ${String(mount.destination)}${ro ? ' (read-only)' : ' (writable)'}`,
              path: ['mounts', i],
            },
          ]
        : [];
    }),
  examples: {
    good: [
      runtimeConfig((c) =>
        c.mounts.push({
          destination: '/data',
          type: 'bind',
          source: '/srv/app-data',
          options: ['rbind', 'ro'],
        }),
      ),
    ],
    bad: [
      runtimeConfig((c) =>
        c.mounts.push({
          destination: '/var/run/docker.sock',
          type: 'bind',
          source: '/var/run/docker.sock',
          options: ['rbind'],
        }),
      ),
    ],
  },
});
