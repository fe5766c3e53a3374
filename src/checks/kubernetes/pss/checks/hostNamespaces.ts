// ref: pod-security-admission policy/check_hostNamespaces.go — baseline, v1.0+.
// spec.hostNetwork, spec.hostPID and spec.hostIPC must be undefined or false.
import type { FieldPath, PodLike, PssCheck, PssViolation } from '../types.js';
import { specOf } from '../visit.js';

const FIELDS = ['hostNetwork', 'hostPID', 'hostIPC'] as const;

function hostNamespaces(pod: PodLike): PssViolation | null {
  const spec = specOf(pod);
  if (!spec) return null;
  const set: string[] = [];
  const paths: FieldPath[] = [];
  for (const f of FIELDS) {
    if (spec[f] === true) {
      set.push(`${f}=true`);
      paths.push(['spec', f]);
    }
  }
  if (!set.length) return null;
  return { checkId: 'hostNamespaces', reason: 'host namespaces', detail: set.join(', '), paths };
}

export const check: PssCheck = {
  id: 'hostNamespaces',
  level: 'baseline',
  versions: [{ minimumMinor: 0, checkPod: hostNamespaces }],
};
