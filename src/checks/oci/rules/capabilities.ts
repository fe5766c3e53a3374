import { defineRule, type RuleHit } from '../../rule.js';
import { BASELINE_CAPABILITIES } from '../../kubernetes/pss/checks/capabilities_baseline.js';
import { arr, CAP_SETS, obj, type OciContext } from '../context.js';
import { runtimeConfig } from '../example.js';

export const rule = defineRule<OciContext>({
  id: 'oci:capabilities',
  family: 'oci',
  refs: ['k8s:capabilities-added', 'KSV-0022', 'KSV-0005', 'CKV_K8S_25'],
  severity: 'HIGH',
  title: 'Capabilities beyond the default set',
  docs: {
    description:
      'Capabilities outside the container default set (CAP_SYS_ADMIN, CAP_NET_ADMIN, CAP_SYS_PTRACE, CAP_SYS_MODULE …) give the process kernel powers that enable escapes.',
    remediation: 'Remove them from process.capabilities (bounding, effective, permitted, ambient).',
  },
  check: ({ config }) => {
    const caps = obj(obj(config.process).capabilities);
    const hits: RuleHit[] = [];
    for (const set of CAP_SETS) {
      const bad = arr(caps[set])
        .map((c) => String(c).replace(/^CAP_/, ''))
        .filter((c) => !BASELINE_CAPABILITIES.has(c));
      if (bad.length)
        hits.push({
          message: `process.capabilities.${set} includes ${bad.map((c) => `CAP_${c}`).join(', ')}`,
          path: ['process', 'capabilities', set],
        });
    }
    return hits;
  },
  examples: {
    good: [runtimeConfig()],
    bad: [runtimeConfig((c) => c.process.capabilities.bounding.push('CAP_SYS_ADMIN'))],
  },
});
