// ref: pod-security-admission policy/check_runAsNonRoot.go — restricted.
// runAsNonRoot must be true on the pod, or on every container that does not inherit it; no level
// may set it to false. From v1.35 a pod with `hostUsers: false` is allowed whatever it sets.
import type { FieldPath, PodLike, PssCheck, PssViolation } from '../types.js';
import { containerName, inUserNamespace, joinQuote, plural, visitContainers, specOf } from '../visit.js';

function runAsNonRoot(pod: PodLike): PssViolation | null {
  const setters: string[] = [];
  const paths: FieldPath[] = [];
  let podNonRoot = false;
  const podValue = specOf(pod)?.securityContext?.runAsNonRoot;
  if (podValue !== undefined && podValue !== null) {
    if (podValue !== true) {
      setters.push('pod');
      paths.push(['spec', 'securityContext', 'runAsNonRoot']);
    } else podNonRoot = true;
  }
  const explicit: string[] = [];
  const implicit: string[] = [];
  const implicitPaths: FieldPath[] = [];
  visitContainers(pod, (c, path) => {
    const v = c.securityContext?.runAsNonRoot;
    if (v !== undefined && v !== null) {
      if (v !== true) {
        explicit.push(containerName(c));
        paths.push([...path, 'securityContext', 'runAsNonRoot']);
      }
    } else if (!podNonRoot) {
      implicit.push(containerName(c));
      implicitPaths.push(path);
    }
  });
  if (explicit.length)
    setters.push(`${plural('container', 'containers', explicit.length)} ${joinQuote(explicit)}`);
  if (setters.length) {
    return {
      checkId: 'runAsNonRoot',
      reason: 'runAsNonRoot != true',
      detail: `${setters.join(' and ')} must not set securityContext.runAsNonRoot=false`,
      paths,
    };
  }
  if (implicit.length) {
    return {
      checkId: 'runAsNonRoot',
      reason: 'runAsNonRoot != true',
      detail: `pod or ${plural('container', 'containers', implicit.length)} ${joinQuote(implicit)} must set securityContext.runAsNonRoot=true`,
      paths: implicitPaths,
    };
  }
  return null;
}

export const check: PssCheck = {
  id: 'runAsNonRoot',
  level: 'restricted',
  versions: [
    { minimumMinor: 0, checkPod: runAsNonRoot },
    { minimumMinor: 35, checkPod: (pod) => (inUserNamespace(pod) ? null : runAsNonRoot(pod)) },
  ],
};
