import { defineRule } from '../../rule.js';
import { obj, type OciContext } from '../context.js';
import { runtimeConfig } from '../example.js';

export const rule = defineRule<OciContext>({
  id: 'oci:no-new-privileges',
  family: 'oci',
  refs: ['k8s:allow-privilege-escalation', 'KSV-0001', 'CKV_K8S_20'],
  severity: 'MEDIUM',
  title: 'noNewPrivileges not set',
  docs: {
    description:
      'Without process.noNewPrivileges, setuid binaries and file capabilities can raise privileges.',
    remediation: 'Set `"noNewPrivileges": true` in process.',
  },
  check: ({ config }) =>
    obj(config.process).noNewPrivileges === true
      ? []
      : [{ message: 'process.noNewPrivileges is not true', path: ['process'] }],
  examples: { good: [runtimeConfig()], bad: [runtimeConfig((c) => (c.process.noNewPrivileges = false))] },
});
