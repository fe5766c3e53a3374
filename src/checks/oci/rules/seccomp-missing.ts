import { defineRule } from '../../rule.js';
import { obj, type OciContext } from '../context.js';
import { runtimeConfig } from '../example.js';

export const rule = defineRule<OciContext>({
  id: 'oci:seccomp-missing',
  family: 'oci',
  refs: ['k8s:seccomp-not-set', 'KSV-0104', 'KSV-0030'],
  severity: 'HIGH',
  title: 'No seccomp filter',
  docs: {
    description:
      'Without linux.seccomp the process can call every system call, including the rarely used ones most kernel exploits need.',
    remediation:
      'Add a linux.seccomp section, e.g. Docker’s default profile converted with `bulwark seccomp`.',
  },
  check: ({ config }) => {
    const s = obj(config.linux).seccomp;
    if (s === undefined || s === null) return [{ message: 'linux.seccomp is not set', path: ['linux'] }];
    if (obj(s).defaultAction === 'SCMP_ACT_ALLOW' && !Array.isArray(obj(s).syscalls)) {
      return [
        { message: 'linux.seccomp allows every system call', path: ['linux', 'seccomp', 'defaultAction'] },
      ];
    }
    return [];
  },
  examples: { good: [runtimeConfig()], bad: [runtimeConfig((c) => delete c.linux.seccomp)] },
});
