// ref: pod-security-admission policy/check_allowPrivilegeEscalation.go — restricted, v1.8+.
// Every container must set securityContext.allowPrivilegeEscalation=false. From v1.25 pods with
// spec.os.name=windows are exempt.
import type { FieldPath, PodLike, PssCheck, PssViolation } from '../types.js';
import { containerName, isWindowsPod, joinQuote, plural, visitContainers } from '../visit.js';

function allowPrivilegeEscalation(pod: PodLike): PssViolation | null {
  const bad: string[] = [];
  const paths: FieldPath[] = [];
  visitContainers(pod, (c, path) => {
    if (c.securityContext?.allowPrivilegeEscalation !== false) {
      bad.push(containerName(c));
      paths.push(
        c.securityContext?.allowPrivilegeEscalation === undefined
          ? path
          : [...path, 'securityContext', 'allowPrivilegeEscalation'],
      );
    }
  });
  if (!bad.length) return null;
  return {
    checkId: 'allowPrivilegeEscalation',
    reason: 'allowPrivilegeEscalation != false',
    detail: `${plural('container', 'containers', bad.length)} ${joinQuote(bad)} must set securityContext.allowPrivilegeEscalation=false`,
    paths,
  };
}

export const check: PssCheck = {
  id: 'allowPrivilegeEscalation',
  level: 'restricted',
  versions: [
    { minimumMinor: 8, checkPod: allowPrivilegeEscalation },
    { minimumMinor: 25, checkPod: (pod) => (isWindowsPod(pod) ? null : allowPrivilegeEscalation(pod)) },
  ],
};
