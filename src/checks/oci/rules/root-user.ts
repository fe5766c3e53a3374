import { defineRule } from '../../rule.js';
import { obj, type OciContext } from '../context.js';
import { runtimeConfig } from '../example.js';

export const rule = defineRule<OciContext>({
  id: 'oci:root-user',
  family: 'oci',
  refs: ['k8s:run-as-root-uid', 'KSV-0105', 'KSV-0012'],
  severity: 'MEDIUM',
  title: 'Process runs as root',
  docs: {
    description:
      'process.user.uid 0 runs the container process as root; without a user namespace that is root on the host.',
    remediation: 'Set process.user.uid and gid to a non-zero ID, or map them with a user namespace.',
  },
  check: ({ config }) => {
    const user = obj(obj(config.process).user);
    const userns =
      Array.isArray(obj(config.linux).namespaces) &&
      (obj(config.linux).namespaces as unknown[]).some((n) => obj(n).type === 'user');
    return (user.uid ?? 0) === 0 && !userns
      ? [
          {
            message: 'process.user.uid is 0 (root) and there is no user namespace',
            path: ['process', 'user'],
          },
        ]
      : [];
  },
  examples: { good: [runtimeConfig()], bad: [runtimeConfig((c) => (c.process.user = { uid: 0, gid: 0 }))] },
});
