// ref: pod-security-admission policy/check_procMount_baseline.go — baseline.
// containers[*].securityContext.procMount: undefined or "Default". From v1.35 any value is allowed
// when the pod runs in a user namespace (`hostUsers: false`).
import type { FieldPath, PodLike, PssCheck, PssViolation } from '../types.js';
import {
  containerName,
  inUserNamespace,
  joinQuote,
  plural,
  sortedUnique,
  str,
  visitContainers,
} from '../visit.js';

/** Unconditional form; also the restricted check procMount_restricted from v1.35. */
export function procMountDefaultOnly(checkId: string) {
  return (pod: PodLike): PssViolation | null => {
    const bad: string[] = [];
    const types: string[] = [];
    const paths: FieldPath[] = [];
    visitContainers(pod, (c, path) => {
      const pm = c.securityContext?.procMount;
      if (pm === undefined || pm === null) return;
      if (pm !== 'Default') {
        bad.push(containerName(c));
        types.push(str(pm));
        paths.push([...path, 'securityContext', 'procMount']);
      }
    });
    if (!bad.length) return null;
    return {
      checkId,
      reason: 'procMount',
      detail: `${plural('container', 'containers', bad.length)} ${joinQuote(bad)} must not set securityContext.procMount to ${joinQuote(sortedUnique(types))}`,
      paths,
    };
  };
}

const unconditional = procMountDefaultOnly('procMount');

export const check: PssCheck = {
  id: 'procMount',
  level: 'baseline',
  versions: [
    { minimumMinor: 0, checkPod: unconditional },
    { minimumMinor: 35, checkPod: (pod) => (inUserNamespace(pod) ? null : unconditional(pod)) },
  ],
};
