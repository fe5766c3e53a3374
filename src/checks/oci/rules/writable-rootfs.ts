import { defineRule } from '../../rule.js';
import { obj, type OciContext } from '../context.js';
import { runtimeConfig } from '../example.js';

export const rule = defineRule<OciContext>({
  id: 'oci:writable-rootfs',
  family: 'oci',
  refs: ['k8s:read-only-root-filesystem', 'KSV-0014', 'CKV_K8S_22'],
  severity: 'LOW',
  title: 'Root filesystem is writable',
  docs: {
    description:
      'A writable root filesystem lets an attacker modify binaries and persist inside the container.',
    remediation: 'Set `"root": { "readonly": true }` and mount tmpfs where the process writes.',
  },
  check: ({ config }) =>
    obj(config.root).readonly === true ? [] : [{ message: 'root.readonly is not true', path: ['root'] }],
  examples: { good: [runtimeConfig()], bad: [runtimeConfig((c) => (c.root.readonly = false))] },
});
