// ref: pod-security-admission policy/check_appArmorProfile.go — baseline, v1.0+.
// Field appArmorProfile.type (pod, every container): RuntimeDefault, Localhost or undefined.
// Annotation container.apparmor.security.beta.kubernetes.io/*: runtime/default, localhost/*, or empty.
// A present appArmorProfile with no type counts as the empty type, which is not allowed.
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

const ANNOTATION_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';

function allowedType(t: unknown): boolean {
  return t === 'RuntimeDefault' || t === 'Localhost';
}

function allowedAnnotation(v: string): boolean {
  return v === '' || v === 'runtime/default' || v.startsWith('localhost/');
}

function appArmorProfile(pod: PodLike): PssViolation | null {
  const setters: string[] = [];
  const values: string[] = [];
  const paths: FieldPath[] = [];
  const podProfile = specOf(pod)?.securityContext?.appArmorProfile;
  if (isObject(podProfile) && !allowedType(podProfile.type)) {
    setters.push('pod');
    values.push(str(podProfile.type));
    paths.push(['spec', 'securityContext', 'appArmorProfile', 'type']);
  }
  const bad: string[] = [];
  visitContainers(pod, (c, path) => {
    const p = c.securityContext?.appArmorProfile;
    if (isObject(p) && !allowedType(p.type)) {
      bad.push(containerName(c));
      values.push(str(p.type));
      paths.push([...path, 'securityContext', 'appArmorProfile', 'type']);
    }
  });
  if (bad.length) setters.push(`${plural('container', 'containers', bad.length)} ${joinQuote(bad)}`);
  const annotations: string[] = [];
  const ann = pod.metadata?.annotations;
  if (isObject(ann)) {
    for (const [k, v] of Object.entries(ann)) {
      if (k.startsWith(ANNOTATION_PREFIX) && !allowedAnnotation(str(v))) {
        annotations.push(`${k}=${JSON.stringify(str(v))}`);
        paths.push(['metadata', 'annotations', k]);
      }
    }
  }
  const badValues = sortedUnique(values);
  if (annotations.length) {
    badValues.push(...annotations.sort());
    setters.push(plural('annotation', 'annotations', annotations.length));
  }
  if (!setters.length) return null;
  return {
    checkId: 'appArmorProfile',
    reason: plural('forbidden AppArmor profile', 'forbidden AppArmor profiles', badValues.length),
    detail: `${setters.join(' and ')} must not set AppArmor profile type to ${joinQuote(badValues)}`,
    paths,
  };
}

export const check: PssCheck = {
  id: 'appArmorProfile',
  level: 'baseline',
  versions: [{ minimumMinor: 0, checkPod: appArmorProfile }],
};
