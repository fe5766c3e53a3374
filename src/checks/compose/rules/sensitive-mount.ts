import { defineRule } from '../../rule.js';
import { isRuntimeSocket, sensitiveHostPath } from '../../kubernetes/host-paths.js';
import { bindMounts, type ComposeContext } from '../context.js';
import { HARDENED_COMPOSE, service } from '../example.js';

export const rule = defineRule<ComposeContext>({
  id: 'compose:sensitive-mount',
  family: 'compose',
  refs: ['k8s:docker-socket', 'k8s:sensitive-host-path', 'KSV-0006', 'CKV_K8S_27', 'kubesec:DockerSock'],
  severity: 'CRITICAL',
  title: 'Runtime socket or sensitive host directory mounted',
  docs: {
    description:
      'Mounting docker.sock gives full control of the host; mounting /, /proc, /sys, /etc and similar exposes host credentials and kernel interfaces.',
    remediation: 'Remove the bind mount; mount only application directories, read-only where possible.',
  },
  check: (ctx) =>
    bindMounts(ctx).flatMap((m) => {
      if (!m.source.startsWith('/')) return [];
      if (isRuntimeSocket(m.source))
        return [
          {
            message: `service ${ctx.name} mounts the runtime socket ${m.source}`,
            path: [...ctx.path, 'volumes', m.index],
          },
        ];
      const s = sensitiveHostPath(m.source);
      return s
        ? [
            {
              message: `service ${ctx.name} mounts host path ${m.source}${m.readOnly ? ' (read-only)' : ''}`,
              path: [...ctx.path, 'volumes', m.index],
            },
          ]
        : [];
    }),
  examples: {
    good: [HARDENED_COMPOSE],
    bad: [
      service('volumes:\n  - /var/run/docker.sock:/var/run/docker.sock'),
      service('volumes:\n  - type: bind\n    source: /etc\n    target: /host-etc'),
    ],
  },
});
