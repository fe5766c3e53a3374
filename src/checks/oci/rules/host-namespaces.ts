import { defineRule, type RuleHit } from '../../rule.js';
import { arr, obj, type OciContext } from '../context.js';
import { runtimeConfig } from '../example.js';

const REQUIRED = ['pid', 'network', 'ipc', 'uts', 'mount'];

export const rule = defineRule<OciContext>({
  id: 'oci:host-namespaces',
  family: 'oci',
  refs: ['k8s:host-network', 'k8s:host-pid', 'k8s:host-ipc', 'KSV-0008', 'KSV-0009', 'KSV-0010'],
  severity: 'HIGH',
  title: 'Host namespace shared',
  docs: {
    description:
      'A namespace type missing from linux.namespaces is shared with the runtime (the host); one joined by a path under /proc/1/ is the host’s too.',
    remediation:
      'List pid, network, ipc, uts and mount in linux.namespaces without a path (or with the path of a sandbox namespace).',
  },
  check: ({ config }) => {
    const ns = arr(obj(config.linux).namespaces).map(obj);
    const hits: RuleHit[] = REQUIRED.filter((t) => !ns.some((n) => n.type === t)).map((t) => ({
      message: `linux.namespaces has no ${t} namespace: it is shared with the host`,
      path: ['linux', 'namespaces'],
    }));
    ns.forEach((n, i) => {
      if (typeof n.path === 'string' && /^\/proc\/1\/ns\//.test(n.path)) {
        hits.push({
          message: `${String(n.type)} namespace joins the host’s (${n.path})`,
          path: ['linux', 'namespaces', i],
        });
      }
    });
    return hits;
  },
  examples: {
    good: [runtimeConfig()],
    bad: [
      runtimeConfig(
        (c) =>
          (c.linux.namespaces = c.linux.namespaces.filter((n: { type: string }) => n.type !== 'network')),
      ),
    ],
  },
});
