import { defineRule } from '../../rule.js';
import { arr, obj, type OciContext } from '../context.js';
import { runtimeConfig } from '../example.js';

export const rule = defineRule<OciContext>({
  id: 'oci:privileged',
  family: 'oci',
  refs: ['k8s:privileged', 'KSV-0017', 'CKV_K8S_16'],
  severity: 'CRITICAL',
  title: 'Privileged bundle',
  docs: {
    description:
      'The runtime spec has no privileged flag; engines implement `--privileged` by granting CAP_SYS_ADMIN-level capabilities and clearing masked and read-only paths. A bundle with CAP_SYS_ADMIN in its bounding set and no maskedPaths is privileged in effect.',
    remediation:
      'Drop CAP_SYS_ADMIN and restore linux.maskedPaths and linux.readonlyPaths (as `runc spec` generates them).',
  },
  check: ({ config }) => {
    const bounding = arr(obj(obj(config.process).capabilities).bounding).map(String);
    const linux = obj(config.linux);
    if (bounding.includes('CAP_SYS_ADMIN') && arr(linux.maskedPaths).length === 0) {
      return [
        {
          message: 'CAP_SYS_ADMIN with no masked paths: the container is privileged in effect',
          path: ['process', 'capabilities', 'bounding'],
        },
      ];
    }
    return [];
  },
  examples: {
    good: [runtimeConfig()],
    bad: [
      runtimeConfig((c) => {
        c.process.capabilities.bounding.push('CAP_SYS_ADMIN');
        c.linux.maskedPaths = [];
        c.linux.readonlyPaths = [];
      }),
    ],
  },
});
