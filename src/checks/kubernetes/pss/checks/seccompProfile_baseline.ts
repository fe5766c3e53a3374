// ref: pod-security-admission policy/check_seccompProfile_baseline.go — baseline.
// v1.0–v1.18: the alpha annotations seccomp.security.alpha.kubernetes.io/pod and
// container.seccomp.security.alpha.kubernetes.io/<name> may be runtime/default, docker/default or
// localhost/*. v1.19+: seccompProfile.type, when set, must be RuntimeDefault or Localhost.
import type { FieldPath, PodLike, PssCheck, PssViolation } from '../types.js';
import {
  containerName,
  isObject,
  joinQuote,
  plural,
  sortedUnique,
  str,
  visitContainers,
  specOf,
} from '../visit.js';

const POD_ANNOTATION = 'seccomp.security.alpha.kubernetes.io/pod';
const CONTAINER_ANNOTATION_PREFIX = 'container.seccomp.security.alpha.kubernetes.io/';

export function validSeccompType(t: unknown): boolean {
  return t === 'RuntimeDefault' || t === 'Localhost';
}

function validAnnotation(v: string): boolean {
  return v === 'runtime/default' || v === 'docker/default' || v.startsWith('localhost/');
}

function annotations(pod: PodLike): PssViolation | null {
  const ann = pod.metadata?.annotations;
  if (!isObject(ann)) return null;
  const forbidden = new Set<string>();
  const paths: FieldPath[] = [];
  const test = (key: string): void => {
    if (!Object.prototype.hasOwnProperty.call(ann, key)) return;
    const v = str(ann[key]);
    if (!validAnnotation(v)) {
      forbidden.add(`${key}=${JSON.stringify(v)}`);
      paths.push(['metadata', 'annotations', key]);
    }
  };
  test(POD_ANNOTATION);
  visitContainers(pod, (c) => test(CONTAINER_ANNOTATION_PREFIX + containerName(c)));
  if (!forbidden.size) return null;
  return {
    checkId: 'seccompProfile_baseline',
    reason: 'seccompProfile',
    detail: `forbidden ${plural('annotation', 'annotations', forbidden.size)} ${sortedUnique(forbidden).join(', ')}`,
    paths,
  };
}

function fields(pod: PodLike): PssViolation | null {
  const setters: string[] = [];
  const values: string[] = [];
  const paths: FieldPath[] = [];
  const podProfile = specOf(pod)?.securityContext?.seccompProfile;
  if (isObject(podProfile) && !validSeccompType(podProfile.type)) {
    setters.push('pod');
    values.push(str(podProfile.type));
    paths.push(['spec', 'securityContext', 'seccompProfile', 'type']);
  }
  const bad: string[] = [];
  visitContainers(pod, (c, path) => {
    const p = c.securityContext?.seccompProfile;
    if (isObject(p) && !validSeccompType(p.type)) {
      bad.push(containerName(c));
      values.push(str(p.type));
      paths.push([...path, 'securityContext', 'seccompProfile', 'type']);
    }
  });
  if (bad.length) setters.push(`${plural('container', 'containers', bad.length)} ${joinQuote(bad)}`);
  if (!setters.length) return null;
  return {
    checkId: 'seccompProfile_baseline',
    reason: 'seccompProfile',
    detail: `${setters.join(' and ')} must not set securityContext.seccompProfile.type to ${joinQuote(sortedUnique(values))}`,
    paths,
  };
}

export const check: PssCheck = {
  id: 'seccompProfile_baseline',
  level: 'baseline',
  versions: [
    { minimumMinor: 0, checkPod: annotations },
    { minimumMinor: 19, checkPod: fields },
  ],
};
