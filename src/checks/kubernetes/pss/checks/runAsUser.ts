// ref: pod-security-admission policy/check_runAsUser.go — restricted, v1.23+.
// No pod or container may set runAsUser=0. From v1.35 a pod with `hostUsers: false` is allowed.
import type { FieldPath, PodLike, PssCheck, PssViolation } from '../types.js';
import { containerName, inUserNamespace, joinQuote, plural, visitContainers, specOf } from '../visit.js';

function runAsUser(pod: PodLike): PssViolation | null {
  const setters: string[] = [];
  const paths: FieldPath[] = [];
  if (specOf(pod)?.securityContext?.runAsUser === 0) {
    setters.push('pod');
    paths.push(['spec', 'securityContext', 'runAsUser']);
  }
  const bad: string[] = [];
  visitContainers(pod, (c, path) => {
    if (c.securityContext?.runAsUser === 0) {
      bad.push(containerName(c));
      paths.push([...path, 'securityContext', 'runAsUser']);
    }
  });
  if (bad.length) setters.push(`${plural('container', 'containers', bad.length)} ${joinQuote(bad)}`);
  if (!setters.length) return null;
  return {
    checkId: 'runAsUser',
    reason: 'runAsUser=0',
    detail: `${setters.join(' and ')} must not set runAsUser=0`,
    paths,
  };
}

export const check: PssCheck = {
  id: 'runAsUser',
  level: 'restricted',
  versions: [
    { minimumMinor: 23, checkPod: runAsUser },
    { minimumMinor: 35, checkPod: (pod) => (inUserNamespace(pod) ? null : runAsUser(pod)) },
  ],
};
