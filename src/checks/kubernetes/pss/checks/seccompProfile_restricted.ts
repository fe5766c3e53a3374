// ref: pod-security-admission policy/check_seccompProfile_restricted.go — restricted, v1.19+,
// overrides seccompProfile_baseline. seccompProfile.type must be RuntimeDefault or Localhost on the
// pod, or on every container that does not inherit it. From v1.25 windows pods are exempt.
import type { FieldPath, PodLike, PssCheck, PssViolation } from '../types.js';
import {
  containerName,
  isObject,
  isWindowsPod,
  joinQuote,
  plural,
  sortedUnique,
  str,
  visitContainers,
  specOf,
} from '../visit.js';
import { validSeccompType } from './seccompProfile_baseline.js';

function seccompRestricted(pod: PodLike): PssViolation | null {
  const setters: string[] = [];
  const values: string[] = [];
  const paths: FieldPath[] = [];
  let podSet = false;
  const podProfile = specOf(pod)?.securityContext?.seccompProfile;
  if (isObject(podProfile)) {
    if (!validSeccompType(podProfile.type)) {
      setters.push('pod');
      values.push(str(podProfile.type));
      paths.push(['spec', 'securityContext', 'seccompProfile', 'type']);
    } else podSet = true;
  }
  const explicit: string[] = [];
  const implicit: string[] = [];
  const implicitPaths: FieldPath[] = [];
  visitContainers(pod, (c, path) => {
    const p = c.securityContext?.seccompProfile;
    if (isObject(p)) {
      if (!validSeccompType(p.type)) {
        explicit.push(containerName(c));
        values.push(str(p.type));
        paths.push([...path, 'securityContext', 'seccompProfile', 'type']);
      }
    } else if (!podSet) {
      implicit.push(containerName(c));
      implicitPaths.push(path);
    }
  });
  if (explicit.length)
    setters.push(`${plural('container', 'containers', explicit.length)} ${joinQuote(explicit)}`);
  if (setters.length) {
    return {
      checkId: 'seccompProfile_restricted',
      reason: 'seccompProfile',
      detail: `${setters.join(' and ')} must not set securityContext.seccompProfile.type to ${joinQuote(sortedUnique(values))}`,
      paths,
    };
  }
  if (implicit.length) {
    return {
      checkId: 'seccompProfile_restricted',
      reason: 'seccompProfile',
      detail: `pod or ${plural('container', 'containers', implicit.length)} ${joinQuote(implicit)} must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"`,
      paths: implicitPaths,
    };
  }
  return null;
}

export const check: PssCheck = {
  id: 'seccompProfile_restricted',
  level: 'restricted',
  versions: [
    { minimumMinor: 19, checkPod: seccompRestricted, overrides: ['seccompProfile_baseline'] },
    {
      minimumMinor: 25,
      checkPod: (pod) => (isWindowsPod(pod) ? null : seccompRestricted(pod)),
      overrides: ['seccompProfile_baseline'],
    },
  ],
};
