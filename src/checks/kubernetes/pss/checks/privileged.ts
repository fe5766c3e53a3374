// ref: pod-security-admission policy/check_privileged.go — baseline, v1.0+.
// containers[*].securityContext.privileged must be undefined or false.
import type { FieldPath, PodLike, PssCheck, PssViolation } from '../types.js';
import { containerName, joinQuote, plural, visitContainers } from '../visit.js';

function privileged(pod: PodLike): PssViolation | null {
  const bad: string[] = [];
  const paths: FieldPath[] = [];
  visitContainers(pod, (c, path) => {
    if (c.securityContext?.privileged === true) {
      bad.push(containerName(c));
      paths.push([...path, 'securityContext', 'privileged']);
    }
  });
  if (!bad.length) return null;
  return {
    checkId: 'privileged',
    reason: 'privileged',
    detail: `${plural('container', 'containers', bad.length)} ${joinQuote(bad)} must not set securityContext.privileged=true`,
    paths,
  };
}

export const check: PssCheck = {
  id: 'privileged',
  level: 'baseline',
  versions: [{ minimumMinor: 0, checkPod: privileged }],
};
